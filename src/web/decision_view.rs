//! How a review's state and decision read on every page that shows the gate (service page,
//! portfolio row, checklist, meeting): the state in words, who decided when, and — when it
//! was approved over a NO-GO gate — the override badge with who gave it and why. Also how a
//! not applicable claim awaiting a second person reads, with its accept and reject forms.

use super::format;
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::records;
use crate::domain::review::ReviewState;
use crate::services::reviews::sheet::SheetItem;

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

/// A not applicable claim on an item that needs a second person's acceptance, with the
/// accept and reject forms while it is pending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NaClaimView {
    /// The review.
    pub review_id: i64,
    /// The item.
    pub key: String,
    /// The item's version, for the forms.
    pub version: i64,
    /// CSS modifier: `pending`, `accepted` or `rejected`.
    pub class: &'static str,
    /// Badge words: `N/A — awaiting acceptance`, `N/A accepted by bob`, `N/A rejected`.
    pub label: String,
    /// One sentence on who did what.
    pub detail: String,
    /// The accepting or rejecting person's comment.
    pub comment: Option<String>,
    /// Pending: show the forms.
    pub pending: bool,
    /// Where the forms return to: `meeting` or `checklist`.
    pub back: &'static str,
    /// Who marked it not applicable.
    pub claimed_by: String,
    /// Why the viewer may not accept or reject it; empty when they may.
    pub why_not: String,
}

impl NaClaimView {
    /// The same claim, saying whether the viewer with `permits` may decide it.
    pub fn for_viewer(mut self, permits: &crate::domain::access::Permits) -> Self {
        self.why_not = permits
            .accept_not_applicable(&self.claimed_by)
            .err()
            .unwrap_or_default();
        self
    }
}

/// The claim of `item`, if it is a not applicable answer that needs acceptance; `back` is
/// the page the forms return to.
pub fn na_claim_view(item: &SheetItem, back: &'static str) -> Option<NaClaimView> {
    let claim = item.na_claim()?;
    let response = item.response.as_ref()?;
    let when = claim.decided_at.map(format::instant).unwrap_or_default();
    let by = claim.decided_by.clone().unwrap_or_default();
    let (class, label, detail) = match claim.state {
        NaAcceptance::Pending => (
            "pending",
            "N/A — awaiting acceptance".to_owned(),
            format!(
                "{} marked this not applicable; it counts as unanswered until someone else \
                 accepts it.",
                claim.claimed_by
            ),
        ),
        NaAcceptance::Accepted => (
            "accepted",
            format!("N/A accepted by {by}"),
            format!(
                "Marked not applicable by {}, accepted by {by} on {when}.",
                claim.claimed_by
            ),
        ),
        NaAcceptance::Rejected => (
            "rejected",
            "N/A rejected".to_owned(),
            format!(
                "{by} rejected not applicable on {when}: the item is open until its owner \
                 answers it again."
            ),
        ),
    };
    Some(NaClaimView {
        review_id: response.review_id,
        key: response.item_key.clone(),
        version: response.version,
        class,
        label,
        detail,
        comment: claim.comment,
        pending: claim.state == NaAcceptance::Pending,
        back,
        claimed_by: claim.claimed_by.clone(),
        why_not: String::new(),
    })
}
