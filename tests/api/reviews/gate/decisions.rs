//! Decisions respect the gate: approving NO_GO needs an override with a reason, which is
//! recorded, audited and listed; GO_WITH_CONDITIONS approvals keep their conditions.

use super::{answer, card, service_on_small_template, submit};
use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::{Value, json};

dual_test!(
    approval_over_no_go_needs_an_override,
    approval_with_conditions_records_them
);

const DECIDE: &str = "mutation($r: ID!, $d: ReviewDecision!, $v: Int!, $o: OverrideInput) {
    decideReview(reviewId: $r, decision: $d, expectedVersion: $v, override: $o) {
      state decidedBy gateAtDecision approvedOverNoGo overrideReason
      decisionConditions { code message itemKey } } }";

async fn decide(app: &TestApp, who: &str, review: &str, over: Option<&str>) -> Value {
    let v = card(app, review).await["version"].clone();
    let o = over.map(|reason| json!({"reason": reason}));
    app.gql_as(
        who,
        DECIDE,
        json!({"r": review, "d": "APPROVED", "v": v, "o": o}),
    )
    .await
}

async fn approval_over_no_go_needs_an_override(app: TestApp) {
    let review = service_on_small_template(&app, "ledger").await;
    answer(&app, "alice", &review, "ops.runbook", "PASS").await;
    submit(&app, &review).await;

    // Refused: CONFLICT with a stable reason and the blocking reasons, in the message too.
    let refused = decide(&app, "dave", &review, None).await;
    assert_eq!(code(&refused), "CONFLICT", "{refused:#}");
    let ext = &refused["errors"][0]["extensions"];
    assert_eq!(ext["reason"], "GATE_NO_GO");
    let blocking: Vec<&str> = ext["blockingReasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(blocking, ["BLOCKER_FAILING", "BELOW_TIER_THRESHOLD"]);
    assert_eq!(ext["blockingReasons"][0]["itemKey"], "ops.owner");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("NO_GO") && message.contains("ops.owner"),
        "{message}"
    );
    assert_eq!(card(&app, &review).await["state"], "IN_REVIEW");

    // A reason shorter than a sentence is refused on its field.
    for short in ["ship it", "   ", "we accept this risk"] {
        let bad = decide(&app, "dave", &review, Some(short)).await;
        assert_eq!(
            (code(&bad), field(&bad)),
            ("VALIDATION", "override.reason"),
            "{short:?}"
        );
    }

    // With an override: approved, and the override recorded with who gave it.
    let reason = "Contractual launch date; the owner is named in the incident channel meanwhile.";
    let ok = decide(&app, "dave", &review, Some(reason)).await;
    assert!(ok.get("errors").is_none(), "{ok:#}");
    assert_eq!(
        ok["data"]["decideReview"],
        json!({"state": "APPROVED", "decidedBy": "dave", "gateAtDecision": "NO_GO",
               "approvedOverNoGo": true, "overrideReason": reason, "decisionConditions": []})
    );
    // The README badge says so too, still on red.
    let badge = app
        .client
        .get(format!("{}/badge/ledger.svg", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(badge.contains(">approved over NO-GO · L"), "{badge}");
    assert!(badge.contains("fill=\"#cf222e\""), "{badge}");

    // Audited in the same transaction, before and after.
    let audit = app
        .ok(
            "query($i: String!) { auditEvents(filter: {entityType: \"review\", entityId: $i}, first: 5) { edges { node { action actor before after } } } }",
            json!({"i": review}),
        )
        .await;
    let event = &audit["auditEvents"]["edges"][0]["node"];
    assert_eq!(
        (&event["action"], &event["actor"]),
        (&json!("review.decide"), &json!("dave"))
    );
    assert_eq!(event["before"]["approved_over_no_go"], false);
    assert_eq!(event["after"]["approved_over_no_go"], true);
    assert_eq!(event["after"]["override_reason"], reason);
    assert_eq!(event["after"]["gate_at_decision"], "NO_GO");

    // The portfolio lists it under the override filter; a service without one is left out.
    app.seed_service("billing", "payments", "TIER4").await;
    let listed = app
        .ok(
            "{ services(filter: {approvedOverNoGo: true}) { edges { node { slug
               currentReview { approvedOverNoGo overrideReason decidedBy } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["services"]["edges"],
        json!([{"node": {"slug": "ledger", "currentReview": {
            "approvedOverNoGo": true, "overrideReason": reason, "decidedBy": "dave"}}}])
    );
}

async fn approval_with_conditions_records_them(app: TestApp) {
    let review = service_on_small_template(&app, "ledger").await;
    answer(&app, "alice", &review, "ops.owner", "PASS").await;
    answer(&app, "alice", &review, "ops.runbook", "FAIL").await;
    answer(&app, "alice", &review, "ops.pentest", "PASS").await;
    let c = card(&app, &review).await;
    assert_eq!(c["scorecard"]["gate"]["decision"], "GO_WITH_CONDITIONS");
    submit(&app, &review).await;

    // An override where the gate is not NO_GO is not needed: accepted, not recorded.
    let ok = decide(
        &app,
        "dave",
        &review,
        Some("Overriding just in case, although nothing blocks."),
    )
    .await;
    assert!(ok.get("errors").is_none(), "{ok:#}");
    let d = &ok["data"]["decideReview"];
    assert_eq!(d["gateAtDecision"], "GO_WITH_CONDITIONS");
    assert_eq!(d["approvedOverNoGo"], false);
    assert_eq!(d["overrideReason"], Value::Null);
    assert_eq!(
        d["decisionConditions"],
        json!([{"code": "ITEM_OPEN", "itemKey": "ops.runbook",
                "message": "\"A runbook exists\" (ops.runbook) is failing."}])
    );
}
