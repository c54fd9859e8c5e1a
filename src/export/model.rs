//! The report as the GraphQL API returns it for [`super::REPORT_QUERY`]: typed, so every
//! renderer reads the same JSON. Enum values stay the API's strings (`GO`, `TIER1`,
//! `PRODUCTION`, …): the files show what the API says, and CSV cells equal the JSON's.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// `data.portfolioReport`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportDoc {
    /// Readiness now.
    pub readiness: ReadinessDoc,
    /// Teams × categories, worst first.
    pub heat_map: Vec<HeatCellDoc>,
    /// Items to fix, heaviest first.
    pub fix_first: Vec<FixItemDoc>,
    /// Waivers and action items at risk.
    pub risk: RiskDoc,
    /// Score and gate mix over the period.
    pub trend: TrendDoc,
    /// Largest score changes over the period.
    pub movers: MoversDoc,
    /// Every selected service, by slug.
    pub services: Vec<ServiceDoc>,
}

/// `ServiceFigure`: a count and the services behind it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FigureDoc {
    /// How many services.
    pub count: u32,
    /// Their slugs, sorted.
    pub services: Vec<String>,
}

/// `LevelFigure`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelFigureDoc {
    /// The level (0: none reached).
    pub level: u32,
    /// The services at it.
    pub figure: FigureDoc,
}

/// `GateMix`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MixDoc {
    /// Every service of the set.
    pub total: FigureDoc,
    /// Gate `GO`.
    pub go: FigureDoc,
    /// Gate `GO_WITH_CONDITIONS`.
    pub go_with_conditions: FigureDoc,
    /// Gate `NO_GO`.
    pub no_go: FigureDoc,
    /// Never scored.
    pub unscored: FigureDoc,
    /// Scored services per level, lowest first.
    pub levels: Vec<LevelFigureDoc>,
}

/// `TeamMix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMixDoc {
    /// The team's slug.
    pub team: String,
    /// Its services' mix.
    pub mix: MixDoc,
}

/// `TierMix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierMixDoc {
    /// The tier (`TIER1` …).
    pub tier: String,
    /// Its services' mix.
    pub mix: MixDoc,
}

/// `LifecycleMix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleMixDoc {
    /// The lifecycle stage (`PRODUCTION` …).
    pub lifecycle: String,
    /// Its services' mix.
    pub mix: MixDoc,
}

/// `ReportOverride`: an approval over `NO_GO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverrideDoc {
    /// The service's slug.
    pub service: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// `Readiness`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessDoc {
    /// Every selected service.
    pub overall: MixDoc,
    /// Per team.
    pub by_team: Vec<TeamMixDoc>,
    /// Per tier.
    pub by_tier: Vec<TierMixDoc>,
    /// Per lifecycle stage.
    pub by_lifecycle: Vec<LifecycleMixDoc>,
    /// Production services whose current review is not approved.
    pub production_unapproved: FigureDoc,
    /// Services approved over `NO_GO` in the period.
    pub approved_over_no_go: FigureDoc,
    /// Those approvals, newest first.
    pub overrides: Vec<OverrideDoc>,
}

/// `HeatCell`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatCellDoc {
    /// The team's slug.
    pub team: String,
    /// Category key.
    pub category: String,
    /// Category title.
    pub category_title: String,
    /// Applicable items.
    pub applicable: u32,
    /// Of those, met.
    pub met: u32,
    /// `met / applicable` (null: nothing applies).
    pub share: Option<f64>,
    /// The team's services with an item in the category.
    pub services: FigureDoc,
    /// Those with an item not met.
    pub services_not_met: FigureDoc,
}

/// `FixItem`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixItemDoc {
    /// Item key.
    pub item_key: String,
    /// Item title.
    pub title: String,
    /// Category key.
    pub category: String,
    /// Whether it is a blocker.
    pub blocker: bool,
    /// Σ tier weight over its services.
    pub weight: u32,
    /// The services where it is to be fixed.
    pub figure: FigureDoc,
}

/// `WaiverRisk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaiverRiskDoc {
    /// The service's slug.
    pub service: String,
    /// The waived item.
    pub item_key: String,
    /// When it expires (or expired).
    pub expires_at: DateTime<Utc>,
}

/// `ActionItemRisk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionItemRiskDoc {
    /// The service's slug.
    pub service: String,
    /// What is to be done.
    pub title: String,
    /// Who does it.
    pub owner: String,
    /// When it was due.
    pub due_date: NaiveDate,
}

