//! Inputs and outputs of the scoring engine.

use crate::domain::catalog::{DependencyKind, Tier};
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::review::{Outcome, ResponseSource, SignOffDecision, WaiverState};
use crate::domain::template::Template;
use chrono::{DateTime, Utc};

/// A recorded answer to one item.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerFact {
    /// Item key.
    pub item_key: String,
    /// Recorded outcome.
    pub outcome: Outcome,
    /// Manual or automated.
    pub source: ResponseSource,
    /// When it was recorded (automated evidence goes stale after the item's freshness window).
    pub recorded_at: DateTime<Utc>,
    /// Note; the reason for `not_applicable`.
    pub note: Option<String>,
    /// Who recorded the answer (a person's login, or Orrery's for automation).
    pub responded_by: String,
    /// For a `not_applicable` answer: the second person's verdict on the claim, if any.
    pub na_review: Option<NaReviewFact>,
}

/// A second person's verdict on a `not_applicable` claim.
#[derive(Debug, Clone, PartialEq)]
pub struct NaReviewFact {
    /// Accepted or rejected (a pending claim has no verdict).
    pub state: NaAcceptance,
    /// Who gave the verdict.
    pub by: String,
}

/// A waiver on one item.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiverFact {
    /// Item key.
    pub item_key: String,
    /// State.
    pub state: WaiverState,
    /// Why.
    pub reason: String,
    /// Who asked.
    pub requested_by: String,
    /// Who decided, if anyone.
    pub approved_by: Option<String>,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
}

/// A sign-off given for one role.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOffFact {
    /// Role.
    pub role: String,
    /// Signer.
    pub signer: String,
    /// Approve or reject.
    pub decision: SignOffDecision,
}

/// A dependency and, for catalog services, that service's own gate decision.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyFact {
    /// Slug of the service depended on, or the external system's name.
    pub name: String,
    /// Hard or soft.
    pub kind: DependencyKind,
    /// The dependency's gate, when it is a catalog service with a scorecard.
    pub gate: Option<Decision>,
}

/// Everything the engine needs about one service's current review.
#[derive(Debug, Clone)]
pub struct ScoringInput<'a> {
    /// The review's pinned template.
    pub template: &'a Template,
    /// The service's tier.
    pub tier: Tier,
    /// Recorded answers (at most one per item; items without one are unanswered).
    pub answers: &'a [AnswerFact],
    /// Waivers of the review, in any state.
    pub waivers: &'a [WaiverFact],
    /// Sign-offs given.
    pub sign_offs: &'a [SignOffFact],
    /// Number of SLOs the service defines.
    pub slo_count: usize,
    /// Dependencies the service declares.
    pub dependencies: &'a [DependencyFact],
    /// The evaluation instant.
    pub now: DateTime<Utc>,
}

/// The launch gate's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Decision {
    /// Nothing open.
    Go,
    /// Only warnings remain.
    GoWithConditions,
    /// Something blocks the launch.
    NoGo,
}

impl Decision {
    /// `GO`, `GO_WITH_CONDITIONS` or `NO_GO`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Go => "GO",
            Self::GoWithConditions => "GO_WITH_CONDITIONS",
            Self::NoGo => "NO_GO",
        }
    }

    /// Parses [`Decision::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "GO" => Some(Self::Go),
            "GO_WITH_CONDITIONS" => Some(Self::GoWithConditions),
            "NO_GO" => Some(Self::NoGo),
            _ => None,
        }
    }
}

/// Stable reason codes; part of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    /// An applicable blocker fails, is unanswered, errored or stale, without a valid waiver.
    BlockerFailing,
    /// The score is below the tier's threshold.
    BelowTierThreshold,
    /// A required sign-off is missing (or was a rejection).
    SignoffMissing,
    /// A tier1/tier2 service has no SLO.
    NoSlo,
    /// A waiver that covered an item has expired (the item reverts to its outcome).
    WaiverExpired,
    /// A hard dependency's own gate is NO_GO.
    DependencyNotReady,
    /// An item passes only thanks to a valid waiver.
    ItemWaived,
    /// A non-blocker item fails, is unanswered, errored or stale.
    ItemOpen,
    /// An item that needs a second person's acceptance of `not_applicable` (every blocker,
    /// and items the template marks) has not been accepted by someone other than the
    /// answerer. Blocking for blockers, a condition otherwise.
    NotApplicableUnaccepted,
    /// Nothing applicable remains to assess (every item is not applicable, or none
    /// applies): the score is null and the gate never says GO.
    NothingAssessed,
}

