//! One row per selected service: where it stands now and how its score moved over the
//! period (the rows a spreadsheet export lists).

use super::ServiceRow;
use super::movers::score_changes;
use super::trend::SnapshotRow;
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::review::ReviewState;
use crate::domain::scoring::{Decision, ItemState};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// One service of the report, with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSummary {
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
    /// Score of the latest snapshot (`None`: never scored, or nothing assessed).
    pub score: Option<f64>,
    /// Maturity level of the latest snapshot (`None`: never scored).
    pub level: Option<u8>,
    /// Gate of the latest snapshot (`None`: never scored).
    pub gate: Option<Decision>,
    /// State of the current review (`None`: no current review).
    pub review_state: Option<ReviewState>,
    /// Applicable items of the current review (accepted not applicable left out).
    pub applicable: u32,
    /// Of those, met: passing or validly waived.
    pub met: u32,
    /// Of those, failing: fail, error or stale evidence.
    pub failing: u32,
    /// Blockers still open (failing, unanswered, errored, stale, unaccepted not applicable).
    pub open_blockers: u32,
    /// Score change over the period (`None`: no score at the period's start or end), as
    /// the movers compute it.
    pub score_change: Option<f64>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether an item's state counts as failing (fail, error, stale evidence).
pub fn is_failing(state: ItemState) -> bool {
    matches!(state, ItemState::Fail | ItemState::Error | ItemState::Stale)
}

/// The rows of `services`, by slug, with score changes over `[from, to]` replayed from
/// `history`.
pub fn summaries(
    services: &[ServiceRow],
    history: &[SnapshotRow],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<ServiceSummary> {
    let changes: HashMap<String, f64> = score_changes(history, from, to)
        .into_iter()
        .map(|m| (m.service, m.delta))
        .collect();
    let mut out: Vec<ServiceSummary> = services
        .iter()
        .map(|s| {
            let applicable: Vec<ItemState> = s
                .items
                .iter()
                .map(|i| i.state)
                .filter(|st| *st != ItemState::NotApplicable)
                .collect();
            ServiceSummary {
                slug: s.slug.clone(),
                name: s.name.clone(),
                team: s.team.clone(),
                tier: s.tier,
                lifecycle: s.lifecycle,
                score: s.gate.and(s.score),
                level: s.gate.and(s.level),
                gate: s.gate,
                review_state: s.review_state,
                applicable: count(applicable.len()),
                met: count(applicable.iter().filter(|st| st.is_met()).count()),
                failing: count(applicable.iter().filter(|st| is_failing(**st)).count()),
                open_blockers: count(
                    s.items
                        .iter()
                        .filter(|i| i.blocker && i.state.is_open())
                        .count(),
                ),
                score_change: changes.get(&s.slug).copied(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}
