//! View models of the HTML export: every string plain text (the template escapes it),
//! every number already formatted as the other exports format it.

use super::text::{more, percent, shown};
use super::{FigureDoc, Meta, MixDoc, ReportDoc};
use std::collections::BTreeMap;

/// A service name, linked when the UI's address is known.
#[derive(Debug, Clone)]
pub(super) struct Named {
    pub(super) text: String,
    pub(super) href: Option<String>,
}

/// A figure: its count and the services named (the first few, the rest counted).
#[derive(Debug, Clone)]
pub(super) struct FigureView {
    pub(super) label: String,
    pub(super) count: u32,
    pub(super) names: Vec<Named>,
    pub(super) more: Option<String>,
    pub(super) class: &'static str,
}

#[derive(Debug, Clone)]
pub(super) struct MixRow {
    pub(super) name: String,
    pub(super) total: u32,
    pub(super) go: u32,
    pub(super) gwc: u32,
    pub(super) nogo: u32,
    pub(super) unscored: u32,
}

#[derive(Debug, Clone)]
pub(super) struct HeatCellView {
    pub(super) text: String,
    pub(super) detail: String,
    pub(super) style: String,
    pub(super) title: String,
}

#[derive(Debug, Clone)]
pub(super) struct HeatRow {
    pub(super) team: String,
    pub(super) cells: Vec<HeatCellView>,
}

#[derive(Debug, Clone)]
pub(super) struct FixRow {
    pub(super) rank: usize,
    pub(super) title: String,
    pub(super) key: String,
    pub(super) blocker: bool,
    pub(super) weight: u32,
    pub(super) figure: FigureView,
}

#[derive(Debug, Clone)]
pub(super) struct MoverRow {
    pub(super) service: Named,
    pub(super) before: String,
    pub(super) after: String,
    pub(super) delta: String,
    pub(super) up: bool,
    pub(super) gates: String,
    pub(super) items: String,
}

#[derive(Debug, Clone)]
pub(super) struct RiskLine {
    pub(super) service: Named,
    pub(super) text: String,
}

#[derive(Debug, Clone)]
pub(super) struct RiskGroup {
    pub(super) figure: FigureView,
    pub(super) lines: Vec<RiskLine>,
}

#[derive(Debug, Clone)]
pub(super) struct TrendRow {
    pub(super) when: String,
    pub(super) services: u32,
    pub(super) mean: String,
    pub(super) go: u32,
    pub(super) gwc: u32,
    pub(super) nogo: u32,
}

#[derive(Debug, Clone)]
pub(super) struct ServiceLine {
    pub(super) service: Named,
    pub(super) name: String,
    pub(super) team: String,
    pub(super) tier: String,
    pub(super) lifecycle: String,
    pub(super) score: String,
    pub(super) level: String,
    pub(super) gate: String,
    pub(super) gate_class: &'static str,
    pub(super) review: String,
    pub(super) met: String,
    pub(super) failing: u32,
    pub(super) blockers: u32,
    pub(super) change: String,
}

pub(super) fn named(meta: &Meta, slug: &str) -> Named {
    Named {
        text: slug.to_owned(),
        href: meta.service_url(slug),
    }
}

pub(super) fn figure(meta: &Meta, label: &str, f: &FigureDoc, class: &'static str) -> FigureView {
    let (first, rest) = shown(&f.services);
    FigureView {
        label: label.to_owned(),
        count: f.count,
        names: first.iter().map(|s| named(meta, s)).collect(),
        more: more(rest),
        class,
    }
}

pub(super) fn mix_row(name: String, m: &MixDoc) -> MixRow {
    MixRow {
        name,
        total: m.total.count,
        go: m.go.count,
        gwc: m.go_with_conditions.count,
        nogo: m.no_go.count,
        unscored: m.unscored.count,
    }
}

pub(super) fn gate_class(g: Option<&str>) -> &'static str {
    match g {
        Some("GO") => "go",
        Some("GO_WITH_CONDITIONS") => "gwc",
        Some("NO_GO") => "nogo",
        _ => "unscored",
    }
}

