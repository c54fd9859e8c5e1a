//! The checklist page (`/reviews/{id}`) through plain HTTP, as a browser without
//! JavaScript uses it: items by category with filter counts, answering, errors next to the
//! field with the input kept, stale saves, and what the page costs in statements. The
//! helpers here seed and answer reviews for the other checklist-page tests.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

dual_test!(
    checklist_groups_items_and_counts_filters,
    answer_post_changes_outcome_and_score,
    not_applicable_without_reason_keeps_input,
    stale_save_names_who_changed_it_and_keeps_typing,
    page_statements_do_not_grow_with_answers
);

pub(super) const ITEMS: &str = "query($id: ID!) { review(id: $id) { version state
    items { key categoryKey categoryTitle severity outcome version } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, expectedVersion: $v) { version } }";

/// A tier3 service `checkout` (no repository) and its review id.
pub(crate) async fn seed(app: &TestApp) -> String {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER3").await
}

pub(crate) async fn items(app: &TestApp, review: &str) -> Vec<Value> {
    app.ok(ITEMS, json!({"id": review})).await["review"]["items"]
        .as_array()
        .unwrap()
        .clone()
}

pub(crate) async fn answer_as(app: &TestApp, actor: &str, review: &str, key: &str, outcome: &str) {
    app.ok_as(
        actor,
        ANSWER,
        json!({"r": review, "k": key, "o": outcome, "v": 0}),
    )
    .await;
}

pub(super) fn keys_with(items: &[Value], severity: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i["severity"] == severity)
        .map(|i| i["key"].as_str().unwrap().to_owned())
        .collect()
}

/// The visible text of one item's block.
pub(crate) fn item_text(html: &str, key: &str) -> String {
    text(&by_id(html, &format!("item-{key}")).unwrap_or_else(|| panic!("item {key} shown")))
}

fn summary_score(html: &str) -> f64 {
    let summary = by_id(html, "review-summary").expect("summary");
    text(&element_with(&summary, "data-role=\"score\"").unwrap())
        .parse()
        .unwrap()
}

