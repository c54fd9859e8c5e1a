//! The one-click answer: the page script posts the ordinary answer form asking for JSON and
//! gets back what it needs to update the page in place — the item's row and the summary as
//! the page renders them, the item's version, the tab counts and the category's progress.
//! Submitting with unanswered items asks for confirmation first, without JavaScript too.

use super::html::*;
use super::review::{ITEMS, items, seed};
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

dual_test!(
    a_one_click_answer_returns_the_row_and_summary,
    a_refused_one_click_answer_returns_the_row_with_the_problem,
    submitting_with_unanswered_items_asks_first
);

async fn post_json(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = client()
        .post(format!("{}{path}", app.base))
        .header("x-orrery-actor", "carol")
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "application/json")
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let ct = res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ct.starts_with("application/json"), "{ct}");
    (status, res.json().await.unwrap())
}

async fn a_one_click_answer_returns_the_row_and_summary(app: TestApp) {
    let review = seed(&app).await;
    let all = items(&app, &review).await;
    let key = all[0]["key"].as_str().unwrap().to_owned();
    let category = all[0]["categoryKey"].as_str().unwrap().to_owned();
    let path = format!("/reviews/{review}/items/{key}");
    let (status, reply) = post_json(
        &app,
        &path,
        &[
            ("outcome", "pass"),
            ("expected_version", "0"),
            ("filter", "all"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["saved"], true);
    assert_eq!(reply["key"], key.as_str());
    assert_eq!(reply["version"], 1);
    assert_eq!(reply["outcome"], "pass");
    assert_eq!(reply["answered"], 1);
    assert_eq!(reply["total"], all.len());
    assert_eq!(reply["tabs"]["unanswered"], all.len() - 1);
    assert_eq!(reply["category"]["key"], category.as_str());
    assert_eq!(reply["category"]["answered"], 1);
    assert_ne!(reply["next_unanswered"], key.as_str());
    // The row is the page's own markup: the new outcome, who answered, the next version.
    let row = reply["row"].as_str().unwrap();
    assert!(row.contains(&format!("id=\"item-{key}\"")), "{row}");
    assert!(row.contains("item--pass"), "{row}");
    assert!(text(row).contains("Answered by carol"), "{row}");
    assert!(
        row.contains("name=\"expected_version\" value=\"1\""),
        "{row}"
    );
    let summary = reply["summary"].as_str().unwrap();
    assert!(summary.contains("id=\"review-summary\""), "{summary}");
    assert!(
        text(summary).contains(&format!("1 of {} answered", all.len())),
        "{summary}"
    );
    // Stored, as a second answer from the reply's version shows.
    let stored = app.ok(ITEMS, json!({"id": review})).await;
    assert_eq!(stored["review"]["items"][0]["outcome"], "PASS");
    let (status, again) = post_json(
        &app,
        &path,
        &[("outcome", "fail"), ("expected_version", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["version"], 2);
}

async fn a_refused_one_click_answer_returns_the_row_with_the_problem(app: TestApp) {
    let review = seed(&app).await;
    let key = items(&app, &review).await[0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/reviews/{review}/items/{key}");
    let (status, reply) = post_json(
        &app,
        &path,
        &[("outcome", "not_applicable"), ("expected_version", "0")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{reply}");
    assert_eq!(reply["saved"], false);
    assert!(
        reply["message"].as_str().unwrap().contains("reason"),
        "{reply}"
    );
    let row = reply["row"].as_str().unwrap();
    assert!(row.contains(&format!("id=\"{key}-note-error\"")), "{row}");
    assert!(row.contains("data-role=\"more\" open"), "{row}");
    let stored = app.ok(ITEMS, json!({"id": review})).await;
    assert_eq!(stored["review"]["items"][0]["outcome"], "UNANSWERED");
}

async fn submitting_with_unanswered_items_asks_first(app: TestApp) {
    let review = seed(&app).await;
    let total = items(&app, &review).await.len();
    let version = app.ok(ITEMS, json!({"id": review})).await["review"]["version"].to_string();
    let confirm = format!("/reviews/{review}?confirm=submit#submit-confirm");
    // From the checklist and from the meeting page: not submitted, asked instead.
    for path in [
        format!("/reviews/{review}/submit"),
        format!("/reviews/{review}/meeting/submit"),
    ] {
        let res = post(&app, &path, &[("expected_version", &version)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.headers()[header::LOCATION], confirm.as_str(), "{path}");
    }
    let state = app.ok(ITEMS, json!({"id": review})).await["review"]["state"].clone();
    assert_eq!(state, "DRAFT");
    let (_, html) = get(&app, &format!("/reviews/{review}?confirm=submit")).await;
    let ask = text(&by_id(&html, "submit-confirm").expect("the question"));
    assert!(
        ask.contains(&format!("{total} of {total} items are not answered yet")),
        "{ask}"
    );
    let form = by_id(&html, "submit-confirm").unwrap();
    assert!(
        form.contains("name=\"confirm_unanswered\" value=\"yes\""),
        "{form}"
    );
    // Confirmed, it goes through.
    let res = post(
        &app,
        &format!("/reviews/{review}/submit"),
        &[
            ("expected_version", &version),
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
}
