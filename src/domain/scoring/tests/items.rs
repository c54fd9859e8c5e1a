//! Item states, scores and levels.

use super::*;

#[test]
fn everything_passing_is_go_at_the_top_level() {
    let card = Case::new(Tier::Tier1).all(Outcome::Pass).eval();
    assert_eq!(card.decision, Decision::Go);
    assert_eq!(card.score, Some(100.0));
    assert_eq!(card.level.number, 3);
    assert_eq!(card.level.name, "Gold");
    assert_eq!(card.next_level, None);
    assert!(card.reasons.is_empty() && card.next_steps.is_empty());
    assert_eq!(card.items.len(), 6);
    assert!(card.items.iter().all(|i| i.state == ItemState::Pass));
}

#[test]
fn empty_review_scores_zero_with_a_blocker_reason_each() {
    let card = Case::new(Tier::Tier1).eval();
    assert_eq!(card.score, Some(0.0));
    assert_eq!(card.level.number, 0);
    assert_eq!(card.level.name, "None");
    let next = card.next_level.as_ref().unwrap();
    assert_eq!(next.level.number, 1);
    assert_eq!(next.level.name, "Bronze");
    assert_eq!(next.missing_items, ["ops.owner", "obs.alerts", "obs.dash"]);
    assert_eq!(card.decision, Decision::NoGo);
    let blockers: Vec<_> = card
        .reasons
        .iter()
        .filter(|r| r.code == ReasonCode::BlockerFailing)
        .collect();
    assert_eq!(blockers.len(), 2);
    assert_eq!(blockers[0].item_key.as_deref(), Some("ops.owner"));
    assert_eq!(blockers[1].item_key.as_deref(), Some("obs.alerts"));
    assert!(blockers.iter().all(|r| r.blocking));
    assert!(
        blockers[0].message.contains("Title of ops.owner")
            && blockers[0].message.contains("not been answered"),
        "{}",
        blockers[0].message
    );
    assert!(codes(&card).contains(&"BELOW_TIER_THRESHOLD"));
}

#[test]
fn threshold_exactly_met_is_not_below() {
    // 16 of 20: exactly 80.
    let mut case = Case::new(Tier::Tier1)
        .all(Outcome::Pass)
        .answer("ops.chaos", Outcome::Fail)
        .answer("obs.slo", Outcome::Fail);
    case.template.thresholds.tier1 = 80.0;
    let card = case.eval();
    assert_eq!(card.score, Some(80.0));
    assert!(!codes(&card).contains(&"BELOW_TIER_THRESHOLD"));
    assert_eq!(card.decision, Decision::GoWithConditions);

    case.template.thresholds.tier1 = 80.5;
    let card = case.eval();
    let r = only(&card, ReasonCode::BelowTierThreshold);
    assert!(r.blocking);
    assert!(
        r.message.contains("80.0") && r.message.contains("80.5") && r.message.contains("tier1"),
        "{}",
        r.message
    );
    assert_eq!(card.decision, Decision::NoGo);
}

#[test]
fn the_shown_score_never_rounds_up_to_the_threshold() {
    let mut case = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("ops.runbook", Outcome::NotApplicable)
        .answer("ops.chaos", Outcome::Fail);
    // 5 + 5 + 3 met, 2 failing (3 not applicable): 13/15 = 86.666…, shown as 86.6.
    case.template.thresholds.tier3 = 86.7;
    let card = case.eval();
    let r = only(&card, ReasonCode::BelowTierThreshold);
    assert!(r.message.contains("86.6,"), "{}", r.message);
}

#[test]
fn waiver_expiring_exactly_now_no_longer_counts() {
    let case = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("obs.dash", Outcome::Fail)
        .waiver("obs.dash", Some("bob"), now());
    let card = case.eval();
    assert_eq!(state(&card, "obs.dash"), ItemState::Fail);
    let r = only(&card, ReasonCode::WaiverExpired);
    assert!(!r.blocking);
    assert_eq!(r.item_key.as_deref(), Some("obs.dash"));
    assert!(r.message.contains("2026-11-23 12:00 UTC"), "{}", r.message);
    assert!(!codes(&card).contains(&"ITEM_WAIVED"));
    assert_eq!(codes(&card), ["ITEM_OPEN", "WAIVER_EXPIRED"]);
    assert_eq!(card.level.number, 0);
}

#[test]
fn a_waiver_alone_gives_go_with_conditions() {
    let card = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("obs.alerts", Outcome::Fail)
        .waiver("obs.alerts", Some("bob"), now() + Duration::seconds(1))
        .eval();
    assert_eq!(state(&card, "obs.alerts"), ItemState::Waived);
    assert_eq!(card.score, Some(100.0));
    assert_eq!(card.level.number, 3);
    assert_eq!(card.decision, Decision::GoWithConditions);
    let r = only(&card, ReasonCode::ItemWaived);
    assert!(!r.blocking);
    assert_eq!(r.item_key.as_deref(), Some("obs.alerts"));
    assert!(r.message.contains("2026-11-23 12:00 UTC"), "{}", r.message);
    assert_eq!(card.reasons.len(), 1);
    assert_eq!(card.categories[1].waived, 1);
}

