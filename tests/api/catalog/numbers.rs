//! Numbers that would display wrong are refused with `VALIDATION` naming the argument and
//! saying the accepted range; accepted ones read on the service page exactly as entered.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use crate::web::html::{get, text};
use serde_json::{Value, json};

dual_test!(slo_objectives_are_bounded, capacity_figures_are_bounded);

const DEFINE: &str = "mutation($i: SloInput!) { defineSlo(serviceSlug: \"checkout\", input: $i) {
    id objectivePercent } }";

fn slo(name: &str, objective: f64) -> Value {
    json!({"i": {"name": name, "sliKind": "RATIO", "objectivePercent": objective,
        "goodQuery": "good", "totalQuery": "total"}})
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

async fn slo_objectives_are_bounded(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    for bad in [
        1.5,
        49.9999,
        99.99999999999999,
        5e-324,
        99.12345,
        99.99995,
        100.0,
    ] {
        let body = app.gql(DEFINE, slo("availability", bad)).await;
        assert_eq!(
            (code(&body), field(&body)),
            ("VALIDATION", "input.objectivePercent"),
            "{bad}: {body:#}"
        );
        assert!(
            message(&body).contains("from 50 to 99.9999 with at most 4 decimals"),
            "{bad}: {}",
            message(&body)
        );
    }
    let tiny = app.gql(DEFINE, slo("availability", 5e-324)).await;
    assert!(
        message(&tiny).contains("(got 5e-324)"),
        "{}",
        message(&tiny)
    );

    let strict = app.ok(DEFINE, slo("availability", 99.9999)).await;
    assert_eq!(strict["defineSlo"]["objectivePercent"], 99.9999);
    app.ok(DEFINE, slo("latency", 50.0)).await;
    let update = "mutation($id: ID!, $i: SloInput!) { updateSlo(id: $id, expectedVersion: 1, input: $i) { version } }";
    let id = strict["defineSlo"]["id"].clone();
    let body = app
        .gql(
            update,
            json!({"id": id, "i": {"objectivePercent": 99.99999}}),
        )
        .await;
    assert_eq!(
        (code(&body), field(&body)),
        ("VALIDATION", "input.objectivePercent")
    );

    let (_, html) = get(&app, "/services/checkout").await;
    let page = text(&html);
    assert!(page.contains("99.9999%"), "the objective reads as entered");
    assert!(!page.contains("100%"), "no objective reads 100%");
    assert!(page.contains("about 2.4 seconds of full outage"), "{page}");
}

const SET_PLAN: &str =
    "mutation($i: CapacityPlanInput!) { setCapacityPlan(input: $i) { version } }";

fn plan() -> Value {
    json!({"serviceSlug": "checkout", "peakRps": 600.0, "unitCapacityRps": 250.0, "replicas": 4,
        "growthPctPerMonth": 10.0, "headroomTargetPct": 30.0,
        "plannedEvents": [{"name": "Sale", "date": "2026-11-27", "peakMultiplier": 3.0}]})
}

async fn capacity_figures_are_bounded(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    let cases: [(&str, f64, &str, &str); 7] = [
        (
            "peakRps",
            1e-320,
            "input.peakRps",
            "from 0.01 rps to 1000000000 rps",
        ),
        (
            "peakRps",
            5e9,
            "input.peakRps",
            "from 0.01 rps to 1000000000 rps",
        ),
        (
            "unitCapacityRps",
            1e-320,
            "input.unitCapacityRps",
            "(got 1e-320)",
        ),
        (
            "unitCapacityRps",
            0.001,
            "input.unitCapacityRps",
            "from 0.01 rps",
        ),
        (
            "growthPctPerMonth",
            -1e-320,
            "input.growthPctPerMonth",
            "0 or at least 0.01 in size",
        ),
        (
            "headroomTargetPct",
            5e-324,
            "input.headroomTargetPct",
            "from 0% to 99%",
        ),
        (
            "headroomTargetPct",
            99.5,
            "input.headroomTargetPct",
            "from 0% to 99%",
        ),
    ];
    for (name, value, path, says) in cases {
        let mut input = plan();
        input[name] = json!(value);
        let body = app.gql(SET_PLAN, json!({"i": input})).await;
        assert_eq!(
            (code(&body), field(&body)),
            ("VALIDATION", path),
            "{name}={value}: {body:#}"
        );
        assert!(
            message(&body).contains(says),
            "{name}={value}: {}",
            message(&body)
        );
    }
    let mut event = plan();
    event["plannedEvents"][0]["peakMultiplier"] = json!(1e-320);
    let body = app.gql(SET_PLAN, json!({"i": event})).await;
    assert_eq!(field(&body), "input.plannedEvents[0].peakMultiplier");

    let mut low = plan();
    low["peakRps"] = json!(0.05);
    low["growthPctPerMonth"] = json!(0.25);
    app.ok(SET_PLAN, json!({"i": low})).await;
    let (_, html) = get(&app, "/services/checkout").await;
    let page = text(&html);
    assert!(page.contains("0.05 rps"), "small figures read as entered");
    assert!(page.contains("0.25% per month"), "{page}");
}
