//! The review checklist, `/reviews/{id}`: its page and view models (items, filters, the
//! sticky scorecard summary), the per-item forms (answers, waiver requests), the one-click
//! answer's JSON reply, the review-wide actions (submit, verify) and starting a review from
//! a service page.

pub(super) mod actions;
pub(super) mod forms;
mod items;
mod model;
pub(super) mod na;
pub(super) mod page;
mod quick;
mod sources;
pub(super) mod start;
mod view;