/// A heat-map cell's background: red (0) through amber to green (1), light enough for
/// dark text.
pub(super) fn heat_style(share: Option<f64>) -> String {
    match share {
        Some(s) => format!(
            "background-color: hsl({:.0}, 70%, 80%)",
            s.clamp(0.0, 1.0) * 120.0
        ),
        None => "background-color: #eeeeee".to_owned(),
    }
}

pub(super) fn heat(r: &ReportDoc) -> (Vec<String>, Vec<HeatRow>) {
    let mut categories: BTreeMap<&str, &str> = BTreeMap::new();
    let mut teams: BTreeMap<&str, BTreeMap<&str, HeatCellView>> = BTreeMap::new();
    for c in &r.heat_map {
        categories.insert(&c.category, &c.category_title);
        let not_met = if c.services_not_met.services.is_empty() {
            "every service meets it".to_owned()
        } else {
            format!("not met in {}", c.services_not_met.services.join(", "))
        };
        teams.entry(&c.team).or_default().insert(
            &c.category,
            HeatCellView {
                text: c.share.map_or_else(|| "n/a".to_owned(), percent),
                detail: format!("{}/{} met", c.met, c.applicable),
                style: heat_style(c.share),
                title: format!("{} · {}: {not_met}", c.team, c.category_title),
            },
        );
    }
    let rows = teams
        .into_iter()
        .map(|(team, mut cells)| HeatRow {
            team: team.to_owned(),
            cells: categories
                .keys()
                .map(|k| {
                    cells.remove(k).unwrap_or_else(|| HeatCellView {
                        text: "–".into(),
                        detail: "no items".into(),
                        style: heat_style(None),
                        title: String::new(),
                    })
                })
                .collect(),
        })
        .collect();
    (categories.values().map(|t| (*t).to_owned()).collect(), rows)
}

pub(super) fn risks(r: &ReportDoc, meta: &Meta) -> Vec<RiskGroup> {
    let k = &r.risk;
    let waiver = |w: &super::WaiverRiskDoc, verb: &str| RiskLine {
        service: named(meta, &w.service),
        text: format!("{} {verb} {}", w.item_key, w.expires_at.format("%Y-%m-%d")),
    };
    vec![
        RiskGroup {
            figure: figure(
                meta,
                "Waivers expiring within 30 days",
                &k.waivers_expiring_services,
                "gwc",
            ),
            lines: k
                .waivers_expiring
                .iter()
                .map(|w| waiver(w, "expires"))
                .collect(),
        },
        RiskGroup {
            figure: figure(meta, "Waivers expired", &k.waivers_expired_services, "nogo"),
            lines: k
                .waivers_expired
                .iter()
                .map(|w| waiver(w, "expired"))
                .collect(),
        },
        RiskGroup {
            figure: figure(
                meta,
                "Overdue action items",
                &k.overdue_action_items_services,
                "nogo",
            ),
            lines: k
                .overdue_action_items
                .iter()
                .map(|a| RiskLine {
                    service: named(meta, &a.service),
                    text: format!("{} ({}, due {})", a.title, a.owner, a.due_date),
                })
                .collect(),
        },
        RiskGroup {
            figure: figure(
                meta,
                "Reviews due for re-review",
                &k.reviews_overdue_services,
                "gwc",
            ),
            lines: k
                .reviews_overdue
                .iter()
                .map(|o| RiskLine {
                    service: named(meta, &o.service),
                    text: super::text::overdue_review(o),
                })
                .collect(),
        },
        slo_group(
            meta,
            "SLOs with the error budget spent",
            &k.slos_exhausted,
            &k.slos_exhausted_services,
        ),
        slo_group(
            meta,
            "SLOs burning fast",
            &k.slos_burning_fast,
            &k.slos_burning_fast_services,
        ),
    ]
}

fn slo_group(
    meta: &Meta,
    label: &str,
    list: &[super::model::SloRiskDoc],
    services: &super::FigureDoc,
) -> RiskGroup {
    RiskGroup {
        figure: figure(meta, label, services, "nogo"),
        lines: list
            .iter()
            .map(|s| RiskLine {
                service: named(meta, &s.service),
                text: super::text::slo_risk(s),
            })
            .collect(),
    }
}
