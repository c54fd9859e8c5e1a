//! Category counts and scores, and maturity levels: cumulative, with the missing items of the
//! next level, and level zero for templates without levels.

use super::*;

#[test]
fn category_counts_and_scores() {
    let card = Case::new(Tier::Tier1)
        .answer("ops.owner", Outcome::Pass)
        .answer("ops.runbook", Outcome::NotApplicable)
        .answer("obs.alerts", Outcome::Fail)
        .answer("obs.dash", Outcome::Fail)
        .waiver("obs.dash", Some("bob"), now() + Duration::days(1))
        .answer_full(
            "obs.slo",
            Outcome::Error,
            ResponseSource::Automated,
            now(),
            None,
        )
        .eval();
    let ops = &card.categories[0];
    assert_eq!(
        (
            ops.passed,
            ops.failed,
            ops.waived,
            ops.not_applicable,
            ops.unanswered
        ),
        (1, 0, 0, 1, 1)
    );
    assert_eq!(ops.score, Some(100.0 * 5.0 / 7.0));
    let obs = &card.categories[1];
    assert_eq!(
        (
            obs.passed,
            obs.failed,
            obs.waived,
            obs.not_applicable,
            obs.unanswered
        ),
        (0, 2, 1, 0, 0)
    );
    assert_eq!(obs.score, Some(30.0));
    assert_eq!(card.categories[2].score, None);
    assert_eq!(card.categories[2].key, "empty");
    assert_eq!(card.score, Some(100.0 * 8.0 / 17.0));
}

#[test]
fn levels_are_cumulative() {
    // A failing level-1 item keeps level 0 even though every level-2 and level-3 item passes.
    let card = Case::new(Tier::Tier1)
        .all(Outcome::Pass)
        .answer("obs.dash", Outcome::Fail)
        .eval();
    assert_eq!(card.level.number, 0);
    let next = card.next_level.unwrap();
    assert_eq!((next.level.number, next.level.name.as_str()), (1, "Bronze"));
    assert_eq!(next.missing_items, ["obs.dash"]);

    let card = Case::new(Tier::Tier1)
        .all(Outcome::Pass)
        .answer("ops.chaos", Outcome::Fail)
        .answer("ops.runbook", Outcome::NotApplicable)
        .eval();
    assert_eq!((card.level.number, card.level.name.as_str()), (2, "Silver"));
    let next = card.next_level.unwrap();
    assert_eq!(next.level.name, "Gold");
    assert_eq!(next.missing_items, ["ops.chaos"]);

    // Missing items of the next level include lower-level ones, in template order.
    let card = Case::new(Tier::Tier1)
        .all(Outcome::Pass)
        .answer("obs.slo", Outcome::Fail)
        .answer("ops.runbook", Outcome::Fail)
        .answer("ops.chaos", Outcome::Fail)
        .eval();
    assert_eq!(card.level.number, 1);
    assert_eq!(
        card.next_level.unwrap().missing_items,
        ["ops.runbook", "obs.slo"]
    );
}

#[test]
fn templates_without_levels_stay_at_level_zero() {
    let mut case = Case::new(Tier::Tier3).all(Outcome::Pass);
    case.template.levels.retain(|l| l.number != 2);
    let card = case.eval();
    assert_eq!(card.level.number, 1, "levels count only while consecutive");
    assert_eq!(card.next_level, None);
    case.template.levels.clear();
    let card = case.eval();
    assert_eq!((card.level.number, card.level.name.as_str()), (0, "None"));
    assert_eq!(card.next_level, None);
}
