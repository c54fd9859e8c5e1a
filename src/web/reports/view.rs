//! The report page's view model, part one: figures that link to their services, the
//! headline numbers and the readiness tables. The other sections are in
//! [`super::sections`].

use super::charts::{self, Segment};
use super::query::{Chosen, Narrow};
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::report::{Figure, Mix, OverrideRow, Readiness};
use crate::domain::scoring::Decision;
use crate::web::format;
use std::collections::HashMap;

/// Services listed at most under a figure; the rest are counted ("and N more").
pub const LISTED: usize = 50;

/// A number and the way to the services behind it: a portfolio link when a portfolio
/// filter expresses the figure, otherwise the list of services (at most [`LISTED`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureView {
    /// How many services.
    pub count: usize,
    /// The filtered portfolio showing exactly these services.
    pub href: Option<String>,
    /// The services' slugs (when there is no portfolio link), at most [`LISTED`].
    pub services: Vec<String>,
    /// Services not listed.
    pub more: usize,
}

impl FigureView {
    /// The figure, listing its services.
    pub fn listed(f: &Figure) -> Self {
        Self {
            count: f.count(),
            href: None,
            services: f.services.iter().take(LISTED).cloned().collect(),
            more: f.count().saturating_sub(LISTED),
        }
    }

    /// The figure, linking to the portfolio at `href` (nothing to link when it is zero).
    pub fn linked(f: &Figure, href: String) -> Self {
        Self {
            count: f.count(),
            href: (f.count() > 0).then_some(href),
            services: Vec::new(),
            more: 0,
        }
    }
}

/// One approval over NO-GO: who let it through and why.
#[derive(Debug, Clone)]
pub struct OverrideView {
    /// The service's slug.
    pub service: String,
    /// Who decided.
    pub by: String,
    /// When (`2026-11-23 18:05 UTC`).
    pub at: String,
    /// Machine-readable instant.
    pub at_machine: String,
    /// The reason given.
    pub reason: String,
}

/// The headline numbers.
#[derive(Debug, Clone)]
pub struct Headline {
    /// Every selected service.
    pub total: FigureView,
    /// Gate GO.
    pub go: FigureView,
    /// Gate GO with conditions.
    pub conditions: FigureView,
    /// Gate NO-GO.
    pub no_go: FigureView,
    /// Never scored.
    pub unscored: FigureView,
    /// Mean score of the scored services, as read.
    pub mean: Option<String>,
    /// The portfolio, lowest score first.
    pub mean_href: String,
    /// In production without an approved review.
    pub production_unapproved: FigureView,
    /// Approved over NO-GO in the period.
    pub overridden: FigureView,
    /// Those approvals.
    pub overrides: Vec<OverrideView>,
    /// NO-GO as a whole percentage of the services (empty without services).
    pub no_go_share: String,
}

/// Gate mix of one team, tier or lifecycle stage (or of everything).
#[derive(Debug, Clone)]
pub struct MixRow {
    /// The group in words.
    pub label: String,
    /// The group's own page (a team's), if any.
    pub page: Option<String>,
    /// The team's slug beside its name (names need not be unique).
    pub key: Option<String>,
    /// Services.
    pub total: FigureView,
    /// Gate GO.
    pub go: FigureView,
    /// Gate GO with conditions.
    pub conditions: FigureView,
    /// Gate NO-GO.
    pub no_go: FigureView,
    /// Never scored.
    pub unscored: FigureView,
    /// The stacked bar.
    pub bar: Vec<Segment>,
    /// The bar in words, for assistive technology.
    pub bar_text: String,
}

/// Services at one maturity level.
#[derive(Debug, Clone)]
pub struct LevelRow {
    /// "Level 2" or "No level".
    pub label: String,
    /// The services.
    pub figure: FigureView,
}

/// Readiness per team, tier and lifecycle stage, and the level mix.
#[derive(Debug, Clone)]
pub struct ReadinessView {
    /// Per team, by slug.
    pub teams: Vec<MixRow>,
    /// Per tier.
    pub tiers: Vec<MixRow>,
    /// Per lifecycle stage.
    pub lifecycles: Vec<MixRow>,
    /// Per maturity level, lowest first.
    pub levels: Vec<LevelRow>,
}

/// Builds figures and rows for one report filter.
pub struct Builder<'a> {
    /// The report's filter.
    pub chosen: &'a Chosen,
    /// Team names by slug.
    pub team_names: &'a HashMap<String, String>,
}

