//! The report page's risk section: waivers, overdue action items, reviews due for
//! re-review and SLOs at risk, dated against the report's instant.

use crate::domain::report::{OverdueReason, Risk};
use crate::web::format;
use chrono::{DateTime, Utc};

/// A dated risk line (a waiver or an action item).
#[derive(Debug, Clone)]
pub struct RiskRow {
    /// The service's slug.
    pub service: String,
    /// The waived item's key, or the action item's title.
    pub what: String,
    /// The action item's owner (empty for waivers).
    pub owner: String,
    /// The date (`2026-12-31`).
    pub date: String,
    /// How far it is from the report's instant, in words.
    pub when: String,
}

/// The risk section.
#[derive(Debug, Clone)]
pub struct RiskView {
    /// Waivers expiring soon.
    pub expiring: Vec<RiskRow>,
    /// Waivers expired and not renewed.
    pub expired: Vec<RiskRow>,
    /// Open action items past due.
    pub overdue: Vec<RiskRow>,
    /// Approved reviews due for re-review.
    pub reviews_due: Vec<RiskRow>,
    /// SLOs spent or burning fast, as last measured.
    pub slos: Vec<RiskRow>,
}

/// The risk section, dated against the report's instant `at`.
pub fn risk(r: &Risk, at: DateTime<Utc>) -> RiskView {
    let waiver = |w: &crate::domain::report::WaiverRisk| RiskRow {
        service: w.service.clone(),
        what: w.item_key.clone(),
        owner: String::new(),
        date: format::instant(w.expires_at),
        when: format::relative(w.expires_at, at),
    };
    let today = at.date_naive();
    RiskView {
        expiring: r.waivers_expiring.iter().map(waiver).collect(),
        expired: r.waivers_expired.iter().map(waiver).collect(),
        overdue: r
            .overdue_action_items
            .iter()
            .map(|a| {
                let late = (today - a.due_date).num_days();
                RiskRow {
                    service: a.service.clone(),
                    what: a.title.clone(),
                    owner: a.owner.clone(),
                    date: a.due_date.to_string(),
                    when: format!("{late} day{} late", if late == 1 { "" } else { "s" }),
                }
            })
            .collect(),
        reviews_due: r
            .reviews_overdue
            .iter()
            .map(|o| RiskRow {
                service: o.service.clone(),
                what: match o.reason {
                    OverdueReason::Drift => format!(
                        "approved {}; the gate has fallen to NO-GO since",
                        format::instant(o.approved_at)
                    ),
                    OverdueReason::Age => {
                        format!("approved {} (a year on)", format::instant(o.approved_at))
                    }
                },
                owner: String::new(),
                date: match o.reason {
                    OverdueReason::Drift => "now".to_owned(),
                    OverdueReason::Age => format::instant(o.due_at),
                },
                when: match o.reason {
                    OverdueReason::Drift => "drift".to_owned(),
                    OverdueReason::Age => format::relative(o.due_at, at),
                },
            })
            .collect(),
        slos: slo_rows(r, at),
    }
}

/// Spent SLOs, then fast-burning ones not already listed.
fn slo_rows(r: &Risk, at: DateTime<Utc>) -> Vec<RiskRow> {
    let mut seen = std::collections::HashSet::new();
    r.slos
        .exhausted
        .iter()
        .chain(&r.slos.burning_fast)
        .filter(|s| seen.insert((s.service.clone(), s.slo.clone())))
        .map(|s| {
            let mut what = vec![format!("{}:", s.slo)];
            if s.exhausted() {
                let left = s.budget_remaining.unwrap_or(0.0) * 100.0;
                what.push(format!("error budget spent ({left:.0}% left)"));
            }
            if s.burning_fast() {
                let burn = s.burn_1h.unwrap_or(0.0).max(s.burn_6h.unwrap_or(0.0));
                what.push(format!("burning {burn:.1}× the sustainable rate"));
            }
            RiskRow {
                service: s.service.clone(),
                what: what.join(" "),
                owner: String::new(),
                date: format::instant(s.measured_at),
                when: format::relative(s.measured_at, at),
            }
        })
        .collect()
}
