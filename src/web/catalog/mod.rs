//! Forms that change what the catalog knows about a service beside its own fields: its SLOs
//! (with a "Test query" that asks Prometheus before saving), its dependencies, its capacity
//! plan, and archiving it. Each is a plain HTML form on its own page, linked from the
//! service page: a good post redirects (303) back to the service page, a bad one shows the
//! form again with the input kept and each problem next to its field, and a stale save
//! (someone changed it meanwhile) is shown as a conflict with what was typed kept.
//!
//! Permission is checked by the use cases; the pages only explain up front, from the same
//! rules, when the person looking may not make the change.

pub(super) mod archive;
pub(super) mod capacity;
mod capacity_form;
mod common;
pub(super) mod dependency;
pub(super) mod slo;
mod slo_form;
mod slo_probe;
pub(super) use common::sentence;

/// The service page's notice after one of these forms saved (`?saved=…`).
pub(super) fn flash(saved: &str) -> Option<&'static str> {
    Some(match saved {
        "slo" => "SLO saved. Its status shows below once Prometheus answers.",
        "slo-deleted" => "SLO deleted.",
        "dependency" => "Dependency added.",
        "dependency-removed" => "Dependency removed.",
        "dependency-stale" => {
            "That dependency was changed or removed by someone else meanwhile, so nothing was \
             removed. The list below is current; remove it again if you still want to."
        }
        "capacity" => "Capacity plan saved.",
        "archived" => {
            "Service archived. It no longer shows on the portfolio, its team's page or the \
             reports; its history stays here."
        }
        _ => return None,
    })
}