/// `Risk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskDoc {
    /// Approved waivers expiring within 30 days.
    pub waivers_expiring: Vec<WaiverRiskDoc>,
    /// Their services.
    pub waivers_expiring_services: FigureDoc,
    /// Waivers expired and not renewed.
    pub waivers_expired: Vec<WaiverRiskDoc>,
    /// Their services.
    pub waivers_expired_services: FigureDoc,
    /// Open action items past due.
    pub overdue_action_items: Vec<ActionItemRiskDoc>,
    /// Their services.
    pub overdue_action_items_services: FigureDoc,
    /// Approved reviews due for re-review.
    pub reviews_overdue: Vec<OverdueReviewDoc>,
    /// Their services.
    pub reviews_overdue_services: FigureDoc,
    /// SLOs with the budget spent.
    pub slos_exhausted: Vec<SloRiskDoc>,
    /// Their services.
    pub slos_exhausted_services: FigureDoc,
    /// SLOs burning fast.
    pub slos_burning_fast: Vec<SloRiskDoc>,
    /// Their services.
    pub slos_burning_fast_services: FigureDoc,
}

/// `LevelCount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCountDoc {
    /// The level.
    pub level: u32,
    /// Services at it.
    pub count: u32,
}

/// `TrendPoint`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendPointDoc {
    /// The bucket's start.
    pub start: DateTime<Utc>,
    /// Services counted.
    pub services: u32,
    /// Their mean score (null: none has one).
    pub mean_score: Option<f64>,
    /// At `GO`.
    pub go: u32,
    /// At `GO_WITH_CONDITIONS`.
    pub go_with_conditions: u32,
    /// At `NO_GO`.
    pub no_go: u32,
    /// Per level.
    pub levels: Vec<LevelCountDoc>,
}

/// `Trend`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendDoc {
    /// `WEEK` or `MONTH`.
    pub granularity: String,
    /// Oldest first.
    pub points: Vec<TrendPointDoc>,
}

/// `Mover`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoverDoc {
    /// The service's slug.
    pub service: String,
    /// Score at the start.
    pub before: f64,
    /// Score at the end.
    pub after: f64,
    /// `after - before`.
    pub delta: f64,
    /// Gate at the start.
    pub gate_before: String,
    /// Gate at the end.
    pub gate_after: String,
    /// Items no longer open at the end (null: not known for this period).
    pub items_fixed: Option<Vec<MovedItemDoc>>,
    /// Items newly open at the end (null: not known for this period).
    pub items_regressed: Option<Vec<MovedItemDoc>>,
}

/// `MovedItem`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedItemDoc {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: String,
}

/// `OverdueReview`: an approved review due for re-review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverdueReviewDoc {
    /// The service's slug.
    pub service: String,
    /// When it was approved.
    pub approved_at: DateTime<Utc>,
    /// When it falls due by age.
    pub due_at: DateTime<Utc>,
    /// `AGE` or `DRIFT`.
    pub reason: String,
}

/// `SloRisk`: an SLO spent or burning fast, as last measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SloRiskDoc {
    /// The service's slug.
    pub service: String,
    /// The SLO's name.
    pub slo: String,
    /// When it was measured.
    pub measured_at: DateTime<Utc>,
    /// `BREACHING`, `MEETING`, …
    pub state: String,
    /// Budget remaining (fraction).
    pub budget_remaining: Option<f64>,
    /// Burn rate over one hour.
    #[serde(rename = "burnRate1h")]
    pub burn_rate_1h: Option<f64>,
    /// Burn rate over six hours.
    #[serde(rename = "burnRate6h")]
    pub burn_rate_6h: Option<f64>,
}

/// `Movers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoversDoc {
    /// Largest rises first.
    pub most_improved: Vec<MoverDoc>,
    /// Largest falls first.
    pub biggest_drops: Vec<MoverDoc>,
}

/// `ReportService`: one row per service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDoc {
    /// Slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Owning team's slug.
    pub team: String,
    /// `TIER1` …
    pub tier: String,
    /// `PRODUCTION` …
    pub lifecycle: String,
    /// Latest score (null: never scored or nothing assessed).
    pub score: Option<f64>,
    /// Latest maturity level (null: never scored).
    pub level: Option<u32>,
    /// Latest gate (null: never scored).
    pub gate: Option<String>,
    /// Current review's state (null: none).
    pub review_state: Option<String>,
    /// Applicable items.
    pub items_applicable: u32,
    /// Met items.
    pub items_met: u32,
    /// Failing items.
    pub items_failing: u32,
    /// Open blockers.
    pub open_blockers: u32,
    /// Score change over the period (null: unknown).
    pub score_change: Option<f64>,
}
