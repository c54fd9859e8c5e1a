//! Not applicable needs a second pair of eyes on blockers (and on items the template marks):
//! until someone other than the answerer accepts it, the item counts as unanswered and the
//! gate says why; when nothing applicable remains, there is no score and no GO.

use super::*;

/// Everything passes on tier 4 (no SLO or sign-off needed): GO, 100.
fn passing() -> Case {
    Case::new(Tier::Tier4).all(Outcome::Pass)
}

#[test]
fn a_blocker_marked_not_applicable_stays_open_until_accepted() {
    let card = passing().answer("ops.owner", Outcome::NotApplicable).eval();
    assert_eq!(
        state(&card, "ops.owner"),
        ItemState::NotApplicableUnaccepted
    );
    // Scored as unanswered: 5 of 18 in the denominator with no credit.
    assert_eq!(card.score, Some(100.0 * 13.0 / 18.0));
    assert_eq!(card.categories[0].unanswered, 1);
    assert_eq!(card.categories[0].not_applicable, 0);
    assert_eq!(card.decision, Decision::NoGo);
    let r = only(&card, ReasonCode::NotApplicableUnaccepted);
    assert!(r.blocking);
    assert_eq!(r.item_key.as_deref(), Some("ops.owner"));
    assert!(r.message.contains("alice"), "{}", r.message);
    assert!(!codes(&card).contains(&"BLOCKER_FAILING"));
    assert_eq!(card.next_steps, ["ops.owner"]);
    assert_eq!(card.level.number, 0, "an unaccepted blocker is not met");
}

#[test]
fn accepted_by_someone_else_it_leaves_the_denominator() {
    let card = passing().accepted_na("ops.owner").eval();
    assert_eq!(state(&card, "ops.owner"), ItemState::NotApplicable);
    assert_eq!(card.score, Some(100.0));
    assert_eq!(card.decision, Decision::Go);
}

#[test]
fn accepted_by_the_answerer_does_not_count() {
    let card = passing()
        .answer("ops.owner", Outcome::NotApplicable)
        .na_verdict("ops.owner", NaAcceptance::Accepted, "alice")
        .eval();
    assert_eq!(
        state(&card, "ops.owner"),
        ItemState::NotApplicableUnaccepted
    );
    assert_eq!(card.decision, Decision::NoGo);
}

#[test]
fn a_rejected_claim_is_open_and_names_who_rejected_it() {
    let card = passing()
        .answer("obs.alerts", Outcome::NotApplicable)
        .na_verdict("obs.alerts", NaAcceptance::Rejected, "bob")
        .eval();
    assert_eq!(
        state(&card, "obs.alerts"),
        ItemState::NotApplicableUnaccepted
    );
    let r = only(&card, ReasonCode::NotApplicableUnaccepted);
    assert!(r.blocking);
    assert!(r.message.contains("bob rejected"), "{}", r.message);
}

#[test]
fn non_blockers_need_acceptance_only_when_the_template_says_so() {
    let card = passing()
        .answer("ops.runbook", Outcome::NotApplicable)
        .eval();
    assert_eq!(state(&card, "ops.runbook"), ItemState::NotApplicable);
    assert_eq!(card.decision, Decision::Go);

    let mut case = passing().answer("ops.runbook", Outcome::NotApplicable);
    case.template.categories[0].items[1].na_requires_acceptance = true;
    let card = case.eval();
    assert_eq!(
        state(&card, "ops.runbook"),
        ItemState::NotApplicableUnaccepted
    );
    assert_eq!(card.score, Some(100.0 * 15.0 / 18.0));
    // A condition, not a blocker: reported under its own code, not as ITEM_OPEN.
    assert_eq!(card.decision, Decision::GoWithConditions);
    let r = only(&card, ReasonCode::NotApplicableUnaccepted);
    assert!(!r.blocking);
    assert!(!codes(&card).contains(&"ITEM_OPEN"));

    let card = case
        .na_verdict("ops.runbook", NaAcceptance::Accepted, "bob")
        .eval();
    assert_eq!(card.decision, Decision::Go);
}

#[test]
fn not_applicable_on_a_blocker_can_be_waived() {
    let card = passing()
        .answer("ops.owner", Outcome::NotApplicable)
        .waiver("ops.owner", Some("bob"), now() + Duration::days(3))
        .eval();
    assert_eq!(state(&card, "ops.owner"), ItemState::Waived);
    assert_eq!(card.decision, Decision::GoWithConditions);
}

#[test]
fn pending_not_applicable_everywhere_scores_the_blockers_as_unanswered() {
    let card = Case::new(Tier::Tier4).all(Outcome::NotApplicable).eval();
    // Only the two blockers (5 + 5) stay in the denominator, with no credit.
    assert_eq!(card.score, Some(0.0));
    let unaccepted: Vec<_> = card
        .reasons
        .iter()
        .filter(|r| r.code == ReasonCode::NotApplicableUnaccepted)
        .collect();
    assert_eq!(unaccepted.len(), 2);
    assert!(!codes(&card).contains(&"NOTHING_ASSESSED"));
}

#[test]
fn nothing_assessed_is_never_below_a_threshold() {
    let mut case = Case::new(Tier::Tier1).all(Outcome::NotApplicable);
    for key in ["ops.owner", "obs.alerts"] {
        case = case.na_verdict(key, NaAcceptance::Accepted, "bob");
    }
    let card = case.eval();
    assert_eq!(card.score, None);
    assert_eq!(codes(&card), ["NOTHING_ASSESSED"]);
    let r = only(&card, ReasonCode::NothingAssessed);
    assert!(
        r.message.contains("accepted as not applicable"),
        "{}",
        r.message
    );
    assert!(card.next_steps.is_empty());
}

#[test]
fn reason_codes_round_trip() {
    for code in ReasonCode::ALL {
        assert_eq!(ReasonCode::parse(code.as_str()), Some(code));
    }
    assert_eq!(ReasonCode::parse("nope"), None);
}
