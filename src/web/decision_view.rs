//! How a review's state and decision read on every page that shows the gate (service page,
//! portfolio row, checklist, meeting): the state in words, who decided when, and — when it
//! was approved over a NO-GO gate — the override badge with who gave it and why.

use super::format;
use crate::domain::records;
use crate::domain::review::ReviewState;

/// An approval given although the gate was NO-GO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideView {
    /// Who approved.
    pub by: String,
    /// When, e.g. `2026-12-06 10:15 UTC`.
    pub at: String,
    /// The override's reason.
    pub reason: String,
}

/// A review's state, prominently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStatusView {
    /// CSS modifier: `draft`, `in-review`, `approved`, `rejected` or `expired`.
    pub class: &'static str,
    /// The state in words: `Approved`, `In review`, …
    pub label: &'static str,
    /// Who decided and when, once decided.
    pub decided: Option<String>,
    /// Set when approved over NO-GO.
    pub over: Option<OverrideView>,
}

/// The override of `review`, when it was approved over NO-GO.
pub fn override_view(review: &records::Review) -> Option<OverrideView> {
    if !review.approved_over_no_go {
        return None;
    }
    Some(OverrideView {
        by: review.decided_by.clone().unwrap_or_default(),
        at: review.decided_at.map(format::instant).unwrap_or_default(),
        reason: review.override_reason.clone().unwrap_or_default(),
    })
}

/// `review`'s state, decision and override as pages show them.
pub fn review_status(review: &records::Review) -> ReviewStatusView {
    let (class, label) = match review.state {
        ReviewState::Draft => ("draft", "Draft"),
        ReviewState::InReview => ("in-review", "In review"),
        ReviewState::Approved => ("approved", "Approved"),
        ReviewState::Rejected => ("rejected", "Rejected"),
        ReviewState::Expired => ("expired", "Expired: re-review due"),
    };
    let decided = match (&review.decided_by, review.decided_at) {
        (Some(by), Some(at)) => Some(format!("by {by} on {}", format::instant(at))),
        _ => None,
    };
    ReviewStatusView {
        class,
        label,
        decided,
        over: override_view(review),
    }
}
