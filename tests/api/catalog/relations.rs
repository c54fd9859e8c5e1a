//! Dependencies, capacity plans and SLOs.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::json;

dual_test!(dependencies, capacity_plans, slos);

const ADD_DEP: &str = "mutation($i: AddDependencyInput!) { addDependency(input: $i) {
    id kind version externalName timeoutMs targetService { slug } service { slug } } }";

async fn dependencies(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    app.seed_service("ledger", "payments", "TIER1").await;
    let hard = app
        .ok(ADD_DEP, json!({"i": {"serviceSlug": "checkout", "targetServiceSlug": "ledger", "kind": "HARD", "timeoutMs": 250}}))
        .await["addDependency"]
        .clone();
    assert_eq!(hard["targetService"]["slug"], "ledger");
    assert_eq!(hard["service"]["slug"], "checkout");
    assert_eq!(hard["kind"], "HARD");
    let ext = app
        .ok(ADD_DEP, json!({"i": {"serviceSlug": "checkout", "externalName": "Stripe API", "kind": "SOFT", "fallback": "queue payments"}}))
        .await["addDependency"]
        .clone();
    assert_eq!(ext["externalName"], "Stripe API");

    let dup = app.gql(ADD_DEP, json!({"i": {"serviceSlug": "checkout", "targetServiceSlug": "ledger", "kind": "SOFT"}})).await;
    assert_eq!(code(&dup), "CONFLICT");
    let own = app.gql(ADD_DEP, json!({"i": {"serviceSlug": "checkout", "targetServiceSlug": "checkout", "kind": "SOFT"}})).await;
    assert_eq!(
        (code(&own), field(&own)),
        ("VALIDATION", "input.targetServiceSlug")
    );
    let both = app
        .gql(
            ADD_DEP,
            json!({"i": {"serviceSlug": "checkout", "kind": "SOFT"}}),
        )
        .await;
    assert_eq!(code(&both), "VALIDATION");
    let ghost = app
        .gql(
            ADD_DEP,
            json!({"i": {"serviceSlug": "ghost", "externalName": "x", "kind": "SOFT"}}),
        )
        .await;
    assert_eq!(code(&ghost), "NOT_FOUND");
    let timeout = app.gql(ADD_DEP, json!({"i": {"serviceSlug": "checkout", "externalName": "y", "kind": "SOFT", "timeoutMs": 0}})).await;
    assert_eq!(field(&timeout), "input.timeoutMs");

    let view = app
        .ok("{ service(slug: \"ledger\") { dependents { service { slug } kind } } checkout: service(slug: \"checkout\") { dependencies { kind } } }", json!({}))
        .await;
    assert_eq!(
        view["service"]["dependents"],
        json!([{"service": {"slug": "checkout"}, "kind": "HARD"}])
    );
    assert_eq!(
        view["checkout"]["dependencies"].as_array().unwrap().len(),
        2
    );

    let remove =
        "mutation($id: ID!, $v: Int!) { removeDependency(id: $id, expectedVersion: $v) { id } }";
    assert_eq!(
        code(&app.gql(remove, json!({"id": hard["id"], "v": 7})).await),
        "CONFLICT"
    );
    app.ok(remove, json!({"id": hard["id"], "v": 1})).await;
    assert_eq!(
        code(&app.gql(remove, json!({"id": hard["id"], "v": 1})).await),
        "NOT_FOUND"
    );
    assert_eq!(
        code(&app.gql(remove, json!({"id": "abc", "v": 1})).await),
        "VALIDATION"
    );
    let id = hard["id"].as_str().unwrap();
    assert_eq!(
        app.audit_actions("dependency", id).await,
        ["dependency.remove", "dependency.add"]
    );
}

const SET_PLAN: &str = "mutation($i: CapacityPlanInput!) { setCapacityPlan(input: $i) {
    version peakRps replicas capacityRps utilization headroomPct meetsHeadroomTarget monthsUntilHeadroomExhausted eventPeakRps
    plannedEvents { name date peakMultiplier } } }";

