//! `/my-work`: each person sees their own action items (overdue first), the sign-offs they
//! may give, the waivers and not-applicable answers waiting for someone else's decision, and
//! the reviews they work on; a visitor nobody knows is asked who they are.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

dual_test!(my_work_is_each_persons_own);

async fn get_as(app: &TestApp, login: &str, path: &str) -> String {
    let res = client()
        .get(format!("{}{path}", app.base))
        .header("cookie", format!("orrery_actor={login}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path} as {login}");
    res.text().await.unwrap()
}

async fn my_work_is_each_persons_own(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER2").await;
    app.seed_service("ledger", "payments", "TIER3").await;
    let answer = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!, $n: String) {
        respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, expectedVersion: $v) { version } }";
    app.ok_as("alice", answer, json!({"r": r, "k": "ownership.owner", "o": "NOT_APPLICABLE", "v": 0, "n": "the platform team owns it"}))
        .await;
    let expires = (Utc::now() + Duration::days(20)).to_rfc3339();
    app.ok_as(
        "alice",
        "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }",
        json!({"i": {"reviewId": r, "itemKey": "observability.slos", "reason": "SLOs land next sprint", "compensatingControl": "paging on errors", "expiresAt": expires}}),
    )
    .await;
    let today = Utc::now().date_naive();
    let add =
        "mutation($r: ID!, $i: ActionItemInput!) { addActionItem(reviewId: $r, input: $i) { id } }";
    for (title, owner, days) in [
        ("Write the runbook", "alice", 10),
        ("Add the SLO dashboard", "alice", -3),
        ("Rotate the keys", "bob", 2),
    ] {
        let due = (today + Duration::days(days)).to_string();
        app.ok(
            add,
            json!({"r": r, "i": {"title": title, "owner": owner, "dueDate": due}}),
        )
        .await;
    }
    let v = app
        .ok(
            "query($r: ID!) { review(id: $r) { version } }",
            json!({"r": r}),
        )
        .await["review"]["version"]
        .clone();
    app.ok(
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }",
        json!({"r": r, "v": v}),
    )
    .await;

    // Alice: her two action items, the overdue one first; her own waiver request and N/A
    // claim are not hers to decide; the review she answered is hers.
    let html = get_as(&app, "alice", "/my-work").await;
    let actions = section(&html, "actions-title");
    assert!(
        pos(&actions, "Add the SLO dashboard") < pos(&actions, "Write the runbook"),
        "{actions}"
    );
    assert!(
        actions.contains("3 days overdue") && actions.contains("due in 10 days"),
        "{actions}"
    );
    assert!(!actions.contains("Rotate the keys"), "{actions}");
    let decide = section(&html, "decide-title");
    assert!(decide.contains("No waiver request"), "{decide}");
    // She owns the team (she created it): both its services' reviews are hers.
    let own = section(&html, "own-title");
    assert!(
        pos(&own, "In review") < pos(&own, "ledger") && own.contains("Draft, being filled in"),
        "{own}"
    );
    // Local mode: everyone may sign every role, so the review in review asks for them.
    let sign = section(&html, "sign-title");
    assert!(sign.contains("Sign as Service owner or SRE"), "{sign}");
    assert!(!sign.contains("service_owner"), "roles in words: {sign}");

    // Bob decides what alice asked for, and has his own action item.
    let html = get_as(&app, "bob", "/my-work").await;
    let decide = section(&html, "decide-title");
    assert!(
        decide.contains("Waiver:") && decide.contains("requested by alice"),
        "{decide}"
    );
    assert!(
        decide.contains("Not applicable:") && decide.contains("marked by alice"),
        "{decide}"
    );
    let actions = section(&html, "actions-title");
    assert!(
        actions.contains("Rotate the keys") && !actions.contains("runbook"),
        "{actions}"
    );
    assert!(section(&html, "own-title").contains("No open review"));

    // Nobody named: asked who they are, nothing listed.
    let (status, html) = get(&app, "/my-work").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("/me?return_to=/my-work"), "{html}");
    assert!(!html.contains("actions-title"));
}
