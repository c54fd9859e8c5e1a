//! Gate reasons and next steps: missing sign-offs, SLOs and dependencies, the fewest items to
//! fix, and the order and grouping of reasons.

use super::*;

#[test]
fn signoffs_missing_and_rejected_name_the_role() {
    let mut case = Case::new(Tier::Tier2).all(Outcome::Pass);
    case.sign_offs.retain(|s| s.role == "owner");
    let card = case.eval();
    let r = only(&card, ReasonCode::SignoffMissing);
    assert!(r.blocking);
    assert_eq!(r.entity.as_deref(), Some("sre"));
    assert!(
        r.message.contains("sre") && r.message.contains("missing"),
        "{}",
        r.message
    );

    case.sign_offs.push(SignOffFact {
        role: "sre".into(),
        signer: "bob".into(),
        decision: SignOffDecision::Reject,
    });
    let card = case.eval();
    let r = only(&card, ReasonCode::SignoffMissing);
    assert!(r.message.contains("rejected by bob"), "{}", r.message);
    assert_eq!(card.decision, Decision::NoGo);
    assert!(card.next_steps.is_empty(), "sign-offs are not items");

    // A sign-off for a role the tier does not need changes nothing.
    let mut case = Case::new(Tier::Tier4).all(Outcome::Pass);
    case.sign_offs.push(SignOffFact {
        role: "security".into(),
        signer: "bob".into(),
        decision: SignOffDecision::Reject,
    });
    assert_eq!(case.eval().decision, Decision::Go);
}

#[test]
fn no_slo_only_blocks_tier1_and_tier2() {
    for tier in Tier::ALL {
        let mut case = Case::new(*tier).all(Outcome::Pass);
        case.slo_count = 0;
        let card = case.eval();
        if tier.requires_slo() {
            assert!(only(&card, ReasonCode::NoSlo).blocking);
            assert_eq!(card.decision, Decision::NoGo);
        } else {
            assert_eq!(card.decision, Decision::Go, "{tier}");
        }
    }
}

#[test]
fn only_a_hard_dependency_not_ready_is_a_condition() {
    let dep = |name: &str, kind, gate| DependencyFact {
        name: name.into(),
        kind,
        gate,
    };
    let mut case = Case::new(Tier::Tier3).all(Outcome::Pass);
    case.dependencies = vec![
        dep("payments", DependencyKind::Soft, Some(Decision::NoGo)),
        dep("stripe", DependencyKind::Hard, None),
        dep(
            "ledger",
            DependencyKind::Hard,
            Some(Decision::GoWithConditions),
        ),
    ];
    assert_eq!(case.eval().decision, Decision::Go);
    case.dependencies
        .push(dep("auth", DependencyKind::Hard, Some(Decision::NoGo)));
    let card = case.eval();
    assert_eq!(card.decision, Decision::GoWithConditions);
    let r = only(&card, ReasonCode::DependencyNotReady);
    assert!(!r.blocking);
    assert_eq!(r.entity.as_deref(), Some("auth"));
    assert!(r.message.contains("auth"), "{}", r.message);
}

#[test]
fn next_steps_are_the_fewest_items_heaviest_first() {
    // 7 of 20 met. Fixing ops.owner gives 12; the heaviest open items next (ties in template
    // order): ops.runbook → 15, obs.dash → 18 = 90 % = the tier1 threshold.
    let card = Case::new(Tier::Tier1)
        .all(Outcome::Pass)
        .answer("ops.owner", Outcome::Fail)
        .answer("ops.runbook", Outcome::Fail)
        .answer("ops.chaos", Outcome::Fail)
        .answer("obs.dash", Outcome::Unanswered)
        .eval();
    assert_eq!(card.score, Some(35.0));
    assert_eq!(card.decision, Decision::NoGo);
    assert_eq!(card.next_steps, ["ops.owner", "ops.runbook", "obs.dash"]);

    // Above the threshold already: only the blockers.
    let card = Case::new(Tier::Tier4)
        .all(Outcome::Pass)
        .answer("obs.alerts", Outcome::Fail)
        .answer("ops.chaos", Outcome::Fail)
        .eval();
    assert_eq!(card.next_steps, ["obs.alerts"]);

    // Not NO_GO: no next steps.
    let card = Case::new(Tier::Tier4)
        .all(Outcome::Pass)
        .answer("ops.chaos", Outcome::Fail)
        .eval();
    assert_eq!(card.decision, Decision::GoWithConditions);
    assert!(card.next_steps.is_empty());
}

#[test]
fn reasons_are_ordered_blocking_first_then_by_code_then_template() {
    let mut case = Case::new(Tier::Tier1)
        .answer("ops.runbook", Outcome::Fail)
        .answer("obs.dash", Outcome::Fail)
        .waiver("obs.dash", Some("bob"), now() + Duration::days(1))
        .answer("ops.chaos", Outcome::Fail)
        .waiver("ops.chaos", Some("bob"), now() - Duration::days(1));
    case.slo_count = 0;
    case.sign_offs.clear();
    case.dependencies.push(DependencyFact {
        name: "auth".into(),
        kind: DependencyKind::Hard,
        gate: Some(Decision::NoGo),
    });
    let card = case.eval();
    assert_eq!(
        codes(&card),
        [
            "BLOCKER_FAILING",
            "BLOCKER_FAILING",
            "BELOW_TIER_THRESHOLD",
            "SIGNOFF_MISSING",
            "SIGNOFF_MISSING",
            "SIGNOFF_MISSING",
            "NO_SLO",
            "DEPENDENCY_NOT_READY",
            "ITEM_WAIVED",
            "ITEM_OPEN",
            "ITEM_OPEN",
            "ITEM_OPEN",
            "WAIVER_EXPIRED",
        ]
    );
    let keys: Vec<_> = card
        .reasons
        .iter()
        .map(|r| r.item_key.as_deref().or(r.entity.as_deref()).unwrap_or("-"))
        .collect();
    assert_eq!(
        keys,
        [
            "ops.owner",
            "obs.alerts",
            "-",
            "owner",
            "sre",
            "security",
            "-",
            "auth",
            "obs.dash",
            "ops.runbook",
            "ops.chaos",
            "obs.slo",
            "ops.chaos",
        ]
    );
}

#[test]
fn many_open_items_in_a_category_collapse_into_one_reason() {
    let mut case = Case::new(Tier::Tier4);
    case.template.categories[0]
        .items
        .push(item("ops.oncall", Severity::Minor, 1, 1));
    case.template.categories[0]
        .items
        .push(item("ops.docs", Severity::Minor, 1, 1));
    case = case.all(Outcome::Pass).answer("ops.docs", Outcome::Pass);
    for key in ["ops.runbook", "ops.chaos", "ops.oncall"] {
        case = case.answer(key, Outcome::Fail);
    }
    let card = case.eval();
    assert_eq!(codes(&card), ["ITEM_OPEN"; 3]);
    let card = case.answer("ops.docs", Outcome::Unanswered).eval();
    let r = only(&card, ReasonCode::ItemOpen);
    assert_eq!(r.entity.as_deref(), Some("ops"));
    assert_eq!(r.item_key, None);
    assert!(
        r.message.contains("4 items")
            && r.message.contains("3 failing, 1 unanswered")
            && r.message.contains("ops.docs"),
        "{}",
        r.message
    );
}
