//! The `service` and `review` filters: a service's history is its own events and those of
//! everything it holds (reviews, answers, waivers, sign-offs, action items, SLOs — deleted
//! ones too —, dependencies, capacity plan), and nothing of another service.

use super::{actions, page};
use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use serde_json::{Value, json};

dual_test!(
    service_filter_gathers_what_the_service_holds,
    review_filter_gathers_what_the_review_holds
);

const ANSWER: &str = "mutation($r: ID!, $k: String!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: PASS, expectedVersion: 0) { version } }";
const WAIVER: &str = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }";
const ACTION: &str = "mutation($r: ID!) {
    addActionItem(reviewId: $r, input: {title: \"Load test\", owner: \"bob\", dueDate: \"2027-01-15\"}) { id } }";
const SLO: &str =
    "mutation($s: String!) { defineSlo(serviceSlug: $s, input: {name: \"availability\",
    sliKind: RATIO, goodQuery: \"a\", totalQuery: \"b\", objectivePercent: 99.5}) { id version } }";
const DELETE_SLO: &str =
    "mutation($id: ID!, $v: Int!) { deleteSlo(id: $id, expectedVersion: $v) { name } }";
const DEPEND: &str = "mutation { addDependency(input: {serviceSlug: \"checkout\",
    targetServiceSlug: \"ledger\", kind: HARD}) { id } }";
const PLAN: &str = "mutation { setCapacityPlan(input: {serviceSlug: \"checkout\", peakRps: 100.0,
    unitCapacityRps: 50.0, replicas: 4, growthPctPerMonth: 5.0, headroomTargetPct: 30.0}) { version } }";

/// `checkout` with a bit of everything, and `ledger` with an answer of its own; returns the
/// review ids of both.
async fn seed(app: &TestApp) -> (String, String) {
    app.seed_team("payments").await;
    let checkout = app.seed_service("checkout", "payments", "TIER3").await;
    let ledger = app.seed_service("ledger", "payments", "TIER3").await;
    app.ok_as(
        "bob",
        ANSWER,
        json!({"r": checkout, "k": "ownership.owner"}),
    )
    .await;
    app.ok(ANSWER, json!({"r": ledger, "k": "ownership.owner"}))
        .await;
    let expires = (Utc::now() + Duration::days(30)).to_rfc3339();
    app.ok(
        WAIVER,
        json!({"i": {"reviewId": checkout, "itemKey": "change_management.ci",
        "reason": "CI migration", "compensatingControl": "manual runs", "expiresAt": expires}}),
    )
    .await;
    app.ok(ACTION, json!({"r": checkout})).await;
    let slo = app.ok(SLO, json!({"s": "checkout"})).await["defineSlo"].clone();
    app.ok(DELETE_SLO, json!({"id": slo["id"], "v": slo["version"]}))
        .await;
    app.ok(SLO, json!({"s": "ledger"})).await;
    app.ok(DEPEND, json!({})).await;
    app.ok(PLAN, json!({})).await;
    let version = app
        .ok(
            "query($r: ID!) { review(id: $r) { version } }",
            json!({"r": checkout}),
        )
        .await["review"]["version"]
        .clone();
    app.ok(
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { version } }",
        json!({"r": checkout, "v": version}),
    )
    .await;
    let version: Value = app
        .ok(
            "query($r: ID!) { review(id: $r) { version } }",
            json!({"r": checkout}),
        )
        .await["review"]["version"]
        .clone();
    app.ok_as(
        "sam",
        "mutation($r: ID!, $v: Int!) { signOff(reviewId: $r, role: \"service_owner\", decision: APPROVE, expectedVersion: $v) { id } }",
        json!({"r": checkout, "v": version}),
    )
    .await;
    (checkout, ledger)
}

async fn service_filter_gathers_what_the_service_holds(app: TestApp) {
    let (checkout, _) = seed(&app).await;
    assert_eq!(
        actions(&app, json!({"service": "checkout"})).await,
        [
            "review.sign_off",
            "review.submit",
            "capacity_plan.create",
            "dependency.add",
            "slo.delete",
            "slo.define",
            "action_item.add",
            "waiver.request",
            "item.respond",
            "review.start",
            "service.create",
        ],
        "the team's events and everything of ledger are left out"
    );
    assert_eq!(
        actions(&app, json!({"service": "ledger"})).await,
        [
            "slo.define",
            "item.respond",
            "review.start",
            "service.create"
        ],
        "a dependency on ledger is checkout's, not ledger's"
    );
    // The scope combines with the other filters.
    assert_eq!(
        actions(&app, json!({"service": "checkout", "action": "slo."})).await,
        ["slo.delete", "slo.define"]
    );
    assert_eq!(
        actions(&app, json!({"service": "checkout", "actor": "bob"})).await,
        ["item.respond"]
    );
    let answer = page(
        &app,
        json!({"service": "checkout", "entityType": "item_response"}),
        10,
        None,
    )
    .await;
    assert_eq!(
        answer["edges"][0]["node"]["entityId"],
        format!("{checkout}/ownership.owner")
    );
    // Two statements whatever the service holds: the service, then the page.
    let before = app.statements().await;
    page(&app, json!({"service": "checkout"}), 100, None).await;
    assert_eq!(app.statements().await - before, 2, "no N+1");
    // A service no one registered has no history; it is not an error.
    assert!(actions(&app, json!({"service": "ghost"})).await.is_empty());
}

async fn review_filter_gathers_what_the_review_holds(app: TestApp) {
    let (checkout, ledger) = seed(&app).await;
    assert_eq!(
        actions(&app, json!({"review": checkout})).await,
        [
            "review.sign_off",
            "review.submit",
            "action_item.add",
            "waiver.request",
            "item.respond",
            "review.start",
        ]
    );
    assert_eq!(
        actions(&app, json!({"review": ledger})).await,
        ["item.respond", "review.start"]
    );
    assert!(actions(&app, json!({"review": "999999"})).await.is_empty());
}