impl ReasonCode {
    /// Wire spelling, e.g. `BLOCKER_FAILING`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BlockerFailing => "BLOCKER_FAILING",
            Self::BelowTierThreshold => "BELOW_TIER_THRESHOLD",
            Self::SignoffMissing => "SIGNOFF_MISSING",
            Self::NoSlo => "NO_SLO",
            Self::WaiverExpired => "WAIVER_EXPIRED",
            Self::DependencyNotReady => "DEPENDENCY_NOT_READY",
            Self::ItemWaived => "ITEM_WAIVED",
            Self::ItemOpen => "ITEM_OPEN",
            Self::NotApplicableUnaccepted => "NOT_APPLICABLE_UNACCEPTED",
            Self::NothingAssessed => "NOTHING_ASSESSED",
        }
    }

    /// Every code, in declaration order.
    pub const ALL: [Self; 10] = [
        Self::BlockerFailing,
        Self::BelowTierThreshold,
        Self::SignoffMissing,
        Self::NoSlo,
        Self::WaiverExpired,
        Self::DependencyNotReady,
        Self::ItemWaived,
        Self::ItemOpen,
        Self::NotApplicableUnaccepted,
        Self::NothingAssessed,
    ];

    /// Parses [`ReasonCode::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One reason behind a gate decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Stable code.
    pub code: ReasonCode,
    /// Sentence a launch review meeting can act on.
    pub message: String,
    /// The item concerned, if any.
    pub item_key: Option<String>,
    /// Another entity concerned (a role, a dependency), if any.
    pub entity: Option<String>,
    /// Whether this reason alone makes the gate NO_GO (otherwise it is a condition).
    pub blocking: bool,
}

/// The effective state of one item at the evaluation instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemState {
    /// Passes (credit 1).
    Pass,
    /// Covered by a valid waiver (credit 1, reported apart).
    Waived,
    /// Fails (credit 0).
    Fail,
    /// Not answered (credit 0).
    Unanswered,
    /// Automated check could not run (credit 0).
    Error,
    /// Automated evidence older than the freshness window (credit 0).
    Stale,
    /// Not applicable (out of the denominator).
    NotApplicable,
    /// Marked not applicable, but the item needs a second person's acceptance and has not
    /// got it (pending or rejected): counts as unanswered (credit 0).
    NotApplicableUnaccepted,
}

impl ItemState {
    /// Credit toward the score, or `None` when the item leaves the denominator.
    pub fn credit(self) -> Option<f64> {
        match self {
            Self::Pass | Self::Waived => Some(1.0),
            Self::Fail
            | Self::Unanswered
            | Self::Error
            | Self::Stale
            | Self::NotApplicableUnaccepted => Some(0.0),
            Self::NotApplicable => None,
        }
    }

    /// Met for maturity levels: passing or validly waived.
    pub fn is_met(self) -> bool {
        matches!(self, Self::Pass | Self::Waived)
    }

    /// Still to do: failing, unanswered, errored, stale or an unaccepted not applicable
    /// (and not waived).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Fail
                | Self::Unanswered
                | Self::Error
                | Self::Stale
                | Self::NotApplicableUnaccepted
        )
    }
}

/// One applicable item's evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    /// Item key.
    pub key: String,
    /// Category key.
    pub category: String,
    /// Effective state.
    pub state: ItemState,
    /// Weight.
    pub weight: u8,
    /// Level.
    pub level: u8,
    /// Whether the item is a blocker.
    pub blocker: bool,
}

/// Per-category roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryResult {
    /// Category key.
    pub key: String,
    /// Title.
    pub title: String,
    /// 0–100, or `None` when nothing in it applies.
    pub score: Option<f64>,
    /// Counts by state.
    pub passed: u32,
    /// Failing (including errored and stale).
    pub failed: u32,
    /// Validly waived.
    pub waived: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Unanswered.
    pub unanswered: u32,
}

/// A maturity level reached (or aimed at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelRef {
    /// 0 when no level is reached.
    pub number: u8,
    /// Name from the template ("None" for 0).
    pub name: String,
}

/// The next level and what stands in its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextLevel {
    /// The level.
    pub level: LevelRef,
    /// Applicable items at levels ≤ it that are not met, in template order.
    pub missing_items: Vec<String>,
}

/// The scorecard of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// 0–100 over applicable items; `None` when nothing applicable remains to assess.
    pub score: Option<f64>,
    /// Highest level whose items at or below it are all met (0 when nothing is assessed).
    pub level: LevelRef,
    /// The next level, if any.
    pub next_level: Option<NextLevel>,
    /// Gate decision.
    pub decision: Decision,
    /// Every reason, blocking ones first.
    pub reasons: Vec<Reason>,
    /// For NO_GO: the shortest list of items whose fixing would flip the item-related
    /// blocking reasons, heaviest first.
    pub next_steps: Vec<String>,
    /// Per category, in template order.
    pub categories: Vec<CategoryResult>,
    /// Per applicable item, in template order.
    pub items: Vec<ItemResult>,
    /// The next instant after the evaluation instant at which time alone changes an item's
    /// state (a waiver in force expires, automated evidence goes stale), so this scorecard
    /// must be computed again; `None` when nothing here changes with time.
    pub changes_at: Option<DateTime<Utc>>,
}
