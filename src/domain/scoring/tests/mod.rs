//! Scoring rules and their boundaries, on small templates built in code.

use super::*;
use crate::domain::catalog::{DependencyKind, Tier};
use crate::domain::not_applicable::NaAcceptance;
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
        na_requires_acceptance: false,
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
            responded_by: "alice".into(),
            na_review: None,
        });
        self
    }

    /// `by`'s verdict on the not applicable claim on `key` (answered by alice).
    fn na_verdict(mut self, key: &str, state: NaAcceptance, by: &str) -> Self {
        let a = self.answers.iter_mut().find(|a| a.item_key == key).unwrap();
        a.na_review = Some(NaReviewFact {
            state,
            by: by.into(),
        });
        self
    }

    /// Not applicable on `key`, accepted by bob.
    fn accepted_na(self, key: &str) -> Self {
        self.answer(key, Outcome::NotApplicable)
            .na_verdict(key, NaAcceptance::Accepted, "bob")
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
        self.eval_at(now())
    }

    fn eval_at(&self, at: DateTime<Utc>) -> Scorecard {
        evaluate(&ScoringInput {
            template: &self.template,
            tier: self.tier,
            answers: &self.answers,
            waivers: &self.waivers,
            sign_offs: &self.sign_offs,
            slo_count: self.slo_count,
            dependencies: &self.dependencies,
            now: at,
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

mod changes;
mod gate;
mod items;
mod levels;
mod not_applicable;
mod whole_template;
