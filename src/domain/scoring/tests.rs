//! Scoring rules and their boundaries, on small templates built in code.

use super::*;
use crate::domain::catalog::{DependencyKind, Tier};
use crate::domain::review::{Outcome, ResponseSource, SignOffDecision, WaiverState};
use crate::domain::template::{Category, Item, Level, PerTier, Severity, Template};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn item(key: &str, severity: Severity, weight: u8, level: u8) -> Item {
    Item {
        key: key.into(),
        title: format!("Title of {key}"),
        guidance: "Why and what evidence.".into(),
        severity,
        weight,
        level,
        tiers: None,
        freshness_days: None,
        check: None,
    }
}

fn category(key: &str, items: Vec<Item>) -> Category {
    Category {
        key: key.into(),
        title: format!("Category {key}"),
        description: None,
        items,
    }
}

fn roles(r: &[&str]) -> Vec<String> {
    r.iter().map(|s| s.to_string()).collect()
}

/// Weights for tier1/tier2: 5+3+2 + 5+3+2 = 20; tier3/tier4 (no `obs.slo`): 18.
fn template() -> Template {
    let mut dash = item("obs.dash", Severity::Major, 3, 1);
    dash.freshness_days = Some(7);
    let mut slo = item("obs.slo", Severity::Major, 2, 2);
    slo.tiers = Some(vec![Tier::Tier1, Tier::Tier2]);
    let mut alerts = item("obs.alerts", Severity::Blocker, 5, 1);
    alerts.freshness_days = Some(7);
    Template {
        key: "t".into(),
        name: "Test".into(),
        description: None,
        levels: [(1, "Bronze"), (2, "Silver"), (3, "Gold")]
            .into_iter()
            .map(|(number, name)| Level {
                number,
                name: name.into(),
                description: None,
            })
            .collect(),
        thresholds: PerTier {
            tier1: 90.0,
            tier2: 80.0,
            tier3: 70.0,
            tier4: 0.0,
        },
        signoffs: PerTier {
            tier1: roles(&["owner", "sre", "security"]),
            tier2: roles(&["owner", "sre"]),
            tier3: roles(&["owner"]),
            tier4: vec![],
        },
        categories: vec![
            category(
                "ops",
                vec![
                    item("ops.owner", Severity::Blocker, 5, 1),
                    item("ops.runbook", Severity::Major, 3, 2),
                    item("ops.chaos", Severity::Minor, 2, 3),
                ],
            ),
            category("obs", vec![alerts, dash, slo]),
            category("empty", vec![]),
        ],
    }
}

const ALL: [&str; 6] = [
    "ops.owner",
    "ops.runbook",
    "ops.chaos",
    "obs.alerts",
    "obs.dash",
    "obs.slo",
];

struct Case {
    template: Template,
    tier: Tier,
    answers: Vec<AnswerFact>,
    waivers: Vec<WaiverFact>,
    sign_offs: Vec<SignOffFact>,
    slo_count: usize,
    dependencies: Vec<DependencyFact>,
}

impl Case {
    /// A tier's case with every required sign-off approved, one SLO and no answers.
    fn new(tier: Tier) -> Self {
        let template = template();
        let sign_offs = template
            .signoffs
            .get(tier)
            .iter()
            .map(|role| SignOffFact {
                role: role.clone(),
                signer: "carol".into(),
                decision: SignOffDecision::Approve,
            })
            .collect();
        Self {
            template,
            tier,
            answers: vec![],
            waivers: vec![],
            sign_offs,
            slo_count: 1,
            dependencies: vec![],
        }
    }

    fn answer_full(
        mut self,
        key: &str,
        outcome: Outcome,
        source: ResponseSource,
        recorded_at: DateTime<Utc>,
        note: Option<&str>,
    ) -> Self {
        self.answers.retain(|a| a.item_key != key);
        self.answers.push(AnswerFact {
            item_key: key.into(),
            outcome,
            source,
            recorded_at,
            note: note.map(Into::into),
        });
        self
    }

    fn answer(self, key: &str, outcome: Outcome) -> Self {
        let note = (outcome == Outcome::NotApplicable).then_some("stateless");
        self.answer_full(key, outcome, ResponseSource::Manual, now(), note)
    }

    fn all(mut self, outcome: Outcome) -> Self {
        for key in ALL {
            self = self.answer(key, outcome);
        }
        self
    }

    fn waiver(mut self, key: &str, by: Option<&str>, expires_at: DateTime<Utc>) -> Self {
        self.waivers.push(WaiverFact {
            item_key: key.into(),
            state: WaiverState::Approved,
            reason: "vendor fix due next sprint".into(),
            requested_by: "alice".into(),
            approved_by: by.map(Into::into),
            expires_at,
        });
        self
    }

    fn eval(&self) -> Scorecard {
        evaluate(&ScoringInput {
            template: &self.template,
            tier: self.tier,
            answers: &self.answers,
            waivers: &self.waivers,
            sign_offs: &self.sign_offs,
            slo_count: self.slo_count,
            dependencies: &self.dependencies,
            now: now(),
        })
    }
}

fn codes(card: &Scorecard) -> Vec<&'static str> {
    card.reasons.iter().map(|r| r.code.as_str()).collect()
}

fn state(card: &Scorecard, key: &str) -> ItemState {
    card.items.iter().find(|i| i.key == key).unwrap().state
}

fn only(card: &Scorecard, code: ReasonCode) -> &Reason {
    let found: Vec<_> = card.reasons.iter().filter(|r| r.code == code).collect();
    assert_eq!(found.len(), 1, "{:#?}", card.reasons);
    found[0]
}

#[test]
fn everything_passing_is_go_at_the_top_level() {
    let card = Case::new(Tier::Tier1).all(Outcome::Pass).eval();
    assert_eq!(card.decision, Decision::Go);
    assert_eq!(card.score, 100.0);
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
    assert_eq!(card.score, 0.0);
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
    assert_eq!(card.score, 80.0);
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
    assert_eq!(card.score, 100.0);
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
fn not_applicable_everywhere_scores_100_at_the_top_level() {
    let card = Case::new(Tier::Tier2).all(Outcome::NotApplicable).eval();
    assert_eq!(card.score, 100.0);
    assert_eq!(card.level.number, 3);
    assert_eq!(card.decision, Decision::Go);
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
    assert_eq!(card.score, 100.0 * 13.0 / 18.0);
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
    assert_eq!(card.score, 100.0 * 13.0 / 18.0);
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
    assert_eq!(card.score, 100.0);

    let card = Case::new(Tier::Tier2)
        .all(Outcome::Pass)
        .answer("obs.slo", Outcome::Fail)
        .eval();
    assert_eq!(card.items.len(), 6);
    assert_eq!(card.score, 90.0);
    assert_eq!(card.level.number, 1);
}

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
        "../../../checklists/schema.json"
    ))
    .unwrap()
    .parse("x", include_str!("../../../checklists/orr-standard.yaml"))
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
