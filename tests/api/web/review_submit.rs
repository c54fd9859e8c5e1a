//! Asking for a waiver and submitting from the checklist page: a waiver needs a future
//! expiry, submitting is version-checked and a decided review takes no more answers, and
//! cross-site posts are refused.

use super::html::*;
use super::review::{ITEMS, item_text, items, keys_with, seed};
use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use reqwest::{StatusCode, header};
use serde_json::json;

dual_test!(
    waiver_requests_need_a_future_expiry,
    submit_moves_the_review_to_in_review,
    cross_site_answer_posts_are_refused
);

async fn waiver_requests_need_a_future_expiry(app: TestApp) {
    let review = seed(&app).await;
    let key = keys_with(&items(&app, &review).await, "BLOCKER")[0].clone();
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    assert!(item_text(&html, &key).contains("Request a waiver"));
    let yesterday = (Utc::now() - Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let path = format!("/reviews/{review}/waivers");
    let res = post(
        &app,
        &path,
        &[
            ("item_key", key.as_str()),
            ("reason", "vendor fix due next sprint"),
            ("control", "manual failover drill weekly"),
            ("expires", yesterday.as_str()),
            ("filter", "blockers"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let error = text(&by_id(&html, &format!("{key}-w-expires-error")).expect("expiry error"));
    assert!(error.contains("must be in the future"), "{error}");
    assert!(
        by_id(&html, &format!("{key}-w-reason"))
            .unwrap()
            .contains("vendor fix due next sprint")
    );
    assert_eq!(
        attr(&html, &format!("{key}-w-expires"), "value").as_deref(),
        Some(yesterday.as_str())
    );

    let later = (Utc::now() + Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let res = post(
        &app,
        &path,
        &[
            ("item_key", key.as_str()),
            ("reason", "vendor fix due next sprint"),
            ("control", "manual failover drill weekly"),
            ("expires", later.as_str()),
            ("filter", "blockers"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/reviews/{review}?filter=blockers&saved=waiver#item-{key}")
    );
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    let shown = item_text(&html, &key);
    assert!(
        shown.contains("Waiver: Awaiting approval")
            && shown.contains("requested by carol")
            && shown.contains(&later),
        "{shown}"
    );
    assert!(
        !shown.contains("Request a waiver"),
        "one pending request at a time"
    );
}

async fn submit_moves_the_review_to_in_review(app: TestApp) {
    let review = seed(&app).await;
    let version = app.ok(ITEMS, json!({"id": review})).await["review"]["version"].clone();
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    assert!(html.contains(&format!("action=\"/reviews/{review}/submit\"")));
    let path = format!("/reviews/{review}/submit");
    let stale = post(
        &app,
        &path,
        &[("expected_version", "999"), ("confirm_unanswered", "yes")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let notice = text(&by_id(&stale.text().await.unwrap(), "review-notice").unwrap());
    assert!(
        notice.contains("was not submitted") && notice.contains("version"),
        "{notice}"
    );

    let res = post(
        &app,
        &path,
        &[
            ("expected_version", &version.to_string()),
            ("confirm_unanswered", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/reviews/{review}?saved=submitted")
    );
    let state = app.ok(ITEMS, json!({"id": review})).await["review"]["state"].clone();
    assert_eq!(state, "IN_REVIEW");
    let (_, html) = get(&app, &format!("/reviews/{review}?saved=submitted")).await;
    assert!(text(&html).contains("Review submitted"));
    assert!(text(&html).contains("In review"));
    assert!(!html.contains(&format!("action=\"/reviews/{review}/submit\"")));

    // Once the meeting rejects it, answers cannot change: the page says so on top.
    let data = app.ok(ITEMS, json!({"id": review})).await;
    app.ok(
        "mutation($r: ID!, $v: Int!) { decideReview(reviewId: $r, decision: REJECTED, notes: \"not ready\", expectedVersion: $v) { state } }",
        json!({"r": review, "v": data["review"]["version"]}),
    )
    .await;
    let key = data["review"]["items"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = post(
        &app,
        &format!("/reviews/{review}/items/{key}"),
        &[("outcome", "pass"), ("expected_version", "0")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    let notice = text(&by_id(&html, "review-notice").unwrap());
    assert!(
        notice.contains("Your answer was not saved") && notice.contains("rejected"),
        "{notice}"
    );
    assert!(
        !html.contains("data-answer-form"),
        "no answer forms on a decided review"
    );
}

async fn cross_site_answer_posts_are_refused(app: TestApp) {
    let review = seed(&app).await;
    let key = items(&app, &review).await[0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [
        format!("/reviews/{review}/items/{key}"),
        format!("/reviews/{review}/submit"),
        format!("/reviews/{review}/verify"),
    ] {
        let res = client()
            .post(format!("{}{path}", app.base))
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example")
            .form(&[("outcome", "pass"), ("expected_version", "0")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let data = app.ok(ITEMS, json!({"id": review})).await;
    assert_eq!(data["review"]["items"][0]["outcome"], "UNANSWERED");
    assert_eq!(data["review"]["state"], "DRAFT");
}
