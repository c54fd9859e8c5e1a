//! Portfolio reports for leadership: pure aggregation of per-service rows (latest score
//! snapshot, current review, item states, waivers, action items) into the figures of a
//! report. Every figure carries the slugs of the services behind it. No I/O, no clock: the
//! reference instant comes in with the input.

mod fix;
mod heat;
mod movers;
mod readiness;
mod rereview;
mod risk;
mod services;
mod slo_risk;
mod trend;

#[cfg(test)]
mod tests;

use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::review::{ReviewState, WaiverState};
use crate::domain::scoring::{Decision, ItemState};
use chrono::{DateTime, NaiveDate, Utc};

pub use fix::{FixItem, tier_weight};
pub use heat::HeatCell;
pub use movers::{
    MOVERS_SHOWN, MovedItem, MovedItems, Mover, Movers, attribute, score_changes,
    snapshots_to_attribute,
};
pub use readiness::{Group, LevelFigure, Mix, Readiness};
pub use rereview::{ApprovalRow, OverdueReason, OverdueReview, REREVIEW_AFTER_DAYS};
pub use risk::{ActionItemRisk, EXPIRY_HORIZON_DAYS, Risk, WaiverRisk};
pub use services::{ServiceSummary, is_failing};
pub use slo_risk::{FAST_BURN_1H, FAST_BURN_6H, SloRisk, SloRow, slo_risk};
pub use trend::{
    Granularity, LevelCount, SnapshotRow, Trend, TrendPoint, WEEKLY_MAX_WEEKS, month_start,
    week_start,
};

/// One service of the report with what is known of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    /// Slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Owning team's slug.
    pub team: String,
    /// Tier.
    pub tier: Tier,
    /// Lifecycle stage.
    pub lifecycle: Lifecycle,
    /// Score of the latest score snapshot (`None`: never scored, or nothing assessed).
    pub score: Option<f64>,
    /// Gate of the latest score snapshot (`None`: never scored).
    pub gate: Option<Decision>,
    /// Maturity level of the latest score snapshot (`None`: never scored).
    pub level: Option<u8>,
    /// State of the current review (`None`: no current review).
    pub review_state: Option<ReviewState>,
    /// Applicable items of the current review with their effective states.
    pub items: Vec<ItemRow>,
}

/// One item of a service's current review, as the scoring engine judges it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: String,
    /// Category key.
    pub category: String,
    /// Category title.
    pub category_title: String,
    /// Effective state (waivers, staleness and not-applicable acceptance applied).
    pub state: ItemState,
    /// Whether the item is a blocker.
    pub blocker: bool,
}

/// A review approved while its gate was `NO_GO` (an override).
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideRow {
    /// The service's slug.
    pub service: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The override's reason.
    pub reason: String,
}

/// A waiver of a service's current review.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiverRow {
    /// The service's slug.
    pub service: String,
    /// The waived item.
    pub item_key: String,
    /// State.
    pub state: WaiverState,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
}

/// An action item of one of a service's reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionItemRow {
    /// The service's slug.
    pub service: String,
    /// What is to be done.
    pub title: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    pub due_date: NaiveDate,
    /// Whether it is done.
    pub done: bool,
}

/// Everything a report is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    /// The services the filter selects.
    pub services: Vec<ServiceRow>,
    /// Approvals over `NO_GO` of those services in the period.
    pub overrides: Vec<OverrideRow>,
    /// Waivers of those services' current reviews.
    pub waivers: Vec<WaiverRow>,
    /// Action items of those services' reviews.
    pub action_items: Vec<ActionItemRow>,
    /// The reference instant of the risk section (the period's end, or now); the end of
    /// the trend and movers.
    pub at: DateTime<Utc>,
    /// The start of the trend and movers.
    pub from: DateTime<Utc>,
    /// Score snapshots of the selected services up to `at`.
    pub history: Vec<SnapshotRow>,
    /// The selected services' current reviews that are approved.
    pub approvals: Vec<ApprovalRow>,
    /// The selected services' SLOs as last measured.
    pub slos: Vec<SloRow>,
}

/// A number and the services behind it (sorted, each once).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figure {
    /// The services' slugs, sorted.
    pub services: Vec<String>,
}

impl Figure {
    /// The figure of these slugs (sorted, duplicates dropped).
    pub fn of<I: IntoIterator<Item = S>, S: Into<String>>(slugs: I) -> Self {
        let mut services: Vec<String> = slugs.into_iter().map(Into::into).collect();
        services.sort();
        services.dedup();
        Self { services }
    }

    /// How many services.
    pub fn count(&self) -> usize {
        self.services.len()
    }
}

/// A portfolio report.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioReport {
    /// Readiness now.
    pub readiness: Readiness,
    /// Teams × checklist categories, worst cells first.
    pub heat_map: Vec<HeatCell>,
    /// The items open in the most services, weighted by tier, heaviest first.
    pub fix_first: Vec<FixItem>,
    /// Risks.
    pub risk: Risk,
    /// Score, gate and level mix week by week (month by month for long periods).
    pub trend: Trend,
    /// Most improved and biggest drops over the period.
    pub movers: Movers,
    /// Every selected service, by slug.
    pub services: Vec<ServiceSummary>,
}

/// Computes the report.
pub fn build(input: &ReportInput) -> PortfolioReport {
    PortfolioReport {
        readiness: readiness::readiness(&input.services, &input.overrides),
        heat_map: heat::heat_map(&input.services),
        fix_first: fix::fix_first(&input.services),
        risk: risk::risk(&input.waivers, &input.action_items, input.at)
            .with_reviews(rereview::overdue_reviews(&input.approvals, input.at))
            .with_slos(slo_risk::slo_risk(&input.slos)),
        trend: trend::trend(&input.history, input.from, input.at),
        movers: movers::movers(&input.history, input.from, input.at),
        services: services::summaries(&input.services, &input.history, input.from, input.at),
    }
}
