//! Properties of the scoring engine over random templates, answers, waivers and sign-offs.

use super::*;
use crate::domain::catalog::{DependencyKind, Tier};
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::review::{Outcome, ResponseSource, SignOffDecision, WaiverState};
use crate::domain::template::{Category, Item, Level, PerTier, Severity, Template};
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::Index;

const ROLES: [&str; 3] = ["owner", "sre", "security"];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

#[derive(Debug, Clone)]
struct Scenario {
    template: Template,
    tier: Tier,
    answers: Vec<AnswerFact>,
    waivers: Vec<WaiverFact>,
    sign_offs: Vec<SignOffFact>,
    slo_count: usize,
    dependencies: Vec<DependencyFact>,
}

impl Scenario {
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

    /// Records a fresh manual pass for `key`, replacing any earlier answer.
    fn pass(&mut self, key: &str) {
        self.answers.retain(|a| a.item_key != key);
        self.answers.push(AnswerFact {
            item_key: key.to_owned(),
            outcome: Outcome::Pass,
            source: ResponseSource::Manual,
            recorded_at: now(),
            note: None,
            responded_by: "alice".into(),
            na_review: None,
        });
    }

    /// Every required sign-off approved, and an SLO.
    fn with_signoffs_and_slo(mut self) -> Self {
        self.sign_offs = self
            .template
            .signoffs
            .get(self.tier)
            .iter()
            .map(|role| SignOffFact {
                role: role.clone(),
                signer: "carol".into(),
                decision: SignOffDecision::Approve,
            })
            .collect();
        self.slo_count = 1;
        self
    }
}

type ItemSpec = (usize, u8, u8, u8, Option<[bool; 4]>, Option<u16>, bool);

fn item_spec() -> impl Strategy<Value = ItemSpec> {
    (
        0..4usize,
        0..3u8,
        1..=10u8,
        1..=3u8,
        prop::option::of(any::<[bool; 4]>()),
        prop::option::of(1..30u16),
        prop::bool::weighted(0.2),
    )
}

fn template(
    n_cats: usize,
    specs: &[ItemSpec],
    thresholds: [f64; 4],
    roles: [[bool; 3]; 4],
) -> Template {
    let mut categories: Vec<Category> = (0..n_cats)
        .map(|c| Category {
            key: format!("c{c}"),
            title: format!("Category {c}"),
            description: None,
            items: vec![],
        })
        .collect();
    for (i, &(cat, sev, weight, level, tiers, freshness_days, na_requires_acceptance)) in
        specs.iter().enumerate()
    {
        let cat = cat % n_cats;
        categories[cat].items.push(Item {
            key: format!("c{cat}.i{i}"),
            title: format!("Item {i}"),
            guidance: "g".into(),
            severity: [Severity::Blocker, Severity::Major, Severity::Minor][usize::from(sev)],
            weight,
            level,
            tiers: tiers.map(|t| {
                Tier::ALL
                    .iter()
                    .zip(t)
                    .filter_map(|(tier, on)| on.then_some(*tier))
                    .collect()
            }),
            freshness_days,
            na_requires_acceptance,
            check: None,
        });
    }
    let roles_of = |t: usize| -> Vec<String> {
        ROLES
            .iter()
            .zip(roles[t])
            .filter(|(_, on)| *on)
            .map(|(r, _)| r.to_string())
            .collect()
    };
    Template {
        key: "p".into(),
        name: "Prop".into(),
        description: None,
        levels: (1..=3)
            .map(|number| Level {
                number,
                name: format!("L{number}"),
                description: None,
            })
            .collect(),
        thresholds: PerTier {
            tier1: thresholds[0],
            tier2: thresholds[1],
            tier3: thresholds[2],
            tier4: thresholds[3],
        },
        signoffs: PerTier {
            tier1: roles_of(0),
            tier2: roles_of(1),
            tier3: roles_of(2),
            tier4: roles_of(3),
        },
        categories,
    }
}

/// (outcome, automated, age in days, has a note, verdict on a not applicable claim: none,
/// accepted by someone else, accepted by the answerer, rejected)
type AnswerSpec = Option<(u8, bool, i64, bool, u8)>;
/// (state, self-approved, expiry offset in hours)
type WaiverSpec = Option<(u8, bool, i64)>;

