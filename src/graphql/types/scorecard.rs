//! `Scorecard`: readiness score, maturity level and launch gate, with reasons.

use crate::domain::scoring::{self as s};
use async_graphql::{Enum, Object, SimpleObject};

/// The launch gate's decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "s::Decision")]
pub enum GateDecision {
    /// Nothing open.
    Go,
    /// Only warnings remain.
    GoWithConditions,
    /// Something blocks the launch.
    NoGo,
}

/// Why the gate decided as it did.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "s::ReasonCode")]
pub enum ReasonCode {
    /// A blocker is failing, unanswered, errored or stale without a valid waiver.
    BlockerFailing,
    /// The score is below the tier's threshold.
    BelowTierThreshold,
    /// A required sign-off is missing or was a rejection.
    SignoffMissing,
    /// A tier1/tier2 service defines no SLO.
    NoSlo,
    /// A waiver expired; the item counts as its underlying outcome again.
    WaiverExpired,
    /// A hard dependency's own gate is NO_GO.
    DependencyNotReady,
    /// An item passes only thanks to a waiver.
    ItemWaived,
    /// A non-blocker item is not met.
    ItemOpen,
    /// Not applicable on an item that needs a second person's acceptance (every blocker,
    /// and items the template marks) is not accepted yet, or was rejected: the item counts
    /// as unanswered. Blocking on a blocker, a condition otherwise.
    NotApplicableUnaccepted,
    /// Nothing applicable remains to assess: the score is null and the gate NO_GO.
    NothingAssessed,
}

/// The effective state of an item.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "s::ItemState")]
pub enum ItemState {
    /// Passes.
    Pass,
    /// Covered by a valid waiver.
    Waived,
    /// Fails.
    Fail,
    /// Not answered.
    Unanswered,
    /// Automated check could not run.
    Error,
    /// Automated evidence is older than its freshness window.
    Stale,
    /// Not applicable.
    NotApplicable,
    /// Marked not applicable, but a second person has not accepted it (pending or
    /// rejected): counts as unanswered.
    NotApplicableUnaccepted,
}

/// A maturity level.
#[derive(SimpleObject)]
pub struct LevelInfo {
    /// 0 when no level is reached.
    pub number: i32,
    /// Name from the template.
    pub name: String,
}

/// The next level and what is missing for it.
#[derive(SimpleObject)]
pub struct NextLevelInfo {
    /// Level number.
    pub number: i32,
    /// Level name.
    pub name: String,
    /// Keys of the items still to meet.
    pub missing_items: Vec<String>,
}

/// One reason behind the gate.
#[derive(SimpleObject)]
pub struct GateReason {
    /// Stable code.
    pub code: ReasonCode,
    /// What to act on.
    pub message: String,
    /// Item concerned.
    pub item_key: Option<String>,
    /// Role or dependency concerned.
    pub entity: Option<String>,
    /// Whether this reason alone stops the launch.
    pub blocking: bool,
}

/// The gate.
#[derive(SimpleObject)]
pub struct Gate {
    /// Decision.
    pub decision: GateDecision,
    /// Reasons, blocking first.
    pub reasons: Vec<GateReason>,
}

/// A category's roll-up.
#[derive(SimpleObject)]
pub struct CategoryScore {
    /// Category key.
    pub key: String,
    /// Title.
    pub title: String,
    /// 0–100; null when nothing in it applies.
    pub score: Option<f64>,
    /// Passing items.
    pub passed: i32,
    /// Failing, errored or stale items.
    pub failed: i32,
    /// Waived items.
    pub waived: i32,
    /// Not applicable items.
    pub not_applicable: i32,
    /// Unanswered items.
    pub unanswered: i32,
}

/// One item's evaluation.
#[derive(SimpleObject)]
pub struct ScoredItem {
    /// Item key.
    pub key: String,
    /// Category key.
    pub category: String,
    /// Effective state.
    pub state: ItemState,
    /// Weight.
    pub weight: i32,
    /// Level.
    pub level: i32,
    /// Blocker?
    pub blocker: bool,
}

/// A scorecard.
pub struct Scorecard(pub s::Scorecard);

#[Object]
impl Scorecard {
    /// Readiness score 0–100 over applicable items; null when nothing applicable remains to
    /// assess (the gate is then NO_GO with `NOTHING_ASSESSED`).
    async fn score(&self) -> Option<f64> {
        self.0.score
    }
    /// Maturity level reached.
    async fn level(&self) -> LevelInfo {
        LevelInfo {
            number: i32::from(self.0.level.number),
            name: self.0.level.name.clone(),
        }
    }
    /// The next level, if any, and its missing items.
    async fn next_level(&self) -> Option<NextLevelInfo> {
        self.0.next_level.as_ref().map(|n| NextLevelInfo {
            number: i32::from(n.level.number),
            name: n.level.name.clone(),
            missing_items: n.missing_items.clone(),
        })
    }
    /// The launch gate with its reasons.
    async fn gate(&self) -> Gate {
        Gate {
            decision: self.0.decision.into(),
            reasons: self
                .0
                .reasons
                .iter()
                .map(|r| GateReason {
                    code: r.code.into(),
                    message: r.message.clone(),
                    item_key: r.item_key.clone(),
                    entity: r.entity.clone(),
                    blocking: r.blocking,
                })
                .collect(),
        }
    }
    /// For NO_GO: the fewest items whose fixing flips the item-caused blockers, heaviest first.
    async fn next_steps(&self) -> &[String] {
        &self.0.next_steps
    }
    /// Per category.
    async fn categories(&self) -> Vec<CategoryScore> {
        self.0
            .categories
            .iter()
            .map(|c| CategoryScore {
                key: c.key.clone(),
                title: c.title.clone(),
                score: c.score,
                passed: c.passed as i32,
                failed: c.failed as i32,
                waived: c.waived as i32,
                not_applicable: c.not_applicable as i32,
                unanswered: c.unanswered as i32,
            })
            .collect()
    }
    /// Per applicable item.
    async fn items(&self) -> Vec<ScoredItem> {
        self.0
            .items
            .iter()
            .map(|i| ScoredItem {
                key: i.key.clone(),
                category: i.category.clone(),
                state: i.state.into(),
                weight: i32::from(i.weight),
                level: i32::from(i.level),
                blocker: i.blocker,
            })
            .collect()
    }
}
