//! `PortfolioReport.services`: one row per selected service (what a spreadsheet lists).

use crate::domain::report as r;
use crate::graphql::enums::{Lifecycle, ReviewState, Tier};
use crate::graphql::types::GateDecision;
use async_graphql::Object;

/// One selected service: where it stands now (latest score snapshot, current review) and
/// how its score moved over the period.
pub struct ReportService<'a>(pub(super) &'a r::ServiceSummary);

#[Object]
impl<'a> ReportService<'a> {
    /// Slug.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Display name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The owning team's slug.
    async fn team(&self) -> &str {
        &self.0.team
    }

    /// Tier.
    async fn tier(&self) -> Tier {
        self.0.tier.into()
    }

    /// Lifecycle stage.
    async fn lifecycle(&self) -> Lifecycle {
        self.0.lifecycle.into()
    }

    /// Score of the latest snapshot, 0–100 (null: never scored, or nothing assessed).
    async fn score(&self) -> Option<f64> {
        self.0.score
    }

    /// Maturity level of the latest snapshot (0: none reached; null: never scored).
    async fn level(&self) -> Option<u8> {
        self.0.level
    }

    /// Gate of the latest snapshot (null: never scored).
    async fn gate(&self) -> Option<GateDecision> {
        self.0.gate.map(Into::into)
    }

    /// State of the current review (null: no current review).
    async fn review_state(&self) -> Option<ReviewState> {
        self.0.review_state.map(Into::into)
    }

    /// Applicable items of the current review (accepted not applicable left out).
    async fn items_applicable(&self) -> u32 {
        self.0.applicable
    }

    /// Of those, met: passing or validly waived.
    async fn items_met(&self) -> u32 {
        self.0.met
    }

    /// Of those, failing: fail, error or stale evidence.
    async fn items_failing(&self) -> u32 {
        self.0.failing
    }

    /// Blockers still open: failing, unanswered, errored, stale or not applicable without
    /// acceptance.
    async fn open_blockers(&self) -> u32 {
        self.0.open_blockers
    }

    /// Score change over the period, as for the movers: the latest snapshot at or before
    /// `to` minus the latest at or before `from` (else the first in the period); null when
    /// either end has no score.
    async fn score_change(&self) -> Option<f64> {
        self.0.score_change
    }
}
