//! The report's portfolio, built through the public API on a two-category checklist.

use crate::helpers::TestApp;
use crate::reviews::gate::{answer, card, submit};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

/// Two categories, two levels, threshold 50 and no sign-offs for every tier: a blocker and a
/// major item at Bronze, a major security item at Silver.
const TEMPLATE: &str = r#"
key: orr-standard
name: Report test checklist
levels:
  - number: 1
    name: Bronze
  - number: 2
    name: Silver
thresholds: { tier1: 50, tier2: 50, tier3: 50, tier4: 50 }
signoffs: { tier1: [], tier2: [], tier3: [], tier4: [] }
categories:
  - key: ops
    title: Operations
    items:
      - key: ops.owner
        title: An owner is named
        guidance: Name the owning team.
        severity: blocker
        weight: 5
        level: 1
      - key: ops.runbook
        title: A runbook exists
        guidance: Link the runbook.
        severity: major
        weight: 3
        level: 1
  - key: sec
    title: Security
    items:
      - key: sec.scan
        title: Dependencies are scanned
        guidance: Link the scanner's report.
        severity: major
        weight: 2
        level: 2
"#;

/// The reason billing was approved over NO_GO.
pub const OVERRIDE_REASON: &str =
    "Contractual launch date; the owner is named in the incident channel meanwhile.";

const DECIDE: &str = "mutation($r: ID!, $v: Int!, $o: OverrideInput) {
    decideReview(reviewId: $r, decision: APPROVED, expectedVersion: $v, override: $o) {
      state approvedOverNoGo } }";

/// Creates a service; returns its current review's id.
pub async fn service(app: &TestApp, slug: &str, team: &str, tier: &str, lifecycle: &str) -> String {
    let data = app
        .ok(
            "mutation($s: String!, $t: String!, $tier: Tier!, $l: Lifecycle!) {
                createService(input: {slug: $s, name: \"Svc\", teamSlug: $t, tier: $tier,
                  lifecycle: $l}) { currentReview { id } } }",
            json!({"s": slug, "t": team, "tier": tier, "l": lifecycle}),
        )
        .await;
    data["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn waive(app: &TestApp, review: &str, key: &str, expires: DateTime<Utc>) {
    let id = app
        .ok(
            "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }",
            json!({"i": {"reviewId": review, "itemKey": key, "reason": "Scanner migration underway",
                "compensatingControl": "Weekly manual audit of dependencies",
                "expiresAt": expires.to_rfc3339()}}),
        )
        .await["requestWaiver"]["id"]
        .clone();
    app.ok_as(
        "bob",
        "mutation($id: ID!) { approveWaiver(id: $id, expectedVersion: 1) { state } }",
        json!({"id": id}),
    )
    .await;
}

pub async fn approve(app: &TestApp, review: &str, over: Option<&str>) {
    submit(app, review).await;
    let v = card(app, review).await["version"].clone();
    let o = over.map(|reason| json!({"reason": reason}));
    let d = app
        .ok_as("dave", DECIDE, json!({"r": review, "v": v, "o": o}))
        .await;
    assert_eq!(
        d["decideReview"],
        json!({"state": "APPROVED", "approvedOverNoGo": over.is_some()})
    );
}

/// Installs the two-category checklist.
pub async fn install_checklist(app: &TestApp) {
    std::fs::write(app.checklists.join("orr-standard.yaml"), TEMPLATE).unwrap();
    let reload = app
        .ok(
            "mutation { reloadChecklists { problems { message } } }",
            json!({}),
        )
        .await;
    assert_eq!(reload["reloadChecklists"]["problems"], json!([]));
}

/// At `t0` (the app's clock then):
/// - ledger (pay, tier4, production): all Bronze items pass, the scan fails under a waiver
///   expiring in 2 days; approved (GO_WITH_CONDITIONS).
/// - billing (pay, tier3, production): only the runbook passes; approved over NO_GO.
/// - finder (search, tier1, beta): owner passes, runbook fails, the scan fails under a
///   waiver expiring in 40 days; a draft (NO_GO: no SLO).
/// - indexer (search, tier4, production): everything passes (GO, Silver); a draft with an
///   action item due in 5 days and another in 30.
pub async fn seed(app: &TestApp, t0: DateTime<Utc>) {
    install_checklist(app).await;
    app.seed_team("pay").await;
    app.seed_team("search").await;

    let ledger = service(app, "ledger", "pay", "TIER4", "PRODUCTION").await;
    answer(app, "alice", &ledger, "ops.owner", "PASS").await;
    answer(app, "alice", &ledger, "ops.runbook", "PASS").await;
    answer(app, "alice", &ledger, "sec.scan", "FAIL").await;
    waive(app, &ledger, "sec.scan", t0 + Duration::days(2)).await;
    assert_eq!(
        card(app, &ledger).await["scorecard"]["level"]["number"],
        2,
        "the waiver meets Silver"
    );
    approve(app, &ledger, None).await;

    let billing = service(app, "billing", "pay", "TIER3", "PRODUCTION").await;
    answer(app, "alice", &billing, "ops.runbook", "PASS").await;
    approve(app, &billing, Some(OVERRIDE_REASON)).await;

    let finder = service(app, "finder", "search", "TIER1", "BETA").await;
    answer(app, "alice", &finder, "ops.owner", "PASS").await;
    answer(app, "alice", &finder, "ops.runbook", "FAIL").await;
    answer(app, "alice", &finder, "sec.scan", "FAIL").await;
    waive(app, &finder, "sec.scan", t0 + Duration::days(40)).await;

    let indexer = service(app, "indexer", "search", "TIER4", "PRODUCTION").await;
    for key in ["ops.owner", "ops.runbook", "sec.scan"] {
        answer(app, "alice", &indexer, key, "PASS").await;
    }
    for (title, days) in [("Load test at peak", 5), ("Chaos drill", 30)] {
        app.ok(
            "mutation($r: ID!, $i: ActionItemInput!) { addActionItem(reviewId: $r, input: $i) { id } }",
            json!({"r": indexer, "i": {"title": title, "owner": "bob",
                "dueDate": (t0 + Duration::days(days)).date_naive().to_string()}}),
        )
        .await;
    }
}