prop_compose! {
    fn scenario()(
        n_cats in 1..=4usize,
        specs in prop::collection::vec(item_spec(), 1..=12),
        thresholds in any::<[u8; 4]>().prop_map(|t| t.map(|v| f64::from(v % 101))),
        roles in any::<[[bool; 3]; 4]>(),
        tier in 0..4usize,
        answers in prop::collection::vec(
            prop::option::weighted(0.85, (0..5u8, any::<bool>(), 0..40i64, prop::bool::weighted(0.8), 0..4u8)),
            12,
        ),
        waivers in prop::collection::vec(
            prop::option::weighted(0.3, (0..3u8, prop::bool::weighted(0.2), -72..72i64)),
            12,
        ),
        sign_offs in any::<[u8; 3]>(),
        slo_count in 0..3usize,
        deps in prop::collection::vec((any::<bool>(), 0..4u8), 0..3),
    ) -> Scenario {
        let template = template(n_cats, &specs, thresholds, roles);
        let keys: Vec<String> = template.items().map(|(_, i)| i.key.clone()).collect();
        let answers = keys.iter().zip(&answers).filter_map(|(key, a): (&String, &AnswerSpec)| {
            a.map(|(outcome, automated, age, note, verdict)| AnswerFact {
                item_key: key.clone(),
                outcome: Outcome::ALL[usize::from(outcome) % Outcome::ALL.len()],
                source: if automated { ResponseSource::Automated } else { ResponseSource::Manual },
                recorded_at: now() - Duration::days(age),
                note: note.then(|| "reason".to_owned()),
                responded_by: "alice".into(),
                na_review: match verdict {
                    1 => Some(NaReviewFact { state: NaAcceptance::Accepted, by: "bob".into() }),
                    2 => Some(NaReviewFact { state: NaAcceptance::Accepted, by: "alice".into() }),
                    3 => Some(NaReviewFact { state: NaAcceptance::Rejected, by: "bob".into() }),
                    _ => None,
                },
            })
        }).collect();
        let waivers = keys.iter().zip(&waivers).filter_map(|(key, w): (&String, &WaiverSpec)| {
            w.map(|(state, self_approved, hours)| WaiverFact {
                item_key: key.clone(),
                state: [WaiverState::Approved, WaiverState::Approved, WaiverState::Requested][usize::from(state)],
                reason: "because".into(),
                requested_by: "alice".into(),
                approved_by: Some(if self_approved { "alice" } else { "bob" }.into()),
                expires_at: now() + Duration::hours(hours),
            })
        }).collect();
        let sign_offs = ROLES.iter().zip(sign_offs).filter_map(|(role, s)| {
            let decision = match s % 3 {
                0 => return None,
                1 => SignOffDecision::Approve,
                _ => SignOffDecision::Reject,
            };
            Some(SignOffFact { role: role.to_string(), signer: "dave".into(), decision })
        }).collect();
        let dependencies = deps.iter().enumerate().map(|(i, &(hard, gate))| DependencyFact {
            name: format!("dep{i}"),
            kind: if hard { DependencyKind::Hard } else { DependencyKind::Soft },
            gate: [None, Some(Decision::Go), Some(Decision::GoWithConditions), Some(Decision::NoGo)][usize::from(gate)],
        }).collect();
        Scenario { template, tier: Tier::ALL[tier], answers, waivers, sign_offs, slo_count, dependencies }
    }
}

