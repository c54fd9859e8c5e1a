//! Starting a new review from the service page once the last one is decided.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::{StatusCode, header};
use serde_json::json;

dual_test!(a_decided_review_can_be_followed_by_a_new_one);

async fn a_decided_review_can_be_followed_by_a_new_one(app: TestApp) {
    app.seed_team("payments").await;
    let first = app.seed_service("ledger", "payments", "TIER4").await;

    // While the first review is open, the page offers no new one.
    let (_, html) = get(&app, "/services/ledger").await;
    assert!(
        !html.contains("action=\"/services/ledger/reviews\""),
        "{html}"
    );

    let submit = "mutation($r: ID!) { submitReview(reviewId: $r, expectedVersion: 1) { version } }";
    let v = app.ok(submit, json!({"r": first})).await["submitReview"]["version"].clone();
    let decide = "mutation($r: ID!, $v: Int!) { decideReview(reviewId: $r, decision: REJECTED, notes: \"not yet\", expectedVersion: $v) { state } }";
    app.ok(decide, json!({"r": first, "v": v})).await;

    let (_, html) = get(&app, "/services/ledger").await;
    assert!(
        html.contains("action=\"/services/ledger/reviews\""),
        "{html}"
    );

    // A bad date is explained and starts nothing.
    let res = post(
        &app,
        "/services/ledger/reviews",
        &[("target_date", "31/03/2027")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("2027-03-31"));

    let res = post(
        &app,
        "/services/ledger/reviews",
        &[("target_date", "2027-03-31")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/reviews/") && location != format!("/reviews/{first}"),
        "{location}"
    );
    let second = location.trim_start_matches("/reviews/");
    let state = app
        .ok(
            "query($r: ID!) { review(id: $r) { state targetDate } }",
            json!({"r": second}),
        )
        .await;
    assert_eq!(state["review"]["state"], "DRAFT");
    assert_eq!(state["review"]["targetDate"], "2027-03-31");

    // The new review is open, so a second start is refused with the reason.
    let res = post(&app, "/services/ledger/reviews", &[("target_date", "")]).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    let (_, html) = get(&app, &location).await;
    assert!(html.contains("Readiness review"), "{html}");
}
