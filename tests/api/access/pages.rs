//! Pages offer only the actions the viewer may take, and say why the others are missing.

use super::{ROOT, behind_proxy, ok_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use chrono::{Duration, Utc};
use serde_json::json;

dual_backend_test!(pages_offer_only_what_the_viewer_may_do);

async fn page_for(app: &TestApp, login: &str, groups: &str, path: &str) -> String {
    let res = app
        .client
        .get(format!("{}{path}", app.base))
        .header("x-forwarded-user", login)
        .header("x-forwarded-groups", groups)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{login} {path}");
    res.text().await.unwrap()
}

async fn pages_offer_only_what_the_viewer_may_do(backend: Backend) {
    let app = behind_proxy(backend).await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { addTeamOwner(teamSlug: \"payments\", subject: \"group:payments-devs\") }",
        json!({}),
    )
    .await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"sre\", subject: \"sam\") { id } }",
        json!({}),
    )
    .await;
    let owner = ["payments-devs"];
    let data = ok_by(&app, "olivia", &owner, "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER2}) { currentReview { id } } }", json!({})).await;
    let r = data["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let expires = (Utc::now() + Duration::days(20)).to_rfc3339();
    ok_by(&app, "olivia", &owner, "mutation($r: ID!, $e: DateTime!) { requestWaiver(input: {reviewId: $r, itemKey: \"ownership.design_doc\", reason: \"Design doc is in review\", compensatingControl: \"Architecture review held\", expiresAt: $e}) { id } }", json!({"r": r, "e": expires})).await;

    // The owner answers; the SRE reads.
    let checklist = format!("/reviews/{r}");
    let owner_view = page_for(&app, "olivia", "payments-devs", &checklist).await;
    assert!(owner_view.contains("class=\"answer-form\""));
    assert!(!owner_view.contains("data-role=\"why-not\""));
    let sre_view = page_for(&app, "sam", "", &checklist).await;
    assert!(
        !sre_view.contains("class=\"answer-form\""),
        "no answer forms for a reader"
    );
    assert!(!sre_view.contains(&format!("action=\"/reviews/{r}/waivers\"")));
    assert!(sre_view.contains("You can read this checklist but not change it: only owners of team `payments` (or an admin) may change this service or answer its checklist."));
    let service = page_for(&app, "sam", "", "/services/checkout").await;
    assert!(!service.contains("/services/checkout/edit\">Edit service"));
    assert!(
        page_for(&app, "olivia", "payments-devs", "/services/checkout")
            .await
            .contains("Edit service")
    );

    // A blocker marked not applicable: its answerer is told why they cannot accept it; a
    // reviewer gets the forms.
    ok_by(&app, "olivia", &owner, "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: NOT_APPLICABLE, note: \"Internal batch job\", expectedVersion: 0) { version } }", json!({"r": r})).await;
    let own_claim = page_for(&app, "olivia", "payments-devs", &checklist).await;
    assert!(
        own_claim
            .contains("the person who marked an item not applicable cannot accept or reject it")
    );
    assert!(!own_claim.contains("data-role=\"na-accept\""));
    assert!(
        page_for(&app, "sam", "", &checklist)
            .await
            .contains("data-role=\"na-accept\"")
    );

    // Submitted: the owner cannot decide or approve their own waiver; the SRE can, and
    // signs only the role they hold.
    let v = ok_by(
        &app,
        ROOT,
        &[],
        "query($r: ID!) { review(id: $r) { version } }",
        json!({"r": r}),
    )
    .await["review"]["version"]
        .clone();
    ok_by(
        &app,
        "olivia",
        &owner,
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }",
        json!({"r": r, "v": v}),
    )
    .await;
    let meeting = format!("/reviews/{r}/meeting");
    let owner_meeting = page_for(&app, "olivia", "payments-devs", &meeting).await;
    assert!(
        owner_meeting
            .contains("You requested this waiver, so someone else must approve or reject it")
    );
    assert!(owner_meeting.contains("You cannot decide this review: a review is decided by someone holding a sign-off role other than Service owner"));
    assert!(owner_meeting.contains("only the SRE role may sign as SRE"));
    assert!(
        owner_meeting.contains("name=\"role\" value=\"service_owner\""),
        "the owner signs as service_owner"
    );
    let sre_meeting = page_for(&app, "sam", "", &meeting).await;
    assert!(
        sre_meeting.contains("/approve\""),
        "the SRE may decide the waiver"
    );
    assert!(sre_meeting.contains("name=\"role\" value=\"sre\""));
    assert!(!sre_meeting.contains("name=\"role\" value=\"service_owner\""));
    assert!(sre_meeting.contains(&format!("action=\"/reviews/{r}/decision\"")));
    assert!(!sre_meeting.contains("You cannot decide this review"));
}

dual_backend_test!(the_account_page_makes_and_revokes_tokens);

async fn the_account_page_makes_and_revokes_tokens(backend: Backend) {
    let app = behind_proxy(backend).await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"sre\", subject: \"group:sre\") { id } }",
        json!({}),
    )
    .await;
    let account = page_for(&app, "sam", "sre", "/account").await;
    assert!(account.contains("<dd data-role=\"login\">sam</dd>"));
    assert!(
        account.contains("<dd>sre</dd>"),
        "roles through groups are shown"
    );
    // Outside local mode, "Who are you?" leads here.
    let me = app
        .client
        .get(format!("{}/me", app.base))
        .header("x-forwarded-user", "sam")
        .send()
        .await
        .unwrap();
    assert_eq!(me.url().path(), "/account");

    let post = |path: String, form: Vec<(&'static str, String)>| {
        app.client
            .post(format!("{}{path}", app.base))
            .header("x-forwarded-user", "sam")
            .header("origin", app.base.clone())
            .form(&form)
            .send()
    };
    let in_a_month = (Utc::now() + Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let made = post(
        "/account/tokens".into(),
        vec![
            ("name", "nightly report".into()),
            ("scope", "READ".into()),
            ("expires", in_a_month),
        ],
    )
    .await
    .unwrap();
    assert_eq!(made.status(), 200);
    assert_eq!(made.headers()["cache-control"], "no-store");
    let html = made.text().await.unwrap();
    let secret = html
        .split("data-role=\"secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("orr_"), "{secret}");
    let me = app
        .client
        .post(format!("{}/graphql", app.base))
        .bearer_auth(&secret)
        .json(&json!({"query": "{ me { login } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    let too_late = (Utc::now() + Duration::days(500))
        .format("%Y-%m-%d")
        .to_string();
    let refused = post(
        "/account/tokens".into(),
        vec![
            ("name", "forever".into()),
            ("scope", "WRITE".into()),
            ("expires", too_late),
        ],
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("at most a year ahead")
    );

    let id = ok_by(&app, "sam", &[], "{ apiTokens { id } }", json!({})).await["apiTokens"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoked = post(format!("/account/tokens/{id}/revoke"), vec![])
        .await
        .unwrap();
    assert!(
        revoked
            .url()
            .query()
            .unwrap_or_default()
            .contains("revoked=1")
    );
    let gone = app
        .client
        .post(format!("{}/graphql", app.base))
        .bearer_auth(&secret)
        .json(&json!({"query": "{ me { login } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 401);
}
