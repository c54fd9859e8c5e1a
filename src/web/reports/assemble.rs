//! The `/reports` page as the template sees it, assembled from the checked form, the
//! teams and the report.

use super::query::{Chosen, FIELDS};
use super::risk::{self, RiskView};
use super::sections::{self, FixRow, HeatTable, MoverRow, TrendView};
use super::view::{Builder, Headline, ReadinessView, lifecycle_options};
use crate::domain::FieldError;
use crate::domain::catalog::Tier;
use crate::domain::records::Team;
use crate::domain::report::{EXPIRY_HORIZON_DAYS, MOVERS_SHOWN, PortfolioReport};
use crate::services::report::DEFAULT_TREND_WEEKS;
use crate::web::assets;
use crate::web::form_errors::FormErrors;
use crate::web::format;
use crate::web::page::{Chrome, Nav, Opt, options};
use askama::Template;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A problem with the filter, shown above the form and linking to its field.
#[derive(Debug)]
pub struct Problem {
    href: String,
    text: String,
}

/// A download of the same report.
#[derive(Debug)]
pub struct Download {
    label: &'static str,
    hint: &'static str,
    href: String,
}

/// Everything below the form.
#[derive(Debug)]
pub struct Body {
    headline: Headline,
    trend: TrendView,
    readiness: ReadinessView,
    heat: HeatTable,
    fix: Vec<FixRow>,
    /// Items to fix not shown.
    fix_more: usize,
    improved: Vec<MoverRow>,
    drops: Vec<MoverRow>,
    risk: RiskView,
    /// The instant readiness and risks are judged at.
    as_of: String,
    as_of_machine: String,
    /// The trend and movers' period in words.
    period: String,
    /// Whether the period's start was chosen (otherwise it is the default span).
    since_chosen: bool,
    downloads: Vec<Download>,
}

/// The page.
#[derive(Template)]
#[template(path = "reports.html", config = "web/askama.toml")]
pub struct ReportsPage {
    page: Chrome,
    css: String,
    teams: Vec<Opt>,
    tiers: Vec<Opt>,
    lifecycles: Vec<Opt>,
    since: String,
    until: String,
    errors: FormErrors,
    summary: Vec<Problem>,
    filtered: bool,
    /// What the report covers, in words.
    scope: String,
    body: Option<Body>,
    horizon_days: i64,
    default_weeks: i64,
    movers_shown: usize,
}

/// Form labels, for the problem summary.
fn label(field: &str) -> &'static str {
    match field {
        "team" => "Team",
        "tier" => "Tier",
        "lifecycle" => "Lifecycle",
        "since" => "Since",
        "until" => "Until",
        _ => "Filter",
    }
}

/// The page for the checked form; `report` is `None` when the form has problems. `at` is
/// the instant the report stands at.
pub fn page(
    chosen: &Chosen,
    problems: &[FieldError],
    teams: &[Team],
    report: Option<&PortfolioReport>,
    at: DateTime<Utc>,
) -> ReportsPage {
    let mut errors = FormErrors::default();
    for p in problems {
        errors.add_error(p, &FIELDS);
    }
    let summary = FIELDS
        .iter()
        .filter_map(|f| {
            errors.get(f).map(|e| Problem {
                href: format!("#f-{f}"),
                text: format!("{}: {e}", label(f)),
            })
        })
        .collect();
    let names: HashMap<String, String> = teams
        .iter()
        .map(|t| (t.slug.clone(), t.name.clone()))
        .collect();
    let builder = Builder {
        chosen,
        team_names: &names,
    };
    let [team, tier, lifecycle, since, until] = &chosen.typed;
    let mut scope: Vec<String> = Vec::new();
    if let Some(t) = &chosen.team {
        scope.push(format!("team {}", builder.team_name(t)));
    }
    if let Some(t) = chosen.tier {
        scope.push(format::tier(t).to_owned());
    }
    if let Some(l) = chosen.lifecycle {
        scope.push(format!("{} stage", format::lifecycle(l)));
    }
    let scope = if scope.is_empty() {
        "All services".to_owned()
    } else {
        format!("Services of {}", scope.join(", "))
    };
    ReportsPage {
        page: Chrome::new("Reliability report", Nav::Reports),
        css: assets::url("reports.css"),
        teams: options(
            teams.iter().map(|t| (t.slug.as_str(), t.name.as_str())),
            team,
        ),
        tiers: options(
            Tier::ALL.iter().map(|t| (t.as_str(), format::tier(*t))),
            tier,
        ),
        lifecycles: options(lifecycle_options(), lifecycle),
        since: since.clone(),
        until: until.clone(),
        errors,
        summary,
        filtered: chosen.filtered(),
        scope,
        body: report.map(|r| body(&builder, r, at)),
        horizon_days: EXPIRY_HORIZON_DAYS,
        default_weeks: DEFAULT_TREND_WEEKS,
        movers_shown: MOVERS_SHOWN,
    }
}

fn body(b: &Builder<'_>, r: &PortfolioReport, at: DateTime<Utc>) -> Body {
    let trend = sections::trend(&r.trend);
    let mean = super::charts::last_score(&r.trend.points);
    let titles: HashMap<String, String> = r
        .heat_map
        .iter()
        .map(|c| (c.category.clone(), c.category_title.clone()))
        .collect();
    let period = match (r.trend.points.first(), r.trend.points.last()) {
        (Some(first), Some(_)) => format!(
            "{} to {}",
            first.start.format("%Y-%m-%d"),
            at.format("%Y-%m-%d")
        ),
        _ => String::new(),
    };
    let downloads = [
        ("HTML", "a page to forward or print", "html"),
        ("Markdown", "for a wiki or a pull request", "md"),
        ("CSV", "one row per figure, for a spreadsheet", "csv"),
        ("JSON", "every figure with its services", "json"),
    ]
    .into_iter()
    .map(|(label, hint, f)| Download {
        label,
        hint,
        href: b.chosen.export_href(f),
    })
    .collect();
    Body {
        headline: b.headline(&r.readiness, mean),
        readiness: b.readiness(&r.readiness),
        heat: b.heat(&r.heat_map),
        fix: sections::fix_first(&r.fix_first, &titles),
        fix_more: r.fix_first.len().saturating_sub(sections::FIX_SHOWN),
        improved: sections::movers(&r.movers.most_improved),
        drops: sections::movers(&r.movers.biggest_drops),
        risk: risk::risk(&r.risk, at),
        as_of: format::instant(at),
        as_of_machine: format::machine(at),
        period,
        since_chosen: b.chosen.since.is_some(),
        trend,
        downloads,
    }
}
