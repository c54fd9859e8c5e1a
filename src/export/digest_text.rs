//! The weekly digest's Markdown: the report over the week, trimmed to what changed in it.

use super::Meta;
use super::markdown_text;
use super::model::{MoverDoc, ReportDoc};
use super::text::{delta, gate, moved_items, overdue_review, score, slo_risk};
use crate::domain::digest::DigestPeriod;
use chrono::Duration;
use std::fmt::Write as _;

fn service(meta: &Meta, slug: &str) -> String {
    match meta.service_url(slug) {
        Some(url) => format!("[{}]({url})", markdown_text(slug)),
        None => markdown_text(slug),
    }
}

fn mover_line(out: &mut String, meta: &Meta, m: &MoverDoc) {
    let gates = if m.gate_before == m.gate_after {
        gate(Some(&m.gate_after))
    } else {
        format!(
            "{} → {}",
            gate(Some(&m.gate_before)),
            gate(Some(&m.gate_after))
        )
    };
    let _ = writeln!(
        out,
        "- {}: {} → {} ({}), {gates}; {}",
        service(meta, &m.service),
        score(m.before),
        score(m.after),
        delta(m.delta),
        markdown_text(&moved_items(m))
    );
}

/// The digest of `period`: a headline, then only the sections with something that changed
/// (or falls due) in the week; "Nothing changed" when none has.
pub fn digest_markdown(r: &ReportDoc, meta: &Meta, period: DigestPeriod) -> String {
    let mut out = String::new();
    let o = &r.readiness.overall;
    let _ = writeln!(
        out,
        "# {}\n\n**{} services**: {} GO · {} GO with conditions · {} NO-GO{}\n",
        markdown_text(&meta.title),
        o.total.count,
        o.go.count,
        o.go_with_conditions.count,
        o.no_go.count,
        if o.unscored.count > 0 {
            format!(" · {} not scored", o.unscored.count)
        } else {
            String::new()
        }
    );
    let before = out.len();

    let m = &r.movers;
    if !m.most_improved.is_empty() || !m.biggest_drops.is_empty() {
        out.push_str("## Score changes this week\n\n");
        for mv in m.biggest_drops.iter().chain(&m.most_improved) {
            mover_line(&mut out, meta, mv);
        }
        out.push('\n');
    }

    let overrides: Vec<_> = r
        .readiness
        .overrides
        .iter()
        .filter(|o| o.decided_at >= period.start && o.decided_at < period.end)
        .collect();
    if !overrides.is_empty() {
        out.push_str("## Approved over NO-GO this week\n\n");
        for o in overrides {
            let _ = writeln!(
                out,
                "- {} by {} on {}: {}",
                service(meta, &o.service),
                markdown_text(&o.decided_by),
                o.decided_at.format("%Y-%m-%d"),
                markdown_text(&o.reason)
            );
        }
        out.push('\n');
    }

    let k = &r.risk;
    let expired: Vec<_> = k
        .waivers_expired
        .iter()
        .filter(|w| w.expires_at >= period.start)
        .collect();
    let next_week = period.end + Duration::weeks(1);
    let expiring: Vec<_> = k
        .waivers_expiring
        .iter()
        .filter(|w| w.expires_at <= next_week)
        .collect();
    if !expired.is_empty() || !expiring.is_empty() {
        out.push_str("## Waivers\n\n");
        for w in expired {
            let _ = writeln!(
                out,
                "- {} `{}` expired {} and was not renewed",
                service(meta, &w.service),
                w.item_key.replace('`', "'"),
                w.expires_at.format("%Y-%m-%d")
            );
        }
        for w in expiring {
            let _ = writeln!(
                out,
                "- {} `{}` expires {}",
                service(meta, &w.service),
                w.item_key.replace('`', "'"),
                w.expires_at.format("%Y-%m-%d")
            );
        }
        out.push('\n');
    }

    let start_day = period.start.date_naive();
    let overdue: Vec<_> = k
        .overdue_action_items
        .iter()
        .filter(|a| a.due_date >= start_day)
        .collect();
    if !overdue.is_empty() {
        out.push_str("## Action items that fell overdue\n\n");
        for a in overdue {
            let _ = writeln!(
                out,
                "- {}: {} ({}, due {})",
                service(meta, &a.service),
                markdown_text(&a.title),
                markdown_text(&a.owner),
                a.due_date
            );
        }
        out.push('\n');
    }

    let due: Vec<_> = k
        .reviews_overdue
        .iter()
        .filter(|o| o.reason == "DRIFT" || o.due_at >= period.start)
        .collect();
    if !due.is_empty() {
        out.push_str("## Reviews that fell due for re-review\n\n");
        for o in due {
            let _ = writeln!(
                out,
                "- {}: {}",
                service(meta, &o.service),
                overdue_review(o)
            );
        }
        out.push('\n');
    }

    for (label, list) in [
        ("SLOs with the error budget spent", &k.slos_exhausted),
        ("SLOs burning fast", &k.slos_burning_fast),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "## {label}\n");
            for s in list {
                let _ = writeln!(
                    out,
                    "- {} {}",
                    service(meta, &s.service),
                    markdown_text(&slo_risk(s))
                );
            }
            out.push('\n');
        }
    }

    if out.len() == before {
        out.push_str("Nothing changed this week.\n");
    }
    out
}