fn is_open(state: ItemState) -> bool {
    state.is_open()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn item_states_need_only_answers_and_waivers(s in scenario()) {
        // The review sheet reads item states without the gate's facts; they must be the
        // scorecard's, whatever the sign-offs, SLOs and dependencies.
        let alone = item_states(&ScoringInput {
            template: &s.template,
            tier: s.tier,
            answers: &s.answers,
            waivers: &s.waivers,
            sign_offs: &[],
            slo_count: 0,
            dependencies: &[],
            now: now(),
        });
        prop_assert_eq!(alone, s.eval().items);
    }

    #[test]
    fn scores_are_percentages(s in scenario()) {
        let card = s.eval();
        if let Some(score) = card.score {
            prop_assert!((0.0..=100.0).contains(&score), "{score}");
        }
        for c in &card.categories {
            if let Some(score) = c.score {
                prop_assert!((0.0..=100.0).contains(&score), "{}: {score}", c.key);
            }
        }
        prop_assert!(card.level.number <= 3);
        let applicable = s.template.items().filter(|(_, i)| i.applies_to(s.tier)).count();
        prop_assert_eq!(card.items.len(), applicable);
    }

    #[test]
    fn one_more_pass_never_lowers_score_or_level(s in scenario(), pick in any::<Index>()) {
        let before = s.eval();
        let candidates: Vec<&ItemResult> =
            before.items.iter().filter(|i| i.state != ItemState::Pass).collect();
        prop_assume!(!candidates.is_empty());
        let key = candidates[pick.index(candidates.len())].key.clone();
        let mut s = s;
        s.pass(&key);
        let after = s.eval();
        // `None` (nothing assessed) sorts below any score.
        prop_assert!(after.score >= before.score, "{:?} < {:?}", after.score, before.score);
        prop_assert!(after.level.number >= before.level.number);
    }

    #[test]
    fn go_never_hides_an_open_blocker(s in scenario()) {
        let card = s.eval();
        if card.decision == Decision::Go {
            prop_assert!(card.reasons.is_empty());
        }
        if card.decision != Decision::NoGo {
            prop_assert!(!card.items.iter().any(|i| i.blocker && is_open(i.state)));
            prop_assert!(card.next_steps.is_empty());
        }
    }

    #[test]
    fn nothing_assessed_is_no_score_and_no_go(s in scenario()) {
        let card = s.eval();
        let assessed = card.items.iter().any(|i| i.state != ItemState::NotApplicable);
        prop_assert_eq!(card.score.is_some(), assessed);
        let flagged = card.reasons.iter().any(|r| r.code == ReasonCode::NothingAssessed);
        prop_assert_eq!(flagged, !assessed);
        if !assessed {
            prop_assert_eq!(card.decision, Decision::NoGo);
            prop_assert_eq!(card.level.number, 0);
        }
    }

    #[test]
    fn unaccepted_not_applicable_counts_as_unanswered(s in scenario()) {
        let card = s.eval();
        for i in card.items.iter().filter(|i| i.state == ItemState::NotApplicableUnaccepted) {
            prop_assert_eq!(i.state.credit(), Some(0.0));
            let reason = card.reasons.iter().find(|r| {
                r.code == ReasonCode::NotApplicableUnaccepted && r.item_key.as_deref() == Some(&i.key)
            });
            prop_assert!(reason.is_some_and(|r| r.blocking == i.blocker), "{}", i.key);
        }
    }

    #[test]
    fn no_go_iff_a_blocking_reason(s in scenario()) {
        let card = s.eval();
        let blocking = card.reasons.iter().any(|r| r.blocking);
        prop_assert_eq!(card.decision == Decision::NoGo, blocking);
        let first_condition = card.reasons.iter().position(|r| !r.blocking);
        if let Some(p) = first_condition {
            prop_assert!(card.reasons[p..].iter().all(|r| !r.blocking), "blocking reasons come first");
        }
    }

    #[test]
    fn next_steps_clear_the_item_caused_blocks(s in scenario()) {
        let mut s = s.with_signoffs_and_slo();
        let card = s.eval();
        prop_assume!(card.decision == Decision::NoGo);
        // Nothing assessed is not item-caused: no item is open to fix.
        prop_assume!(card.score.is_some());
        prop_assert!(!card.next_steps.is_empty());
        for key in &card.next_steps {
            let item = card.items.iter().find(|i| &i.key == key);
            prop_assert!(item.is_some_and(|i| is_open(i.state)), "{key} is not open");
            s.pass(key);
        }
        let weights: Vec<u8> = card.next_steps.iter()
            .map(|k| card.items.iter().find(|i| &i.key == k).map_or(0, |i| i.weight))
            .collect();
        prop_assert!(weights.windows(2).all(|w| w[0] >= w[1]), "heaviest first: {weights:?}");
        let after = s.eval();
        prop_assert!(
            !after.reasons.iter().any(|r| matches!(
                r.code,
                ReasonCode::BlockerFailing | ReasonCode::BelowTierThreshold
            )),
            "{:#?}",
            after.reasons
        );
        prop_assert_ne!(after.decision, Decision::NoGo);
    }
}