async fn capacity_plans(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    let input = json!({"serviceSlug": "checkout", "peakRps": 600.0, "unitCapacityRps": 250.0, "replicas": 4,
        "growthPctPerMonth": 10.0, "headroomTargetPct": 30.0,
        "plannedEvents": [{"name": "Black Friday", "date": "2026-11-27", "peakMultiplier": 3.0}]});
    let plan = app.ok(SET_PLAN, json!({"i": input})).await["setCapacityPlan"].clone();
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["capacityRps"], 1000.0);
    assert_eq!(plan["meetsHeadroomTarget"], true);
    assert_eq!(plan["monthsUntilHeadroomExhausted"], 2);
    assert_eq!(plan["eventPeakRps"], 1800.0);

    // Replacing needs the current version.
    let mut again = input.clone();
    again["replicas"] = json!(8);
    let refused = app.gql(SET_PLAN, json!({"i": again})).await;
    assert_eq!(code(&refused), "CONFLICT");
    assert_eq!(refused["errors"][0]["extensions"]["currentVersion"], 1);
    again["expectedVersion"] = json!(1);
    let replaced = app.ok(SET_PLAN, json!({"i": again})).await["setCapacityPlan"].clone();
    assert_eq!(
        (replaced["version"].clone(), replaced["replicas"].clone()),
        (json!(2), json!(8))
    );
    let stale = app.gql(SET_PLAN, json!({"i": again})).await;
    assert_eq!(code(&stale), "CONFLICT");

    let mut bad = input.clone();
    bad["peakRps"] = json!(-1.0);
    bad["expectedVersion"] = json!(2);
    let body = app.gql(SET_PLAN, json!({"i": bad})).await;
    assert_eq!((code(&body), field(&body)), ("VALIDATION", "input.peakRps"));
    let view = app
        .ok(
            "{ service(slug: \"checkout\") { capacityPlan { replicas version } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        view["service"]["capacityPlan"],
        json!({"replicas": 8, "version": 2})
    );
    assert_eq!(
        app.audit_actions("capacity_plan", "checkout").await,
        ["capacity_plan.update", "capacity_plan.create"]
    );
}

const DEFINE: &str = "mutation($i: SloInput!) { defineSlo(serviceSlug: \"checkout\", input: $i) {
    id name sliKind objectivePercent windowDays errorBudgetFraction version goodQuery latencyMetric } }";

async fn slos(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    let ratio = json!({"name": "availability", "sliKind": "RATIO", "objectivePercent": 99.9,
        "goodQuery": "sum(rate(http_requests_total{job=\"checkout\",code!~\"5..\"}[5m]))",
        "totalQuery": "sum(rate(http_requests_total{job=\"checkout\"}[5m]))"});
    let slo = app.ok(DEFINE, json!({"i": ratio})).await["defineSlo"].clone();
    assert_eq!(slo["windowDays"], 28);
    assert!((slo["errorBudgetFraction"].as_f64().unwrap() - 0.001).abs() < 1e-12);
    assert_eq!(
        code(&app.gql(DEFINE, json!({"i": ratio})).await),
        "CONFLICT"
    );

    let latency_missing = app.gql(DEFINE, json!({"i": {"name": "latency", "sliKind": "LATENCY", "objectivePercent": 99.0, "latencyMetric": "http_request_duration_seconds"}})).await;
    assert_eq!(
        (code(&latency_missing), field(&latency_missing)),
        ("VALIDATION", "input.latencyThresholdSeconds")
    );
    let bad_objective = app.gql(DEFINE, json!({"i": {"name": "x", "sliKind": "RATIO", "objectivePercent": 100.0, "goodQuery": "a", "totalQuery": "b"}})).await;
    assert_eq!(field(&bad_objective), "input.objectivePercent");

    let update = "mutation($id: ID!, $v: Int!, $i: SloInput!) { updateSlo(id: $id, expectedVersion: $v, input: $i) {
        version sliKind latencyMetric latencyThresholdSeconds goodQuery objectivePercent } }";
    let switched = app
        .ok(update, json!({"id": slo["id"], "v": 1, "i": {"sliKind": "LATENCY", "latencyMetric": "http_request_duration_seconds", "latencyThresholdSeconds": 0.3}}))
        .await["updateSlo"]
        .clone();
    assert_eq!(switched["version"], 2);
    assert_eq!(switched["goodQuery"], serde_json::Value::Null);
    assert_eq!(switched["objectivePercent"], 99.9);
    assert_eq!(
        code(
            &app.gql(
                update,
                json!({"id": slo["id"], "v": 1, "i": {"objectivePercent": 99.0}})
            )
            .await
        ),
        "CONFLICT"
    );

    let delete =
        "mutation($id: ID!, $v: Int!) { deleteSlo(id: $id, expectedVersion: $v) { name } }";
    assert_eq!(
        code(&app.gql(delete, json!({"id": slo["id"], "v": 1})).await),
        "CONFLICT"
    );
    app.ok(delete, json!({"id": slo["id"], "v": 2})).await;
    assert_eq!(
        code(&app.gql(delete, json!({"id": slo["id"], "v": 2})).await),
        "NOT_FOUND"
    );
    let id = slo["id"].as_str().unwrap();
    assert_eq!(
        app.audit_actions("slo", id).await,
        ["slo.delete", "slo.update", "slo.define"]
    );
}