#[test]
fn invalid_waivers_do_not_count() {
    let later = now() + Duration::days(3);
    let base = || {
        Case::new(Tier::Tier3)
            .all(Outcome::Pass)
            .answer("obs.alerts", Outcome::Fail)
    };
    let self_approved = base().waiver("obs.alerts", Some("alice"), later);
    let unapproved = base().waiver("obs.alerts", None, later);
    let mut blank_reason = base().waiver("obs.alerts", Some("bob"), later);
    blank_reason.waivers[0].reason = "  ".into();
    let mut requested = base().waiver("obs.alerts", Some("bob"), later);
    requested.waivers[0].state = WaiverState::Requested;
    let mut other_item = base().waiver("obs.alerts", Some("bob"), later);
    other_item.waivers[0].item_key = "ops.owner".into();
    for case in [
        self_approved,
        unapproved,
        blank_reason,
        requested,
        other_item,
    ] {
        let card = case.eval();
        assert_eq!(state(&card, "obs.alerts"), ItemState::Fail);
        assert_eq!(codes(&card), ["BLOCKER_FAILING"]);
    }
}

#[test]
fn a_waiver_on_a_passing_item_is_irrelevant() {
    let card = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .waiver("obs.alerts", Some("bob"), now() + Duration::days(1))
        .waiver("obs.dash", Some("bob"), now())
        .eval();
    assert_eq!(card.decision, Decision::Go);
    assert_eq!(state(&card, "obs.alerts"), ItemState::Pass);
}

#[test]
fn not_applicable_everywhere_accepted_assesses_nothing() {
    let mut case = Case::new(Tier::Tier2).all(Outcome::NotApplicable);
    for key in ["ops.owner", "obs.alerts"] {
        case = case.na_verdict(key, NaAcceptance::Accepted, "bob");
    }
    let card = case.eval();
    assert_eq!(card.score, None);
    assert_eq!(card.level.number, 0);
    assert_eq!(card.next_level, None);
    assert_eq!(card.decision, Decision::NoGo);
    assert_eq!(codes(&card), ["NOTHING_ASSESSED"]);
    assert!(card.categories.iter().all(|c| c.score.is_none()));
    assert_eq!(card.categories[0].not_applicable, 3);
}

#[test]
fn not_applicable_without_a_reason_is_unanswered() {
    let card = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer_full(
            "obs.dash",
            Outcome::NotApplicable,
            ResponseSource::Manual,
            now(),
            Some(" \n"),
        )
        .answer_full(
            "ops.chaos",
            Outcome::NotApplicable,
            ResponseSource::Manual,
            now(),
            None,
        )
        .eval();
    assert_eq!(state(&card, "obs.dash"), ItemState::Unanswered);
    assert_eq!(state(&card, "ops.chaos"), ItemState::Unanswered);
    assert_eq!(card.score, Some(100.0 * 13.0 / 18.0));
}

#[test]
fn automated_evidence_goes_stale_at_the_freshness_boundary() {
    let boundary = now() - Duration::days(7);
    let auto = |case: Case, at| {
        case.answer_full(
            "obs.dash",
            Outcome::Pass,
            ResponseSource::Automated,
            at,
            None,
        )
    };
    let base = || Case::new(Tier::Tier3).all(Outcome::Pass);

    let card = auto(base(), boundary).eval();
    assert_eq!(state(&card, "obs.dash"), ItemState::Stale);
    assert_eq!(card.categories[1].failed, 1);
    let r = only(&card, ReasonCode::ItemOpen);
    assert!(
        r.message.contains("stale") && r.message.contains("7-day"),
        "{}",
        r.message
    );

    let card = auto(base(), boundary + Duration::seconds(1)).eval();
    assert_eq!(state(&card, "obs.dash"), ItemState::Pass);

    // Manual answers never go stale; neither do items without a freshness window.
    let card = base()
        .answer_full(
            "obs.dash",
            Outcome::Pass,
            ResponseSource::Manual,
            boundary - Duration::days(400),
            None,
        )
        .answer_full(
            "ops.runbook",
            Outcome::Pass,
            ResponseSource::Automated,
            boundary - Duration::days(400),
            None,
        )
        .eval();
    assert_eq!(card.decision, Decision::Go);

    // Not applicable stays, even when automated and old.
    let card = base()
        .answer_full(
            "obs.dash",
            Outcome::NotApplicable,
            ResponseSource::Automated,
            boundary,
            Some("no UI"),
        )
        .eval();
    assert_eq!(state(&card, "obs.dash"), ItemState::NotApplicable);

    // A stale blocker blocks, even though it last passed.
    let card = base()
        .answer_full(
            "obs.alerts",
            Outcome::Pass,
            ResponseSource::Automated,
            boundary,
            None,
        )
        .eval();
    let r = only(&card, ReasonCode::BlockerFailing);
    assert!(r.message.contains("stale evidence"), "{}", r.message);
    assert_eq!(card.decision, Decision::NoGo);
}

#[test]
fn error_outcome_is_zero_credit_and_shown_distinctly() {
    let card = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer_full(
            "obs.alerts",
            Outcome::Error,
            ResponseSource::Automated,
            now(),
            None,
        )
        .eval();
    assert_eq!(state(&card, "obs.alerts"), ItemState::Error);
    assert_eq!(card.score, Some(100.0 * 13.0 / 18.0));
    let r = only(&card, ReasonCode::BlockerFailing);
    assert!(r.message.contains("could not be checked"), "{}", r.message);
    assert_eq!(card.categories[1].failed, 1);
}

#[test]
fn only_items_of_the_tier_apply() {
    let card = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("obs.slo", Outcome::Fail)
        .answer("nowhere.item", Outcome::Fail)
        .eval();
    assert_eq!(card.items.len(), 5);
    assert!(card.items.iter().all(|i| i.key != "obs.slo"));
    assert_eq!(card.decision, Decision::Go);
    assert_eq!(card.score, Some(100.0));

    let card = Case::new(Tier::Tier2)
        .all(Outcome::Pass)
        .answer("obs.slo", Outcome::Fail)
        .eval();
    assert_eq!(card.items.len(), 6);
    assert_eq!(card.score, Some(90.0));
    assert_eq!(card.level.number, 1);
}