async fn checklist_groups_items_and_counts_filters(app: TestApp) {
    let review = seed(&app).await;
    let all = items(&app, &review).await;
    let blockers = keys_with(&all, "BLOCKER");
    let majors = keys_with(&all, "MAJOR");
    answer_as(&app, "bob", &review, &blockers[0], "PASS").await;
    answer_as(&app, "bob", &review, &blockers[1], "FAIL").await;
    answer_as(&app, "bob", &review, &majors[0], "FAIL").await;

    let (status, html) = get(&app, "/services/checkout").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/reviews/{review}\"")));

    let (status, html) = get(&app, &format!("/reviews/{review}")).await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    assert!(page.contains("Readiness review: Svc"), "{page}");
    assert!(html.contains("href=\"/services/checkout\""));
    assert!(page.contains("Draft"));
    assert!(
        page.contains(&format!("3 of {} answered", all.len())),
        "{page}"
    );
    // Categories in template order, each with its heading.
    let heading =
        |item: &Value| format!("category-{}-title", item["categoryKey"].as_str().unwrap());
    let (first, last) = (&all[0], all.last().unwrap());
    assert!(pos(&html, &heading(first)) < pos(&html, &heading(last)));
    assert_eq!(
        text(&by_id(&html, &heading(last)).unwrap()),
        last["categoryTitle"]
    );
    // Filter tabs with counts: 2 failing, 1 open blocker (the failing one; the other passes).
    let tabs = text(&element_with(&html, "aria-label=\"Filter items\"").unwrap());
    let open_blockers = blockers.len() - 1;
    assert!(
        tabs.contains(&format!("All {}", all.len()))
            && tabs.contains(&format!("Unanswered {}", all.len() - 3))
            && tabs.contains("Failing 2")
            && tabs.contains(&format!("Open blockers {open_blockers}")),
        "{tabs}"
    );
    let fail = item_text(&html, &blockers[1]);
    assert!(fail.contains("Fail") && fail.contains("Blocker") && fail.contains("Answered by bob"));
    assert!(item_text(&html, &blockers[0]).contains("Pass"));
    assert!(html.contains("<p class=\"item__guidance\">"));

    let (_, failing) = get(&app, &format!("/reviews/{review}?filter=failing")).await;
    assert!(by_id(&failing, &format!("item-{}", blockers[1])).is_some());
    assert!(by_id(&failing, &format!("item-{}", majors[0])).is_some());
    assert!(by_id(&failing, &format!("item-{}", blockers[0])).is_none());
    assert_eq!(failing.matches("<article class=\"item ").count(), 2);
    assert!(failing.contains("name=\"filter\" value=\"failing\""));

    let (status, _) = get(&app, "/reviews/99999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "/reviews/abc").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn answer_post_changes_outcome_and_score(app: TestApp) {
    let review = seed(&app).await;
    let key = keys_with(&items(&app, &review).await, "BLOCKER")[0].clone();
    let (_, before) = get(&app, &format!("/reviews/{review}")).await;
    let score_before = summary_score(&before);
    let res = post(
        &app,
        &format!("/reviews/{review}/items/{key}"),
        &[
            ("outcome", "pass"),
            ("evidence", "https://wiki.example/owners"),
            ("note", ""),
            ("expected_version", "0"),
            ("filter", "unanswered"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/reviews/{review}?filter=unanswered&saved=answer#item-{key}")
    );
    let (_, after) = get(&app, &format!("/reviews/{review}?saved=answer")).await;
    assert!(text(&after).contains("Answer saved."));
    let shown = item_text(&after, &key);
    assert!(
        shown.contains("Pass") && shown.contains("Answered by carol"),
        "{shown}"
    );
    assert!(after.contains("href=\"https://wiki.example/owners\""));
    assert!(summary_score(&after) > score_before);
    let item = items(&app, &review).await;
    let saved = item.iter().find(|i| i["key"] == key.as_str()).unwrap();
    assert_eq!(saved["outcome"], "PASS");
    assert_eq!(saved["version"], 1);
}

async fn not_applicable_without_reason_keeps_input(app: TestApp) {
    let review = seed(&app).await;
    let key = items(&app, &review).await[0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = post(
        &app,
        &format!("/reviews/{review}/items/{key}"),
        &[
            ("outcome", "not_applicable"),
            ("evidence", "typed evidence"),
            ("note", "  "),
            ("expected_version", "0"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let error = text(&by_id(&html, &format!("{key}-note-error")).expect("note error"));
    assert!(error.contains("reason is required"), "{error}");
    assert_eq!(
        attr(&html, &format!("{key}-note"), "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attr(&html, &format!("{key}-evidence"), "value").as_deref(),
        Some("typed evidence")
    );
    assert!(html.contains(&format!("value=\"not_applicable\" id=\"{key}-na\" checked")));
    // A missing outcome is named next to the radio buttons.
    let res = post(
        &app,
        &format!("/reviews/{review}/items/{key}"),
        &[("note", "kept"), ("expected_version", "0")],
    )
    .await;
    let html = res.text().await.unwrap();
    assert!(text(&by_id(&html, &format!("{key}-outcome-error")).unwrap()).contains("choose"));
    assert!(
        by_id(&html, &format!("{key}-note"))
            .unwrap()
            .contains("kept")
    );
    let item = items(&app, &review).await;
    assert_eq!(item[0]["outcome"], "UNANSWERED", "nothing was saved");
}

async fn stale_save_names_who_changed_it_and_keeps_typing(app: TestApp) {
    let review = seed(&app).await;
    let key = items(&app, &review).await[1]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    // Carol opened the page while the item was unanswered; Bob answers first.
    answer_as(&app, "bob", &review, &key, "PASS").await;
    let path = format!("/reviews/{review}/items/{key}");
    let typed = [
        ("outcome", "fail"),
        ("evidence", "https://ci.example/run/9"),
        ("note", "my typed note"),
        ("expected_version", "0"),
        ("filter", "unanswered"),
    ];
    let res = post(&app, &path, &typed).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    let conflict = text(&by_id(&html, &format!("{key}-conflict")).expect("conflict box"));
    assert!(
        conflict.contains("bob changed this item on") && conflict.contains("It now says Pass"),
        "{conflict}"
    );
    assert!(conflict.contains("has not been saved"));
    let block = by_id(&html, &format!("item-{key}")).expect("item shown despite the filter");
    assert!(block.contains("my typed note"));
    assert!(block.contains("name=\"expected_version\" value=\"1\""));
    assert!(block.contains(&format!("value=\"fail\" id=\"{key}-fail\" checked")));
    assert_eq!(
        attr(&html, &format!("{key}-evidence"), "value").as_deref(),
        Some("https://ci.example/run/9")
    );
    // Saving again deliberately, with the new version, replaces Bob's answer.
    let mut again = typed;
    again[3] = ("expected_version", "1");
    assert_eq!(
        post(&app, &path, &again).await.status(),
        StatusCode::SEE_OTHER
    );
    let item = items(&app, &review).await;
    assert_eq!(item[1]["outcome"], "FAIL");
}

/// Answers, results and waivers are loaded in bulk: the page costs the same number of
/// statements with 0 and with 30 answered items.
async fn page_statements_do_not_grow_with_answers(app: TestApp) {
    let review = seed(&app).await;
    let all = items(&app, &review).await;
    let path = format!("/reviews/{review}");
    get(&app, &path).await; // warm the template cache
    let before = app.statements().await;
    get(&app, &path).await;
    let empty = app.statements().await - before;
    for item in all.iter().take(30) {
        answer_as(&app, "bob", &review, item["key"].as_str().unwrap(), "PASS").await;
    }
    let before = app.statements().await;
    let (_, html) = get(&app, &path).await;
    let full = app.statements().await - before;
    assert!(text(&html).contains(&format!("30 of {} answered", all.len())));
    assert_eq!(
        empty, full,
        "statements per page: {empty} empty, {full} answered"
    );
}
