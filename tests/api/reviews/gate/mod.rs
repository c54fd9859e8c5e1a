//! The gate's authority: decisions respect the gate (an approval over NO_GO needs an
//! override with a reason) and "not applicable" needs a second pair of eyes. Both run on a
//! three-item checklist installed as the default template, so each gate is one answer away.

mod decisions;
mod not_applicable;

use crate::helpers::TestApp;
use serde_json::{Value, json};

/// Three items for a tier4 service (threshold 50, no sign-offs, no SLO needed): a blocker
/// (weight 5), a major item (3) and a minor item whose not applicable needs acceptance (2).
const TEMPLATE: &str = r#"
key: orr-standard
name: Gate test checklist
levels:
  - number: 1
    name: Bronze
thresholds: { tier1: 90, tier2: 80, tier3: 70, tier4: 50 }
signoffs: { tier1: [sre], tier2: [sre], tier3: [sre], tier4: [] }
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
      - key: ops.pentest
        title: A penetration test was done
        guidance: Link the report.
        severity: minor
        weight: 2
        level: 1
        na_requires_acceptance: true
"#;

pub const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $n: String, $v: Int!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, expectedVersion: $v) { version naAcceptance } }";

pub const CARD: &str = "query($r: ID!) { review(id: $r) { version state
    scorecard { score level { number } gate { decision reasons { code itemKey blocking message } } }
    items { key state open naRequiresAcceptance version
      notApplicableClaim { state claimedBy decidedBy comment } } } }";

/// Installs [`TEMPLATE`] as the default template and registers a tier4 service `slug` on it;
/// returns its review id.
pub async fn service_on_small_template(app: &TestApp, slug: &str) -> String {
    std::fs::write(app.checklists.join("orr-standard.yaml"), TEMPLATE).unwrap();
    let reload = app
        .ok(
            "mutation { reloadChecklists { loaded { key } problems { message } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        reload["reloadChecklists"]["problems"],
        json!([]),
        "{reload:#}"
    );
    app.seed_team("payments").await;
    app.seed_service(slug, "payments", "TIER4").await
}

/// Answers `key` as `who` (the item's current version is read first).
pub async fn answer(app: &TestApp, who: &str, review: &str, key: &str, outcome: &str) -> Value {
    let v = item(&card(app, review).await, key)["version"].clone();
    let note = (outcome == "NOT_APPLICABLE").then_some("we have no such thing here");
    app.ok_as(
        who,
        ANSWER,
        json!({"r": review, "k": key, "o": outcome, "n": note, "v": v}),
    )
    .await["respondToItem"]
        .clone()
}

/// The review with its scorecard and items.
pub async fn card(app: &TestApp, review: &str) -> Value {
    app.ok(CARD, json!({"r": review})).await["review"].clone()
}

/// One item of [`card`].
pub fn item<'a>(card: &'a Value, key: &str) -> &'a Value {
    card["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key}: {card:#}"))
}

/// The gate's reason codes, in order.
pub fn codes(card: &Value) -> Vec<String> {
    card["scorecard"]["gate"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Submits the review for its meeting.
pub async fn submit(app: &TestApp, review: &str) {
    let v = card(app, review).await["version"].clone();
    app.ok(
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }",
        json!({"r": review, "v": v}),
    )
    .await;
}
