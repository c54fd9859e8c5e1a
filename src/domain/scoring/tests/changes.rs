//! `Scorecard::changes_at`: the next instant time alone changes a scorecard.

use super::*;

/// An automated answer to `key` recorded at `at`.
fn automated(case: Case, key: &str, outcome: Outcome, at: DateTime<Utc>) -> Case {
    case.answer_full(key, outcome, ResponseSource::Automated, at, None)
}

#[test]
fn manual_answers_without_waivers_never_change_with_time() {
    let card = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("ops.owner", Outcome::Fail)
        .eval();
    assert_eq!(card.decision, Decision::NoGo);
    assert_eq!(card.changes_at, None);
    assert_eq!(Case::new(Tier::Tier3).eval().changes_at, None);
}

#[test]
fn a_waiver_in_force_changes_the_card_when_it_expires() {
    let expiry = now() + Duration::days(3);
    let case = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("obs.alerts", Outcome::Fail)
        .waiver("obs.alerts", Some("bob"), now() + Duration::days(1))
        .waiver("obs.alerts", Some("bob"), expiry);
    let card = case.eval();
    assert_eq!(card.decision, Decision::GoWithConditions);
    // The waiver lasting longest keeps the item waived: the shorter one changes nothing.
    assert_eq!(card.changes_at, Some(expiry));
    let before = case.eval_at(expiry - Duration::seconds(1));
    assert_eq!(before.decision, Decision::GoWithConditions);
    assert_eq!(before.changes_at, Some(expiry));
    let after = case.eval_at(expiry);
    assert_eq!(after.decision, Decision::NoGo);
    assert!(
        codes(&after).contains(&"WAIVER_EXPIRED"),
        "{:?}",
        codes(&after)
    );
    assert_eq!(after.changes_at, None);
}

#[test]
fn automated_evidence_changes_the_card_when_it_goes_stale() {
    let recorded = now() - Duration::days(2);
    let stale = recorded + Duration::days(7);
    let base = || Case::new(Tier::Tier3).all(Outcome::Pass);
    let case = automated(base(), "obs.dash", Outcome::Pass, recorded);
    assert_eq!(case.eval().changes_at, Some(stale));
    let before = case.eval_at(stale - Duration::seconds(1));
    assert_eq!(state(&before, "obs.dash"), ItemState::Pass);
    assert_eq!(before.decision, Decision::Go);
    let after = case.eval_at(stale);
    assert_eq!(state(&after, "obs.dash"), ItemState::Stale);
    assert_eq!(after.decision, Decision::GoWithConditions);
    assert_eq!(after.changes_at, None);

    // Evidence that cannot go stale: manual, an item without a freshness window, or a
    // not applicable claim.
    let manual = base().answer_full(
        "obs.dash",
        Outcome::Pass,
        ResponseSource::Manual,
        recorded,
        None,
    );
    assert_eq!(manual.eval().changes_at, None);
    let unwindowed = automated(base(), "ops.runbook", Outcome::Pass, recorded);
    assert_eq!(unwindowed.eval().changes_at, None);
    let claim = base().answer_full(
        "obs.dash",
        Outcome::NotApplicable,
        ResponseSource::Automated,
        recorded,
        Some("no UI"),
    );
    assert_eq!(claim.eval().changes_at, None);
}

#[test]
fn the_earliest_future_change_counts_and_past_ones_are_applied() {
    let case = automated(
        Case::new(Tier::Tier3).all(Outcome::Pass),
        "obs.alerts",
        Outcome::Pass,
        now() - Duration::days(6),
    )
    // Already expired and already stale: nothing left to happen.
    .answer("obs.dash", Outcome::Fail)
    .waiver("obs.dash", Some("bob"), now() - Duration::hours(1))
    .answer("ops.runbook", Outcome::Fail)
    .waiver("ops.runbook", Some("bob"), now() + Duration::days(2));
    let stale_alerts = now() + Duration::days(1);
    let card = case.eval();
    assert_eq!(card.changes_at, Some(stale_alerts));
    assert_eq!(card.decision, Decision::GoWithConditions);
    // Re-scored then, the card names the next change: the runbook waiver's expiry.
    let then = case.eval_at(stale_alerts);
    assert_eq!(then.decision, Decision::NoGo);
    assert_eq!(then.changes_at, Some(now() + Duration::days(2)));
    // An invalid waiver (self-approved) never counted, so its expiry changes nothing.
    let self_approved = Case::new(Tier::Tier3)
        .all(Outcome::Pass)
        .answer("ops.runbook", Outcome::Fail)
        .waiver("ops.runbook", Some("alice"), now() + Duration::days(2));
    assert_eq!(self_approved.eval().changes_at, None);
}

#[test]
fn a_waived_item_changes_when_its_waiver_expires_not_when_its_evidence_ages() {
    let expiry = now() + Duration::days(10);
    let case = automated(
        Case::new(Tier::Tier3).all(Outcome::Pass),
        "obs.dash",
        Outcome::Fail,
        now() - Duration::days(1),
    )
    .waiver("obs.dash", Some("bob"), expiry);
    assert_eq!(case.eval().changes_at, Some(expiry));
    assert_eq!(
        case.eval_at(expiry - Duration::seconds(1)),
        Scorecard {
            changes_at: Some(expiry),
            ..case.eval()
        },
        "evidence going stale under a waiver shows nowhere"
    );
}

#[test]
fn a_passing_item_going_stale_under_a_waiver_becomes_waived() {
    let stale = now() + Duration::days(1);
    let expiry = now() + Duration::days(3);
    let case = automated(
        Case::new(Tier::Tier3).all(Outcome::Pass),
        "obs.alerts",
        Outcome::Pass,
        stale - Duration::days(7),
    )
    .waiver("obs.alerts", Some("bob"), expiry);
    let card = case.eval();
    assert_eq!(card.decision, Decision::Go);
    assert_eq!(card.changes_at, Some(stale));
    let then = case.eval_at(stale);
    assert_eq!(state(&then, "obs.alerts"), ItemState::Waived);
    assert_eq!(then.decision, Decision::GoWithConditions);
    assert_eq!(then.changes_at, Some(expiry));
    assert_eq!(case.eval_at(expiry).decision, Decision::NoGo);
}
