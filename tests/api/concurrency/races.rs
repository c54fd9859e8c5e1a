//! "First insert" writes raced by many clients at once: exactly one wins, and every other
//! gets a precise `CONFLICT` saying what exists (with `currentVersion` where the entity has
//! one) — never a generic duplicate-key error, and never a second row.

use crate::dual_test;
use crate::helpers::{TestApp, code};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

dual_test!(concurrent_first_writes_get_precise_conflicts);

/// How many clients race each write.
const RACERS: usize = 12;

/// Sends `query` with `variables` from `RACERS` actors at once; checks that exactly one
/// succeeded and every other got a `CONFLICT` whose message contains `says`. Returns the
/// winner's data and the losers' errors.
async fn race(app: &TestApp, query: &str, variables: Value, says: &str) -> (Value, Vec<Value>) {
    let actors: Vec<String> = (0..RACERS).map(|i| format!("racer{i:02}")).collect();
    // Warm up: open the HTTP and database connections first, so the writes really overlap.
    futures_util::future::join_all(
        actors
            .iter()
            .map(|a| app.gql_as(a, "{ teams { slug } }", json!({}))),
    )
    .await;
    let bodies = futures_util::future::join_all(
        actors
            .iter()
            .map(|a| app.gql_as(a, query, variables.clone())),
    )
    .await;
    let (won, lost): (Vec<_>, Vec<_>) = bodies.into_iter().partition(|b| b.get("errors").is_none());
    assert_eq!(
        won.len(),
        1,
        "{query}: exactly one winner: {won:#?} {lost:#?}"
    );
    for loser in &lost {
        assert_eq!(code(loser), "CONFLICT", "{query}: {loser:#}");
        let message = loser["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(says),
            "{query}: `{says}` not in: {message}"
        );
    }
    let errors = lost.iter().map(|l| l["errors"][0].clone()).collect();
    (won[0]["data"].clone(), errors)
}

async fn concurrent_first_writes_get_precise_conflicts(app: TestApp) {
    race(
        &app,
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
        "a team with slug `payments` already exists",
    )
    .await;
    let (created, _) = race(
        &app,
        "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER2}) { currentReview { id } } }",
        json!({}),
        "a service with slug `checkout` already exists",
    )
    .await;
    let review = created["createService"]["currentReview"]["id"].clone();
    app.seed_service("ledger", "payments", "TIER2").await;

    race(
        &app,
        "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"availability\", sliKind: RATIO, goodQuery: \"g\", totalQuery: \"t\", objectivePercent: 99.9}) { id } }",
        json!({}),
        "service `checkout` already has an SLO named `availability`",
    )
    .await;
    race(
        &app,
        "mutation { addDependency(input: {serviceSlug: \"checkout\", targetServiceSlug: \"ledger\", kind: HARD}) { id } }",
        json!({}),
        "`checkout` already depends on `ledger`",
    )
    .await;
    race(
        &app,
        "mutation { addDependency(input: {serviceSlug: \"checkout\", externalName: \"Stripe API\", kind: SOFT}) { id } }",
        json!({}),
        "`checkout` already depends on `Stripe API`",
    )
    .await;
    let (_, lost) = race(
        &app,
        "mutation { setCapacityPlan(input: {serviceSlug: \"checkout\", peakRps: 600, unitCapacityRps: 250, replicas: 4, growthPctPerMonth: 10, headroomTargetPct: 30, plannedEvents: []}) { version } }",
        json!({}),
        "service `checkout` already has a capacity plan (version 1",
    )
    .await;
    for error in lost {
        assert_eq!(error["extensions"]["currentVersion"], 1, "{error:#}");
    }

    let expires = (Utc::now() + Duration::days(30)).to_rfc3339();
    race(
        &app,
        "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }",
        json!({"i": {"reviewId": review, "itemKey": "change_management.ci", "reason": "CI migration",
            "compensatingControl": "manual test run", "expiresAt": expires}}),
        "item `change_management.ci` already has a requested waiver",
    )
    .await;

    let submit = "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { version } }";
    let version = app
        .ok(
            "query($r: ID!) { review(id: $r) { version } }",
            json!({"r": review}),
        )
        .await["review"]["version"]
        .clone();
    let submitted = app.ok(submit, json!({"r": review, "v": version})).await;
    let version = submitted["submitReview"]["version"].clone();
    let (signed, _) = race(
        &app,
        "mutation($r: ID!, $v: Int!) { signOff(reviewId: $r, role: \"sre\", decision: APPROVE, expectedVersion: $v) { signer } }",
        json!({"r": review, "v": version}),
        "role `sre` was already signed by racer",
    )
    .await;
    assert!(
        signed["signOff"]["signer"]
            .as_str()
            .unwrap()
            .starts_with("racer")
    );

    let decide = "mutation($r: ID!, $v: Int!) { decideReview(reviewId: $r, decision: REJECTED, notes: \"not yet\", expectedVersion: $v) { state } }";
    app.ok(decide, json!({"r": review, "v": version})).await;
    race(
        &app,
        "mutation { startReview(serviceSlug: \"checkout\") { id } }",
        json!({}),
        "service `checkout` already has an open review",
    )
    .await;
    let reviews = app
        .ok(
            "{ service(slug: \"checkout\") { reviews { state } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        reviews["service"]["reviews"],
        json!([{"state": "DRAFT"}, {"state": "REJECTED"}])
    );
}
