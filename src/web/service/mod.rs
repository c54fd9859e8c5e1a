//! A service's pages: the service page (facts, SLOs, history, the current scorecard) and
//! registering or editing a service (the form as typed, its page and the edit handlers).

pub(super) mod actions;
pub(super) mod edit;
mod facts;
mod form;
pub(super) mod form_page;
mod history;
mod manifest;
pub(super) mod page;
pub(super) mod slo;