impl Builder<'_> {
    /// A team's name (its slug when unknown).
    pub fn team_name(&self, slug: &str) -> String {
        self.team_names
            .get(slug)
            .cloned()
            .unwrap_or_else(|| slug.to_owned())
    }

    fn mix_row(&self, label: String, page: Option<String>, mix: &Mix, narrow: Narrow) -> MixRow {
        let gate = |d: Decision| Narrow {
            gate: Some(d),
            ..narrow
        };
        let link = |f: &Figure, n: Narrow| FigureView::linked(f, self.chosen.portfolio_href(n));
        let counts = (
            mix.no_go.count(),
            mix.go_with_conditions.count(),
            mix.go.count(),
            mix.unscored.count(),
        );
        let mut words = vec![
            format!("{} NO-GO", counts.0),
            format!("{} GO with conditions", counts.1),
            format!("{} GO", counts.2),
        ];
        if counts.3 > 0 {
            words.push(format!("{} not scored", counts.3));
        }
        MixRow {
            label,
            key: narrow.team.map(str::to_owned),
            page,
            total: link(&mix.total, narrow),
            go: link(&mix.go, gate(Decision::Go)),
            conditions: link(&mix.go_with_conditions, gate(Decision::GoWithConditions)),
            no_go: link(&mix.no_go, gate(Decision::NoGo)),
            unscored: FigureView::listed(&mix.unscored),
            bar: charts::mix_bar(counts.0, counts.1, counts.2, counts.3),
            bar_text: words.join(", "),
        }
    }

    /// The headline numbers; `mean` is the latest mean score.
    pub fn headline(&self, r: &Readiness, mean: Option<String>) -> Headline {
        let all = self.mix_row(String::new(), None, &r.overall, Narrow::default());
        let total = r.overall.total.count();
        Headline {
            no_go_share: if total == 0 {
                String::new()
            } else {
                format!(
                    "{}%",
                    format::score(r.overall.no_go.count() as f64 / total as f64 * 100.0)
                )
            },
            total: all.total,
            go: all.go,
            conditions: all.conditions,
            no_go: all.no_go,
            unscored: all.unscored,
            mean,
            mean_href: self.chosen.portfolio_href(Narrow {
                sort: "score_asc",
                ..Narrow::default()
            }),
            production_unapproved: FigureView::listed(&r.production_unapproved),
            overridden: FigureView::listed(&r.approvals_over_no_go_services),
            overrides: r.approvals_over_no_go.iter().map(override_view).collect(),
        }
    }

    /// The readiness tables.
    pub fn readiness(&self, r: &Readiness) -> ReadinessView {
        ReadinessView {
            teams: r
                .by_team
                .iter()
                .map(|g| {
                    let narrow = Narrow {
                        team: Some(&g.key),
                        ..Narrow::default()
                    };
                    let page = Some(format!("/teams/{}", g.key));
                    self.mix_row(self.team_name(&g.key), page, &g.mix, narrow)
                })
                .collect(),
            tiers: r
                .by_tier
                .iter()
                .map(|g| {
                    let narrow = Narrow {
                        tier: Some(g.key),
                        ..Narrow::default()
                    };
                    self.mix_row(tier_words(g.key), None, &g.mix, narrow)
                })
                .collect(),
            lifecycles: r
                .by_lifecycle
                .iter()
                .map(|g| {
                    let narrow = Narrow {
                        lifecycle: Some(g.key),
                        ..Narrow::default()
                    };
                    let label = format::lifecycle(g.key).to_owned();
                    self.mix_row(label, None, &g.mix, narrow)
                })
                .collect(),
            levels: r
                .overall
                .levels
                .iter()
                .map(|l| LevelRow {
                    label: if l.level == 0 {
                        "No level reached".to_owned()
                    } else {
                        format!("Level {}", l.level)
                    },
                    figure: FigureView::listed(&l.figure),
                })
                .collect(),
        }
    }
}

fn tier_words(t: Tier) -> String {
    let critical = match t {
        Tier::Tier1 => " (critical)",
        _ => "",
    };
    format!("{}{critical}", format::tier(t))
}

fn override_view(o: &OverrideRow) -> OverrideView {
    OverrideView {
        service: o.service.clone(),
        by: o.decided_by.clone(),
        at: format::instant(o.decided_at),
        at_machine: format::machine(o.decided_at),
        reason: o.reason.clone(),
    }
}

/// Lifecycle stages in words, for the filter's select box.
pub fn lifecycle_options() -> impl Iterator<Item = (&'static str, &'static str)> {
    Lifecycle::ALL
        .iter()
        .map(|l| (l.as_str(), format::lifecycle(*l)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_link_or_list_at_most_fifty() {
        let many = Figure::of((0..53).map(|i| format!("svc-{i:02}")));
        let f = FigureView::listed(&many);
        assert_eq!((f.count, f.services.len(), f.more), (53, 50, 3));
        let none = FigureView::linked(&Figure::default(), "/".into());
        assert_eq!(none.href, None);
        let one = FigureView::linked(&Figure::of(["a"]), "/?gate=GO".into());
        assert_eq!(one.href.as_deref(), Some("/?gate=GO"));
    }
}
