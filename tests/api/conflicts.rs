//! Optimistic concurrency: two writers with the same version, one wins, nothing is lost.

use crate::dual_test;
use crate::helpers::{TestApp, code};
use serde_json::json;

dual_test!(
    concurrent_service_edits,
    concurrent_item_answers,
    stale_version_after_the_fact
);

const UPDATE: &str = "mutation($v: Int!, $name: String!) { updateService(slug: \"checkout\", expectedVersion: $v, input: {name: $name}) { name version } }";

async fn concurrent_service_edits(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    let (a, b) = tokio::join!(
        app.gql_as("alice", UPDATE, json!({"v": 1, "name": "Alice's name"})),
        app.gql_as("bob", UPDATE, json!({"v": 1, "name": "Bob's name"})),
    );
    let (winner, loser, winner_name) = match (a.get("errors").is_none(), b.get("errors").is_none())
    {
        (true, false) => (a, b, "Alice's name"),
        (false, true) => (b, a, "Bob's name"),
        other => panic!("exactly one writer must win, got {other:?}: {a:#} {b:#}"),
    };
    assert_eq!(winner["data"]["updateService"]["version"], 2);
    assert_eq!(code(&loser), "CONFLICT");
    assert_eq!(loser["errors"][0]["extensions"]["currentVersion"], 2);
    let now = app
        .ok(
            "{ service(slug: \"checkout\") { name version } }",
            json!({}),
        )
        .await;
    assert_eq!(now["service"], json!({"name": winner_name, "version": 2}));
    // One audit row for the create and one for the winning update; none for the loser.
    assert_eq!(
        app.audit_actions("service", "checkout").await,
        ["service.update", "service.create"]
    );
}

const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!, $e: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, evidence: $e, expectedVersion: $v) { itemKey outcome version respondedBy evidence } }";

async fn concurrent_item_answers(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    // Different items never conflict, even at the same moment.
    let (a, b) = tokio::join!(
        app.gql_as(
            "alice",
            ANSWER,
            json!({"r": review, "k": "ownership.owner", "o": "PASS", "v": 0})
        ),
        app.gql_as(
            "bob",
            ANSWER,
            json!({"r": review, "k": "change_management.ci", "o": "FAIL", "v": 0})
        ),
    );
    assert!(
        a.get("errors").is_none() && b.get("errors").is_none(),
        "{a:#} {b:#}"
    );

    // The same item from two people who both saw version 1: one wins.
    let (a, b) = tokio::join!(
        app.gql_as(
            "alice",
            ANSWER,
            json!({"r": review, "k": "ownership.owner", "o": "FAIL", "v": 1, "e": "alice"})
        ),
        app.gql_as(
            "bob",
            ANSWER,
            json!({"r": review, "k": "ownership.owner", "o": "PASS", "v": 1, "e": "bob"})
        ),
    );
    let (winner, loser) = if a.get("errors").is_none() {
        (a, b)
    } else {
        (b, a)
    };
    assert!(winner.get("errors").is_none(), "{winner:#}");
    assert_eq!(code(&loser), "CONFLICT");
    let who = winner["data"]["respondToItem"]["respondedBy"]
        .as_str()
        .unwrap();
    let message = loser["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(who),
        "the conflict names who changed the item: {message}"
    );
    let items = app
        .ok(
            "query($r: ID!) { review(id: $r) { items(filter: {category: \"ownership\"}) { key outcome version response { evidence } } } }",
            json!({"r": review}),
        )
        .await;
    let owner = items["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "ownership.owner")
        .unwrap()
        .clone();
    assert_eq!(owner["version"], 2);
    assert_eq!(owner["response"]["evidence"], who);
}

async fn stale_version_after_the_fact(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    app.ok(UPDATE, json!({"v": 1, "name": "First"})).await;
    let stale = app.gql(UPDATE, json!({"v": 1, "name": "Second"})).await;
    assert_eq!(code(&stale), "CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 2);
    let negative = app.gql(UPDATE, json!({"v": -1, "name": "Third"})).await;
    assert_eq!(code(&negative), "VALIDATION");
    let now = app
        .ok(
            "{ service(slug: \"checkout\") { name version } }",
            json!({}),
        )
        .await;
    assert_eq!(now["service"], json!({"name": "First", "version": 2}));
}
