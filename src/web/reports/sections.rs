//! The report page's view model, part two: trend, heat map, what to fix first, movers and
//! risk.

use super::charts::{self, TrendChart};
use super::query::Narrow;
use super::view::{Builder, FigureView};
use crate::domain::report::{FixItem, Granularity, HeatCell, Mover, Trend};
use crate::web::format::{self, GateView};
use std::collections::HashMap;

/// Items shown at most in the fix-first list.
pub const FIX_SHOWN: usize = 20;

/// View box widths of the trend chart: wide screens and phones.
const WIDE: u32 = 1040;
const NARROW: u32 = 360;

/// One bucket of the trend as a table row (the chart's text alternative).
#[derive(Debug, Clone)]
pub struct TrendRow {
    /// The bucket's start, `2026-09-14`.
    pub start: String,
    /// Services with a snapshot by the bucket's end.
    pub services: u32,
    /// Their mean score, or "—".
    pub mean: String,
    /// Gate GO.
    pub go: u32,
    /// Gate GO with conditions.
    pub conditions: u32,
    /// Gate NO-GO.
    pub no_go: u32,
}

/// The trend section.
#[derive(Debug, Clone)]
pub struct TrendView {
    /// The chart for wide screens (`None`: nothing scored in the period).
    pub wide: Option<TrendChart>,
    /// The chart for phones.
    pub narrow: Option<TrendChart>,
    /// "week" or "month".
    pub unit: &'static str,
    /// The table fallback.
    pub rows: Vec<TrendRow>,
    /// What the chart shows, in one sentence (its accessible name).
    pub summary: String,
}

/// One heat map cell.
#[derive(Debug, Clone)]
pub struct HeatView {
    /// Share of applicable items met, as read (`75%`), or "n/a".
    pub pct: String,
    /// CSS modifier by share: `low`, `mid`, `high`, `full` or `none`.
    pub class: &'static str,
    /// The band in words (for those who do not see the colour).
    pub band: &'static str,
    /// Items met of applicable, e.g. `3 of 4 items met`.
    pub detail: String,
    /// The team's services in the portfolio.
    pub href: String,
    /// Services with an item in the category not met.
    pub not_met: FigureView,
}

/// The heat map as a table: teams (rows) × categories (columns), in the order of their
/// worst cell.
#[derive(Debug, Clone, Default)]
pub struct HeatTable {
    /// Category titles.
    pub categories: Vec<String>,
    /// One row per team.
    pub rows: Vec<HeatRow>,
}

/// One team's row of the heat map.
#[derive(Debug, Clone)]
pub struct HeatRow {
    /// The team's name.
    pub name: String,
    /// The team's slug.
    pub slug: String,
    /// One cell per category (`None`: the team has no item of it).
    pub cells: Vec<Option<HeatView>>,
}

/// One item to fix.
#[derive(Debug, Clone)]
pub struct FixRow {
    /// Item title.
    pub title: String,
    /// Item key.
    pub key: String,
    /// Category title (its key when unknown).
    pub category: String,
    /// Whether it is a blocker.
    pub blocker: bool,
    /// Σ tier weights.
    pub weight: u32,
    /// Where it is to be fixed.
    pub services: FigureView,
}

/// One service whose score moved.
#[derive(Debug, Clone)]
pub struct MoverRow {
    /// The service's slug.
    pub service: String,
    /// Score at the start.
    pub before: String,
    /// Score at the end.
    pub after: String,
    /// Signed change, `+20` or `−30`.
    pub delta: String,
    /// Gate at the start.
    pub gate_before: GateView,
    /// Gate at the end.
    pub gate_after: GateView,
    /// Whether the gate changed.
    pub gate_changed: bool,
    /// The items that moved it, in words.
    pub items: String,
}

/// The trend section of `trend`.
pub fn trend(trend: &Trend) -> TrendView {
    let g = trend.granularity;
    let rows = trend
        .points
        .iter()
        .map(|p| TrendRow {
            start: p.start.format("%Y-%m-%d").to_string(),
            services: p.services,
            mean: format::maybe_score(p.mean_score),
            go: p.go,
            conditions: p.go_with_conditions,
            no_go: p.no_go,
        })
        .collect();
    let unit = match g {
        Granularity::Week => "week",
        Granularity::Month => "month",
    };
    let summary = match (trend.points.first(), trend.points.last()) {
        (Some(first), Some(last)) => format!(
            "Mean readiness score and services by launch gate per {unit}, from the {unit} of {} \
             to the {unit} of {}; latest mean score {}.",
            charts::bucket_label(first, g),
            charts::bucket_label(last, g),
            charts::last_score(&trend.points).unwrap_or_else(|| "—".into()),
        ),
        _ => String::new(),
    };
    TrendView {
        wide: charts::trend_chart(&trend.points, g, WIDE),
        narrow: charts::trend_chart(&trend.points, g, NARROW),
        unit,
        rows,
        summary,
    }
}

