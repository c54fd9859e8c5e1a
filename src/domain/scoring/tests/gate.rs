//! Gate reasons, next steps and whole-template behaviour.

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
    assert_eq!(card.score, 35.0);
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
    assert_eq!(card.score, 100.0 * 8.0 / 17.0);
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

#[test]
fn the_latest_answer_for_an_item_counts() {
    let mut case = Case::new(Tier::Tier4).all(Outcome::Pass);
    case.answers.push(AnswerFact {
        item_key: "obs.alerts".into(),
        outcome: Outcome::Fail,
        source: ResponseSource::Manual,
        recorded_at: now() - Duration::hours(1),
        note: None,
    });
    assert_eq!(state(&case.eval(), "obs.alerts"), ItemState::Pass);
    case.answers.last_mut().unwrap().recorded_at = now() + Duration::hours(1);
    assert_eq!(state(&case.eval(), "obs.alerts"), ItemState::Fail);
}

#[test]
fn an_empty_template_is_go() {
    let mut case = Case::new(Tier::Tier4);
    case.template.categories.clear();
    let card = case.eval();
    assert_eq!(card.score, 100.0);
    assert_eq!(card.decision, Decision::Go);
    assert_eq!(card.level.number, 3);
}

#[test]
fn the_shipped_template_evaluates() {
    let template = crate::domain::template::TemplateSchema::compile(include_str!(
        "../../../../checklists/schema.json"
    ))
    .unwrap()
    .parse(
        "x",
        include_str!("../../../../checklists/orr-standard.yaml"),
    )
    .unwrap();
    let input = |answers: &[AnswerFact], sign_offs: &[SignOffFact]| {
        evaluate(&ScoringInput {
            template: &template,
            tier: Tier::Tier1,
            answers,
            waivers: &[],
            sign_offs,
            slo_count: 1,
            dependencies: &[],
            now: now(),
        })
    };
    let card = input(&[], &[]);
    assert_eq!(card.score, 0.0);
    assert_eq!(card.decision, Decision::NoGo);
    assert_eq!(card.level.number, 0);
    let blockers = template
        .items()
        .filter(|(_, i)| i.severity == Severity::Blocker && i.applies_to(Tier::Tier1))
        .count();
    assert_eq!(
        card.reasons
            .iter()
            .filter(|r| r.code == ReasonCode::BlockerFailing)
            .count(),
        blockers
    );
    assert_eq!(card.categories.len(), template.categories.len());

    let answers: Vec<AnswerFact> = template
        .items()
        .map(|(_, i)| AnswerFact {
            item_key: i.key.clone(),
            outcome: Outcome::Pass,
            source: ResponseSource::Automated,
            recorded_at: now(),
            note: None,
        })
        .collect();
    let sign_offs: Vec<SignOffFact> = template
        .signoffs
        .get(Tier::Tier1)
        .iter()
        .map(|r| SignOffFact {
            role: r.clone(),
            signer: "carol".into(),
            decision: SignOffDecision::Approve,
        })
        .collect();
    let card = input(&answers, &sign_offs);
    assert_eq!(card.decision, Decision::Go, "{:#?}", card.reasons);
    assert_eq!(card.score, 100.0);
    assert_eq!(card.level.name, "Gold");
}
