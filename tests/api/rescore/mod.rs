//! Time moves the scorecard: a waiver expiring changes a service's gate with no write, and
//! re-scoring (a pass the scheduler runs hourly and at each waiver expiry) records it, so
//! score history, the portfolio's gate counts and `services(filter: {gate})` follow.
//!
//! The services are on the three-item checklist of the gate tests (tier4: no sign-offs, no
//! SLO needed): `checkout` fails its blocker under a waiver (GO_WITH_CONDITIONS until the
//! waiver expires, NO_GO after), `ledger` passes everything (GO throughout).

mod concurrency;
mod expiry;

use crate::helpers::TestApp;
use crate::reviews::gate::{answer, service_on_small_template};
use chrono::{DateTime, Utc};
use orrery::services::catalog::portfolio::{GateCounts, ServiceFilter};
use serde_json::{Value, json};

/// Registers `checkout` (its blocker failing under a waiver that `bob` approved, expiring
/// at `expires`) and `ledger` (everything passing).
async fn seed(app: &TestApp, expires: DateTime<Utc>) {
    let checkout = service_on_small_template(app, "checkout").await;
    answer(app, "alice", &checkout, "ops.runbook", "PASS").await;
    answer(app, "alice", &checkout, "ops.pentest", "PASS").await;
    answer(app, "alice", &checkout, "ops.owner", "FAIL").await;
    let ledger = app.seed_service("ledger", "payments", "TIER4").await;
    for key in ["ops.owner", "ops.runbook", "ops.pentest"] {
        answer(app, "alice", &ledger, key, "PASS").await;
    }
    let waiver = app
        .ok(
            "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id version } }",
            json!({"i": {"reviewId": checkout, "itemKey": "ops.owner",
                "reason": "the owning team is being formed",
                "compensatingControl": "the platform team is on call meanwhile",
                "expiresAt": expires.to_rfc3339()}}),
        )
        .await["requestWaiver"]
        .clone();
    app.ok_as(
        "bob",
        "mutation($id: ID!, $v: Int!) { approveWaiver(id: $id, expectedVersion: $v) { state } }",
        json!({"id": waiver["id"], "v": waiver["version"]}),
    )
    .await;
}

/// What a reader sees of `checkout` and the gate filters: the live gate, the stored history
/// (gate and instant of each snapshot) and the slugs each gate filter lists.
#[derive(Debug, PartialEq)]
struct Seen {
    live: String,
    history: Vec<(String, DateTime<Utc>)>,
    go: Vec<String>,
    conditions: Vec<String>,
    no_go: Vec<String>,
}

impl Seen {
    /// The gate of the latest snapshot of `checkout`.
    fn stored(&self) -> &str {
        self.history.last().map_or("", |(g, _)| g.as_str())
    }
}

async fn seen(app: &TestApp) -> Seen {
    let data = app
        .ok(
            "{ checkout: service(slug: \"checkout\") {
                 scorecard { gate { decision } } scoreHistory { takenAt gate } }
               go: services(filter: {gate: GO}) { edges { node { slug } } }
               conditions: services(filter: {gate: GO_WITH_CONDITIONS}) { edges { node { slug } } }
               noGo: services(filter: {gate: NO_GO}) { edges { node { slug } } } }",
            json!({}),
        )
        .await;
    let slugs = |v: &Value| -> Vec<String> {
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    Seen {
        live: data["checkout"]["scorecard"]["gate"]["decision"]
            .as_str()
            .unwrap()
            .to_owned(),
        history: data["checkout"]["scoreHistory"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let at = s["takenAt"].as_str().unwrap();
                (
                    s["gate"].as_str().unwrap().to_owned(),
                    DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
                )
            })
            .collect(),
        go: slugs(&data["go"]),
        conditions: slugs(&data["conditions"]),
        no_go: slugs(&data["noGo"]),
    }
}

/// The portfolio's gate counts (all active services).
async fn counts(app: &TestApp) -> GateCounts {
    app.services
        .gate_counts(&ServiceFilter::default())
        .await
        .unwrap()
}

/// `(go, go with conditions, no go)` of [`counts`].
async fn gates(app: &TestApp) -> (u64, u64, u64) {
    let c = counts(app).await;
    assert_eq!(c.total, 2);
    assert_eq!(c.unscored, 0);
    (c.go, c.go_with_conditions, c.no_go)
}

/// The newest audit event: re-scoring is not a change anyone made, so it records none.
async fn newest_audit_event(app: &TestApp) -> Value {
    app.ok(
        "{ auditEvents(first: 1) { edges { node { id action } } } }",
        json!({}),
    )
    .await["auditEvents"]["edges"][0]["node"]
        .clone()
}
