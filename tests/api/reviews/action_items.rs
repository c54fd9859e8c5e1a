//! Action items over GraphQL: adding, ticking off with versions, and recording them with the
//! decision in one transaction.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::{Value, json};

dual_test!(
    action_items_are_added_and_ticked_off,
    decide_review_records_action_items_atomically
);

const ADD: &str = "mutation($r: ID!, $i: ActionItemInput!) {
    addActionItem(reviewId: $r, input: $i) { id title owner dueDate done doneBy createdBy version } }";
const SET: &str = "mutation($id: ID!, $d: Boolean!, $v: Int!) {
    setActionItemDone(id: $id, done: $d, expectedVersion: $v) { done doneBy doneAt version } }";
const ITEMS: &str = "query($r: ID!) { review(id: $r) { state version actionItems { title owner dueDate done createdBy } } }";
const DECIDE: &str = "mutation($r: ID!, $d: ReviewDecision!, $v: Int!, $a: [ActionItemInput!]) {
    decideReview(reviewId: $r, decision: $d, expectedVersion: $v, actionItems: $a,
        override: {reason: \"Launch agreed in the meeting; the open items are tracked as follow-ups.\"}) {
        state decision actionItems { title owner dueDate done } } }";

async fn items(app: &TestApp, review: &str) -> Value {
    app.ok(ITEMS, json!({"r": review})).await["review"].clone()
}

async fn action_items_are_added_and_ticked_off(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER3").await;

    let input =
        json!({"title": "  Write the failover runbook ", "owner": "bob", "dueDate": "2027-01-31"});
    let added = app.ok(ADD, json!({"r": r, "i": input})).await["addActionItem"].clone();
    assert_eq!(added["title"], "Write the failover runbook", "trimmed");
    assert_eq!(added["owner"], "bob");
    assert_eq!(added["dueDate"], "2027-01-31");
    assert_eq!(added["done"], false);
    assert_eq!(added["createdBy"], "alice");
    assert_eq!(added["version"], 1);
    let id = added["id"].as_str().unwrap().to_owned();

    // Bad input names the field; nothing is stored.
    let long = "x".repeat(201);
    for (bad, path) in [
        (
            json!({"title": "  ", "owner": "bob", "dueDate": "2027-01-31"}),
            "input.title",
        ),
        (
            json!({"title": long, "owner": "bob", "dueDate": "2027-01-31"}),
            "input.title",
        ),
        (
            json!({"title": "x", "owner": "not a login", "dueDate": "2027-01-31"}),
            "input.owner",
        ),
    ] {
        let body = app.gql(ADD, json!({"r": r, "i": bad})).await;
        assert_eq!(code(&body), "VALIDATION", "{body:#}");
        assert_eq!(field(&body), path);
    }
    let missing = app
        .gql(
            ADD,
            json!({"r": "999999", "i": {"title": "x", "owner": "bob", "dueDate": "2027-01-31"}}),
        )
        .await;
    assert_eq!(code(&missing), "NOT_FOUND");
    assert_eq!(
        items(&app, &r).await["actionItems"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Done by bob, then a stale toggle is refused naming who changed it.
    let done = app
        .ok_as("bob", SET, json!({"id": id, "d": true, "v": 1}))
        .await;
    assert_eq!(done["setActionItemDone"]["done"], true);
    assert_eq!(done["setActionItemDone"]["doneBy"], "bob");
    assert!(done["setActionItemDone"]["doneAt"].is_string());
    assert_eq!(done["setActionItemDone"]["version"], 2);
    let stale = app.gql(SET, json!({"id": id, "d": false, "v": 1})).await;
    assert_eq!(code(&stale), "CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 2);
    let message = stale["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("marked done by bob"), "{message}");
    let reopened = app.ok(SET, json!({"id": id, "d": false, "v": 2})).await;
    assert_eq!(
        reopened["setActionItemDone"],
        json!({"done": false, "doneBy": null, "doneAt": null, "version": 3})
    );
    assert_eq!(
        app.audit_actions("action_item", &id).await,
        ["action_item.reopen", "action_item.done", "action_item.add"]
    );
}

async fn decide_review_records_action_items_atomically(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("ledger", "payments", "TIER4").await;
    let submit = "mutation($r: ID!) { submitReview(reviewId: $r, expectedVersion: 1) { version } }";
    let v = app.ok(submit, json!({"r": r})).await["submitReview"]["version"].clone();

    // One bad row: nothing is written, the decision included.
    let rows = json!([
        {"title": "Load test at 2x peak", "owner": "dana", "dueDate": "2027-02-15"},
        {"title": "Rotate keys", "owner": "", "dueDate": "2027-03-01"}
    ]);
    let bad = app
        .gql(DECIDE, json!({"r": r, "d": "APPROVED", "v": v, "a": rows}))
        .await;
    assert_eq!(code(&bad), "VALIDATION");
    assert_eq!(field(&bad), "actionItems[1].owner");
    let still = items(&app, &r).await;
    assert_eq!(still["state"], "IN_REVIEW");
    assert_eq!(still["actionItems"], json!([]));

    // A stale version: also nothing written.
    let good = json!([
        {"title": "Load test at 2x peak", "owner": "dana", "dueDate": "2027-02-15"},
        {"title": "Rotate keys", "owner": "erin", "dueDate": "2027-03-01"}
    ]);
    let stale = app
        .gql(DECIDE, json!({"r": r, "d": "APPROVED", "v": 0, "a": good}))
        .await;
    assert_eq!(code(&stale), "CONFLICT");
    assert_eq!(items(&app, &r).await["actionItems"], json!([]));

    let decided = app
        .ok(DECIDE, json!({"r": r, "d": "APPROVED", "v": v, "a": good}))
        .await;
    assert_eq!(decided["decideReview"]["state"], "APPROVED");
    assert_eq!(
        decided["decideReview"]["actionItems"],
        json!([
            {"title": "Load test at 2x peak", "owner": "dana", "dueDate": "2027-02-15", "done": false},
            {"title": "Rotate keys", "owner": "erin", "dueDate": "2027-03-01", "done": false}
        ])
    );
    let list = items(&app, &r).await;
    assert_eq!(list["actionItems"][1]["createdBy"], "alice");
    let ids = app
        .ok(
            "query($r: ID!) { review(id: $r) { actionItems { id } } }",
            json!({"r": r}),
        )
        .await;
    let first = ids["review"]["actionItems"][0]["id"].as_str().unwrap();
    assert_eq!(
        app.audit_actions("action_item", first).await,
        ["action_item.add"]
    );
    assert_eq!(app.audit_actions("review", &r).await[0], "review.decide");

    // Follow-ups can still be added after the decision.
    let late = json!({"title": "Review error budget", "owner": "bob", "dueDate": "2027-04-01"});
    app.ok(ADD, json!({"r": r, "i": late})).await;
    assert_eq!(
        items(&app, &r).await["actionItems"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
