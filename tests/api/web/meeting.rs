//! The launch review meeting page through plain HTTP, as a browser without JavaScript uses
//! it: blockers first, waivers and sign-offs decided by form,
//! the decision with action items, refusals explained with the input kept.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

dual_test!(
    meeting_puts_blockers_first_and_decides_waivers_and_sign_offs,
    decision_form_records_action_items,
    changes_compare_with_the_previous_review
);

const ITEMS: &str = "query($r: ID!) { review(id: $r) { version items { key title severity } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!, $e: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: FAIL, evidence: $e, expectedVersion: 0) { version } }";
const WAIVE: &str = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id version } }";
const VERSION: &str =
    "query($r: ID!) { review(id: $r) { state version actionItems { id title done version } } }";

async fn review(app: &TestApp, r: &str) -> Value {
    app.ok(VERSION, json!({"r": r})).await["review"].clone()
}

async fn post_as(
    app: &TestApp,
    actor: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client()
        .post(format!("{}{path}", app.base))
        .header("x-orrery-actor", actor)
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap()
}

pub(crate) fn location(res: &reqwest::Response) -> String {
    res.headers()[header::LOCATION].to_str().unwrap().to_owned()
}

async fn waive(app: &TestApp, actor: &str, r: &str, key: &str) -> String {
    let input = json!({"reviewId": r, "itemKey": key, "reason": "Vendor fix lands in January",
        "compensatingControl": "Manual check every deploy",
        "expiresAt": (Utc::now() + Duration::days(30)).to_rfc3339()});
    app.ok_as(actor, WAIVE, json!({"i": input})).await["requestWaiver"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn meeting_puts_blockers_first_and_decides_waivers_and_sign_offs(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER3").await;
    let items = app.ok(ITEMS, json!({"r": r})).await["review"]["items"].clone();
    let items = items.as_array().unwrap();
    let of = |blocker: bool| {
        items
            .iter()
            .filter(move |i| (i["severity"] == "BLOCKER") == blocker)
            .map(|i| (i["key"].as_str().unwrap(), i["title"].as_str().unwrap()))
    };
    let minor: Vec<_> = of(false).take(4).collect();
    let blocker: Vec<_> = of(true).take(2).collect();
    let path = format!("/reviews/{r}/meeting");
    let (_, service) = get(&app, "/services/checkout").await;
    assert!(
        service.contains(&format!("href=\"{path}\"")),
        "the service page links here"
    );
    let (status, _) = get(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    let before = app.statements().await;
    get(&app, &path).await;
    let cost_small = app.statements().await - before;

    // A failing minor item is answered first, the blocker second: blockers still lead.
    app.ok(
        ANSWER,
        json!({"r": r, "k": minor[0].0, "e": "dashboards missing"}),
    )
    .await;
    app.ok(
        ANSWER,
        json!({"r": r, "k": blocker[0].0, "e": "https://ci.example/runs/7"}),
    )
    .await;
    let own = waive(&app, "carol", &r, minor[1].0).await;
    let theirs = waive(&app, "alice", &r, minor[2].0).await;

    let before = app.statements().await;
    let (status, html) = get(&app, &path).await;
    assert_eq!(
        app.statements().await - before,
        cost_small,
        "the page costs the same statements with more answers and waivers"
    );
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<body class=\"meeting\">"));
    assert!(text(&by_id(&html, "gate").unwrap()).contains("NO-GO"));
    assert!(text(&by_id(&html, "review-state").unwrap()).contains("Draft"));
    let agenda = section(&html, "agenda-title");
    assert!(
        pos(&agenda, blocker[0].1) < pos(&agenda, minor[0].1),
        "{agenda}"
    );
    assert!(pos(&agenda, "Blocker") < pos(&agenda, "Minor failing"));
    assert!(agenda.contains("https://ci.example/runs/7") && agenda.contains("alice on "));
    assert!(html.contains("href=\"https://ci.example/runs/7\""));
    let changes = section(&html, "changes-title");
    assert!(
        changes.contains("first review") && changes.contains("requested a waiver"),
        "{changes}"
    );
    let waivers = section(&html, "waivers-title");
    assert!(waivers.contains("Manual check every deploy") && waivers.contains("carol"));

    // carol may approve alice's waiver, not her own.
    let ok = post_as(
        &app,
        "carol",
        &format!("/reviews/{r}/waivers/{theirs}/approve"),
        &[("expected_version", "1")],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&ok),
        format!("{path}?done=waiver-approved#waivers-title")
    );
    let (_, html) = get(&app, &location(&ok)).await;
    assert!(text(&html).contains("Waiver approved."));
    assert!(!section(&html, "waivers-title").contains(minor[2].1));
    let refused = post_as(
        &app,
        "carol",
        &format!("/reviews/{r}/waivers/{own}/approve"),
        &[("expected_version", "1")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let html = refused.text().await.unwrap();
    assert_eq!(text(&by_id(&html, "problem-title").unwrap()), "Not allowed");
    assert!(
        text(&by_id(&html, "problem-message").unwrap())
            .contains("carol requested this waiver and cannot decide it")
    );
    assert!(
        section(&html, "waivers-title").contains(minor[1].1),
        "still waiting"
    );

    // Sign-offs need the review in review: submit it from the page.
    let signoffs = section(&html, "signoffs-title");
    assert!(signoffs.contains("Service owner") && signoffs.contains("1 missing"));
    assert!(!html.contains(&format!("action=\"/reviews/{r}/signoffs\"")));
    let v = review(&app, &r).await["version"].to_string();
    let submitted = post_as(
        &app,
        "carol",
        &format!("{path}/submit"),
        &[("expected_version", &v), ("confirm_unanswered", "yes")],
    )
    .await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let v = review(&app, &r).await["version"].to_string();
    let reject = [
        ("role", "service_owner"),
        ("decision", "reject"),
        ("comment", " "),
        ("expected_version", v.as_str()),
    ];
    let bad = post_as(&app, "dana", &format!("/reviews/{r}/signoffs"), &reject).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(
        text(&by_id(&html, "c-service_owner-error").unwrap()).contains("say why when rejecting")
    );
    let approve = [
        ("role", "service_owner"),
        ("decision", "approve"),
        ("comment", "Runbook reviewed"),
        ("expected_version", v.as_str()),
    ];
    let signed = post_as(&app, "dana", &format!("/reviews/{r}/signoffs"), &approve).await;
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&app, &location(&signed)).await;
    let signoffs = section(&html, "signoffs-title");
    assert!(
        signoffs.contains("Approved by dana") && signoffs.contains("Runbook reviewed"),
        "{signoffs}"
    );
    assert!(!signoffs.contains("missing"));
}

async fn decision_form_records_action_items(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("ledger", "payments", "TIER4").await;
    let submit = "mutation($r: ID!) { submitReview(reviewId: $r, expectedVersion: 1) { version } }";
    let v = app.ok(submit, json!({"r": r})).await["submitReview"]["version"].to_string();
    let path = format!("/reviews/{r}/decision");
    let mut form = vec![
        ("expected_version", v.as_str()),
        ("decision", "approved"),
        ("notes", "Go, with follow-ups"),
        ("title", "Load test at 2x peak"),
        ("owner", "dana"),
        ("due", "2027-02-15"),
        ("title", "Rotate keys"),
        ("owner", ""),
        ("due", ""),
        ("title", ""),
        ("owner", ""),
        ("due", ""),
    ];
    let bad = post_as(&app, "carol", &path, &form).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "d-owner-1-error").unwrap()).contains("must not be empty"));
    assert!(text(&by_id(&html, "d-due-1-error").unwrap()).contains("due date"));
    assert!(by_id(&html, "d-title-1-error").is_none() && by_id(&html, "d-owner-2-error").is_none());
    assert_eq!(
        attr(&html, "d-title-0", "value").as_deref(),
        Some("Load test at 2x peak")
    );
    assert_eq!(
        attr(&html, "d-title-1", "value").as_deref(),
        Some("Rotate keys")
    );
    assert_eq!(
        attr(&html, "d-owner-1", "aria-invalid").as_deref(),
        Some("true")
    );
    assert!(html.contains("value=\"approved\" checked"));
    assert!(text(&by_id(&html, "d-notes").unwrap()).contains("Go, with follow-ups"));
    assert!(text(&by_id(&html, "decision-summary-title").unwrap()).contains("2 problems"));
    assert_eq!(
        review(&app, &r).await["state"],
        "IN_REVIEW",
        "nothing recorded"
    );

    form[7] = ("owner", "erin");
    form[8] = ("due", "2027-03-01");
    // The gate is NO-GO: without an override reason the approval is refused, and the form
    // says so next to the reason field, keeping everything typed.
    let refused = post_as(&app, "carol", &path, &form).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let html = refused.text().await.unwrap();
    assert!(text(&by_id(&html, "gate-no-go-note").unwrap()).contains("NO-GO"));
    assert!(text(&by_id(&html, "d-override_reason-error").unwrap()).contains("reason"));
    assert!(text(&by_id(&html, "problem-message").unwrap()).contains("blocking reason"));
    assert!(text(&by_id(&html, "d-notes").unwrap()).contains("Go, with follow-ups"));
    assert_eq!(attr(&html, "d-owner-1", "value").as_deref(), Some("erin"));
    assert_eq!(review(&app, &r).await["state"], "IN_REVIEW");
    form.push((
        "override_reason",
        "Internal tool; the blockers are tracked as the follow-ups below.",
    ));
    let ok = post_as(&app, "carol", &path, &form).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&app, &location(&ok)).await;
    assert!(text(&html).contains("Decision recorded."));
    assert!(text(&by_id(&html, "decided").unwrap()).contains("Approved by carol"));
    let state = review(&app, &r).await;
    assert_eq!(state["state"], "APPROVED");
    let actions = state["actionItems"].as_array().unwrap().clone();
    assert_eq!(actions.len(), 2, "the empty row is ignored");
    let listed = section(&html, "actions-title");
    assert!(listed.contains("Rotate keys") && listed.contains("erin") && listed.contains("2 open"));

    // Tick one off; a second tick from a stale page explains who changed it.
    let aid = actions[0]["id"].as_str().unwrap();
    let toggle = format!("/reviews/{r}/action-items/{aid}");
    let done = post_as(
        &app,
        "dana",
        &toggle,
        &[("done", "true"), ("expected_version", "1")],
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&app, &location(&done)).await;
    assert!(html.contains("aria-pressed=\"true\""));
    assert!(section(&html, "actions-title").contains("1 open"));
    let stale = post_as(
        &app,
        "carol",
        &toggle,
        &[("done", "true"), ("expected_version", "1")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let html = stale.text().await.unwrap();
    assert!(text(&by_id(&html, "problem").unwrap()).contains("marked done by dana"));

    // The add form: a half-filled row is explained, a full one added.
    let add = format!("/reviews/{r}/action-items");
    let half = post_as(
        &app,
        "carol",
        &add,
        &[
            ("title", "Review error budget"),
            ("owner", "bob"),
            ("due", ""),
        ],
    )
    .await;
    assert_eq!(half.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = half.text().await.unwrap();
    assert!(by_id(&html, "a-due-error").is_some());
    assert_eq!(
        attr(&html, "a-title", "value").as_deref(),
        Some("Review error budget")
    );
    let full = post_as(
        &app,
        "carol",
        &add,
        &[
            ("title", "Review error budget"),
            ("owner", "bob"),
            ("due", "2027-04-01"),
        ],
    )
    .await;
    assert_eq!(full.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        review(&app, &r).await["actionItems"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

async fn changes_compare_with_the_previous_review(app: TestApp) {
    const SET: &str = "mutation($r: ID!, $k: String!, $o: Outcome!) {
        respondToItem(reviewId: $r, itemKey: $k, outcome: $o, expectedVersion: 0) { version } }";
    app.seed_team("payments").await;
    let first = app.seed_service("ledger", "payments", "TIER4").await;
    let items = app.ok(ITEMS, json!({"r": first})).await["review"]["items"].clone();
    let (a, b) = (&items[0], &items[1]);
    let (ka, kb) = (a["key"].as_str().unwrap(), b["key"].as_str().unwrap());
    app.ok(SET, json!({"r": first, "k": ka, "o": "PASS"})).await;
    app.ok(SET, json!({"r": first, "k": kb, "o": "FAIL"})).await;
    let v = review(&app, &first).await["version"].clone();
    let submit = "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { version } }";
    let v = app.ok(submit, json!({"r": first, "v": v})).await["submitReview"]["version"].clone();
    let decide = "mutation($r: ID!, $v: Int!) { decideReview(reviewId: $r, decision: APPROVED, expectedVersion: $v,
        override: {reason: \"Launch agreed in the meeting; the open items are tracked as follow-ups.\"}) { state } }";
    app.ok(decide, json!({"r": first, "v": v})).await;
    let start = "mutation { startReview(serviceSlug: \"ledger\") { id } }";
    let second = app.ok(start, json!({})).await["startReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The first review's answers were carried over (version 1): changing them reconfirms.
    const RESET: &str = "mutation($r: ID!, $k: String!, $o: Outcome!) {
        respondToItem(reviewId: $r, itemKey: $k, outcome: $o, expectedVersion: 1) { version } }";
    app.ok(RESET, json!({"r": second, "k": ka, "o": "FAIL"}))
        .await;
    app.ok(RESET, json!({"r": second, "k": kb, "o": "PASS"}))
        .await;

    let (status, html) = get(&app, &format!("/reviews/{second}/meeting")).await;
    assert_eq!(status, StatusCode::OK);
    let changes = section(&html, "changes-title");
    assert!(
        changes.contains(&format!("Compared with review #{first} (approved)")),
        "{changes}"
    );
    let title = |i: &Value| i["title"].as_str().unwrap().to_owned();
    assert!(
        changes.contains(&format!("Now failing {}", title(a))),
        "{changes}"
    );
    assert!(
        changes.contains(&format!("Now passing {}", title(b))),
        "{changes}"
    );
    assert!(!changes.contains("New item"));
}