/// The heat map's colour band of a share (0–1).
fn band(share: Option<f64>) -> (&'static str, &'static str) {
    match share {
        None => ("none", "nothing applies"),
        Some(s) if s >= 1.0 => ("full", "all met"),
        Some(s) if s >= 0.75 => ("high", "mostly met"),
        Some(s) if s >= 0.5 => ("mid", "partly met"),
        Some(_) => ("low", "mostly not met"),
    }
}

impl Builder<'_> {
    /// The heat map table of `cells` (worst first).
    pub fn heat(&self, cells: &[HeatCell]) -> HeatTable {
        let mut categories: Vec<(&str, &str)> = Vec::new();
        let mut teams: Vec<&str> = Vec::new();
        for c in cells {
            if !categories.iter().any(|(k, _)| *k == c.category) {
                categories.push((&c.category, &c.category_title));
            }
            if !teams.contains(&c.team.as_str()) {
                teams.push(&c.team);
            }
        }
        let by: HashMap<(&str, &str), &HeatCell> = cells
            .iter()
            .map(|c| ((c.team.as_str(), c.category.as_str()), c))
            .collect();
        let rows = teams
            .iter()
            .map(|team| {
                let cells = categories
                    .iter()
                    .map(|(cat, _)| {
                        by.get(&(*team, *cat)).map(|c| {
                            let (class, band) = band(c.share);
                            HeatView {
                                pct: c.share.map_or_else(
                                    || "n/a".to_owned(),
                                    |s| format!("{}%", format::score(s * 100.0)),
                                ),
                                class,
                                band,
                                detail: format!("{} of {} items met", c.met, c.applicable),
                                href: self.chosen.portfolio_href(Narrow {
                                    team: Some(team),
                                    ..Narrow::default()
                                }),
                                not_met: FigureView::listed(&c.services_not_met),
                            }
                        })
                    })
                    .collect();
                HeatRow {
                    name: self.team_name(team),
                    slug: (*team).to_owned(),
                    cells,
                }
            })
            .collect();
        HeatTable {
            categories: categories.iter().map(|(_, t)| (*t).to_owned()).collect(),
            rows,
        }
    }
}

/// The first [`FIX_SHOWN`] items to fix; `titles` gives category titles by key.
pub fn fix_first(items: &[FixItem], titles: &HashMap<String, String>) -> Vec<FixRow> {
    items
        .iter()
        .take(FIX_SHOWN)
        .map(|i| FixRow {
            title: i.title.clone(),
            key: i.key.clone(),
            category: titles
                .get(&i.category)
                .cloned()
                .unwrap_or_else(|| i.category.clone()),
            blocker: i.blocker,
            weight: i.weight,
            services: FigureView::listed(&i.services),
        })
        .collect()
}

/// A signed score change: `+20`, `−30` (a real minus sign).
fn signed(v: f64) -> String {
    if v >= 0.0 {
        format!("+{}", format::score(v))
    } else {
        format!("−{}", format::score(-v))
    }
}

/// The items that moved a mover, in words (titles).
fn moved_items(m: &Mover) -> String {
    let Some(items) = &m.items else {
        return "not recorded for this period".to_owned();
    };
    let titles = |l: &[crate::domain::report::MovedItem]| -> Vec<String> {
        l.iter().map(|i| i.title.clone()).collect()
    };
    crate::export::moved_words(&titles(&items.fixed), &titles(&items.regressed))
}

/// The rows of a movers list.
pub fn movers(list: &[Mover]) -> Vec<MoverRow> {
    list.iter()
        .map(|m| MoverRow {
            service: m.service.clone(),
            before: format::score(m.before),
            after: format::score(m.after),
            delta: signed(m.delta),
            gate_before: format::gate(m.gate_before),
            gate_after: format::gate(m.gate_after),
            gate_changed: m.gate_before != m.gate_after,
            items: moved_items(m),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_and_bands_named() {
        assert_eq!(signed(20.0), "+20");
        assert_eq!(signed(-30.0), "−30");
        assert_eq!(band(Some(0.75)), ("high", "mostly met"));
        assert_eq!(band(Some(0.0)).0, "low");
        assert_eq!(band(Some(1.0)).0, "full");
        assert_eq!(band(None).0, "none");
    }
}
