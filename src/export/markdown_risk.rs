//! The Markdown export's risk section.

use super::markdown::{figure_line, service};
use super::{Meta, ReportDoc, markdown_text};
use std::fmt::Write as _;

/// Waivers, overdue action items, reviews due for re-review and SLOs at risk.
pub(super) fn risk(out: &mut String, r: &ReportDoc, meta: &Meta) {
    let k = &r.risk;
    out.push_str("\n## Risk\n\n");
    figure_line(
        out,
        meta,
        "Waivers expiring within 30 days",
        &k.waivers_expiring_services,
    );
    for w in &k.waivers_expiring {
        let _ = writeln!(
            out,
            "  - {} `{}` expires {}",
            service(meta, &w.service),
            w.item_key.replace('`', "'"),
            w.expires_at.format("%Y-%m-%d")
        );
    }
    figure_line(out, meta, "Waivers expired", &k.waivers_expired_services);
    for w in &k.waivers_expired {
        let _ = writeln!(
            out,
            "  - {} `{}` expired {}",
            service(meta, &w.service),
            w.item_key.replace('`', "'"),
            w.expires_at.format("%Y-%m-%d")
        );
    }
    figure_line(
        out,
        meta,
        "Overdue action items",
        &k.overdue_action_items_services,
    );
    for a in &k.overdue_action_items {
        let _ = writeln!(
            out,
            "  - {}: {} ({}, due {})",
            service(meta, &a.service),
            markdown_text(&a.title),
            markdown_text(&a.owner),
            a.due_date
        );
    }
    figure_line(
        out,
        meta,
        "Reviews due for re-review",
        &k.reviews_overdue_services,
    );
    for o in &k.reviews_overdue {
        let _ = writeln!(
            out,
            "  - {}: {}",
            service(meta, &o.service),
            super::text::overdue_review(o)
        );
    }
    for (label, list, fig) in [
        (
            "SLOs with the error budget spent",
            &k.slos_exhausted,
            &k.slos_exhausted_services,
        ),
        (
            "SLOs burning fast",
            &k.slos_burning_fast,
            &k.slos_burning_fast_services,
        ),
    ] {
        figure_line(out, meta, label, fig);
        for s in list {
            let _ = writeln!(
                out,
                "  - {} {}",
                service(meta, &s.service),
                markdown_text(&super::text::slo_risk(s))
            );
        }
    }
}
