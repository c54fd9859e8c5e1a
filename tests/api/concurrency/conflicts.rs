//! Optimistic concurrency: two writers with the same version, one wins, nothing is lost.

use crate::dual_test;
use crate::helpers::{TestApp, code};
use serde_json::json;

dual_test!(
    concurrent_service_edits,
    concurrent_item_answers,
    fifty_first_answers_one_winner,
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

/// Fifty people answer the same unanswered item at once: one wins, and every other gets the
/// same precise conflict as a stale edit — never a generic duplicate-key error.
async fn fifty_first_answers_one_winner(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    let actors: Vec<String> = (0..50).map(|i| format!("user{i:02}")).collect();
    // Warm up: open the HTTP and database connections first, so the answers really overlap.
    futures_util::future::join_all(actors.iter().map(|actor| {
        app.gql_as(
            actor,
            "query($r: ID!) { review(id: $r) { version } }",
            json!({ "r": review }),
        )
    }))
    .await;
    let bodies = futures_util::future::join_all(actors.iter().map(|actor| {
        app.gql_as(
            actor,
            ANSWER,
            json!({"r": review, "k": "ownership.owner", "o": "PASS", "v": 0, "e": actor}),
        )
    }))
    .await;
    let (won, lost): (Vec<_>, Vec<_>) = bodies.iter().partition(|b| b.get("errors").is_none());
    assert_eq!(won.len(), 1, "exactly one winner: {won:#?}");
    let winner = won[0]["data"]["respondToItem"].clone();
    assert_eq!(winner["version"], 1);
    let who = winner["respondedBy"].as_str().unwrap();
    assert_eq!(winner["evidence"], who);
    for loser in &lost {
        assert_eq!(code(loser), "CONFLICT", "{loser:#}");
        assert_eq!(
            loser["errors"][0]["extensions"]["currentVersion"], 1,
            "{loser:#}"
        );
        let message = loser["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("changed by {who} ")),
            "the conflict names the winner {who}: {message}"
        );
    }
    assert_eq!(
        app.audit_actions("item_response", &format!("{review}/ownership.owner"))
            .await,
        ["item.respond"]
    );
}
