//! The review checklist, `/reviews/{id}`: its page and view models (items, filters, the
//! scorecard summary), the per-item forms (answers, waiver requests), the review-wide
//! actions (submit, verify) and starting a review from a service page.

pub(super) mod actions;
pub(super) mod forms;
mod items;
pub(super) mod na;
pub(super) mod page;
pub(super) mod start;
mod view;
