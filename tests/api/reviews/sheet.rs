//! One review read model: the GraphQL `Review.items` and the checklist page derive every
//! item's waived, stale and open state from the same sheet, so they agree item by item on a
//! review with waivers, stale automated evidence, not-applicable and failing items.

use crate::dual_test;
use crate::helpers::TestApp;
use crate::web::html::{attr, by_id, get};
use chrono::{Duration, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

dual_test!(graphql_and_the_checklist_page_agree_on_every_item);

const ITEMS: &str = "query($id: ID!) { review(id: $id) {
    items { key outcome state waived stale open waiver { id } } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $n: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, expectedVersion: 0) { id } }";
const REQUEST: &str =
    "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id version } }";
const APPROVE: &str =
    "mutation($id: ID!, $v: Int!) { approveWaiver(id: $id, expectedVersion: $v) { id } }";

async fn answer(app: &TestApp, review: &str, key: &str, outcome: &str, note: Option<&str>) {
    app.ok_as(
        "alice",
        ANSWER,
        json!({"r": review, "k": key, "o": outcome, "n": note}),
    )
    .await;
}

/// What the page shows of one item: (waived, stale, open).
fn page_state(html: &str, key: &str) -> (bool, bool, bool) {
    let id = format!("item-{key}");
    let block = by_id(html, &id).unwrap_or_else(|| panic!("item {key} shown"));
    let open = attr(html, &id, "data-open").expect("data-open on the item");
    (
        block.contains("outcome--waived"),
        block.contains("outcome--stale"),
        open == "true",
    )
}

async fn graphql_and_the_checklist_page_agree_on_every_item(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    // Failing, then waived by someone other than the requester.
    answer(&app, &review, "ownership.design_doc", "FAIL", None).await;
    let input = json!({"reviewId": review, "itemKey": "ownership.design_doc",
        "reason": "design doc in progress", "compensatingControl": "weekly review",
        "expiresAt": (Utc::now() + Duration::days(20)).to_rfc3339()});
    let w = app.ok_as("alice", REQUEST, json!({"i": input})).await;
    let w = &w["requestWaiver"];
    app.ok_as("bob", APPROVE, json!({"id": w["id"], "v": w["version"]}))
        .await;
    // Failing without a waiver; not applicable with a reason; passing.
    answer(&app, &review, "ownership.readme", "FAIL", None).await;
    answer(
        &app,
        &review,
        "ownership.catalog_entry",
        "NOT_APPLICABLE",
        Some("no catalog"),
    )
    .await;
    answer(&app, &review, "ownership.owner", "PASS", None).await;
    // Automated evidence 60 days old on an item fresh for 30: stale.
    answer(&app, &review, "ownership.security_contact", "PASS", None).await;
    let old = (Utc::now() - Duration::days(60)).to_rfc3339();
    let conn = app.services.db.conn();
    let sql = format!(
        "UPDATE item_responses SET source = 'automated', responded_at = '{old}' \
         WHERE item_key = 'ownership.security_contact'"
    );
    conn.execute_unprepared(&sql).await.unwrap();

    let data = app.ok(ITEMS, json!({"id": review})).await;
    let items = data["review"]["items"].as_array().unwrap();
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    for item in items {
        let key = item["key"].as_str().unwrap();
        let api = (
            item["waived"] == true,
            item["stale"] == true,
            item["open"] == true,
        );
        assert_eq!(api, page_state(&html, key), "item {key}: {item}");
    }
    let by_key = |k: &str| -> &Value { items.iter().find(|i| i["key"] == k).unwrap() };
    let design = by_key("ownership.design_doc");
    assert_eq!(
        (&design["state"], &design["waived"]),
        (&json!("WAIVED"), &json!(true))
    );
    assert!(design["waiver"]["id"].is_string());
    assert_eq!(by_key("ownership.security_contact")["state"], "STALE");
    assert_eq!(by_key("ownership.security_contact")["open"], true);
    assert_eq!(by_key("ownership.readme")["open"], true);
    assert_eq!(by_key("ownership.catalog_entry")["state"], "NOT_APPLICABLE");
    assert_eq!(by_key("ownership.catalog_entry")["open"], false);
    assert_eq!(by_key("ownership.owner")["state"], "PASS");
    // Every kind of state is present, so the comparison above covered each of them.
    for state in [
        "WAIVED",
        "STALE",
        "NOT_APPLICABLE",
        "PASS",
        "FAIL",
        "UNANSWERED",
    ] {
        assert!(items.iter().any(|i| i["state"] == state), "no {state} item");
    }
}
