//! `GET /`: the portfolio — every service with its owner, score, level and gate, filtered
//! and sorted through a plain GET form.

use super::error::WebError;
use super::format::{self, url_with_query};
use super::page::{Chrome, Nav, Opt, options, render};
use super::rows::{ServiceRow, service_rows};
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::scoring::Decision;
use crate::edge::AppState;
use crate::services::catalog::portfolio::{ServiceFilter, ServiceOrder};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// Services per page.
const PAGE: u64 = 50;

/// The filter form's fields; empty values mean "any".
#[derive(Debug, Default, Deserialize)]
pub struct PortfolioQuery {
    team: Option<String>,
    tier: Option<String>,
    lifecycle: Option<String>,
    gate: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    after: Option<String>,
    /// `1`: only services whose current review was approved over NO-GO.
    overridden: Option<String>,
}

const SORTS: [(&str, &str); 4] = [
    ("name", "Name (A–Z)"),
    ("score_desc", "Score (highest first)"),
    ("score_asc", "Score (lowest first)"),
    ("gate", "Gate (NO-GO first)"),
];

fn order(sort: &str) -> ServiceOrder {
    match sort {
        "score_desc" => ServiceOrder::ScoreDesc,
        "score_asc" => ServiceOrder::ScoreAsc,
        "gate" => ServiceOrder::Gate,
        _ => ServiceOrder::Slug,
    }
}

/// A gate total that doubles as a filter link.
#[derive(Debug)]
pub struct GateCount {
    label: &'static str,
    class: &'static str,
    count: u64,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "portfolio.html", config = "web/askama.toml")]
struct PortfolioPage {
    page: Chrome,
    q: String,
    sort: String,
    teams: Vec<Opt>,
    tiers: Vec<Opt>,
    lifecycles: Vec<Opt>,
    gates: Vec<Opt>,
    sorts: Vec<Opt>,
    rows: Vec<ServiceRow>,
    counts: Vec<GateCount>,
    total: u64,
    all_href: String,
    gate_filtered: bool,
    filtered: bool,
    next_href: Option<String>,
    first_href: Option<String>,
    name_sort_href: String,
    score_sort_href: String,
    gate_sort_href: String,
    /// Only services approved over NO-GO.
    overridden: bool,
    /// Filter values in the address that mean nothing, in words (they were not applied).
    unknown: Vec<String>,
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().map_or("", str::trim)
}

/// `GET /`.
pub async fn page(
    State(state): State<AppState>,
    Query(query): Query<PortfolioQuery>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let teams = s.teams().await?;
    let mut unknown = Vec::new();
    let tier = Tier::parse("tier", text(&query.tier)).ok();
    let lifecycle = Lifecycle::parse("lifecycle", text(&query.lifecycle)).ok();
    let gate = Decision::parse(text(&query.gate));
    let team = Some(text(&query.team)).filter(|t| !t.is_empty());
    let known_team = team.filter(|t| teams.iter().any(|k| k.slug == *t));
    for (given, known, what, all) in [
        (text(&query.tier), tier.is_some(), "tier", "every tier"),
        (
            text(&query.lifecycle),
            lifecycle.is_some(),
            "lifecycle stage",
            "every stage",
        ),
        (
            text(&query.gate),
            gate.is_some(),
            "launch gate",
            "every gate",
        ),
        (
            text(&query.team),
            known_team.is_some(),
            "team",
            "every team",
        ),
    ] {
        if !given.is_empty() && !known {
            unknown.push(format!(
                "There is no {what} called “{given}”, so that filter was not applied: showing {all}."
            ));
        }
    }
    let sort_given = text(&query.sort);
    if !sort_given.is_empty() && !SORTS.iter().any(|(v, _)| *v == sort_given) {
        unknown.push(format!(
            "“{sort_given}” is not a way to sort this list, so it is sorted by name."
        ));
    }
    let team = known_team;
    let search = text(&query.q).to_owned();
    let overridden = text(&query.overridden) == "1";
    let sort = SORTS
        .iter()
        .map(|(v, _)| *v)
        .find(|v| *v == text(&query.sort))
        .unwrap_or("name");
    let filter = ServiceFilter {
        team: team.map(str::to_owned),
        tier,
        lifecycle,
        search: Some(search.clone()).filter(|q| !q.is_empty()),
        gate,
        approved_over_no_go: overridden,
        ..ServiceFilter::default()
    };
    let after = Some(text(&query.after)).filter(|a| !a.is_empty());
    let ungated = ServiceFilter {
        gate: None,
        ..filter.clone()
    };
    let (listed, counts) = tokio::try_join!(
        s.list_services(&filter, order(sort), after, PAGE),
        s.gate_counts(&ungated),
    )?;
    let (page_rows, more) = listed;
    let next_cursor = page_rows.last().map(|(c, _)| c.clone());
    let rows = service_rows(s, page_rows.into_iter().map(|(_, m)| m).collect()).await?;

    let tier_s = tier.map_or("", Tier::as_str);
    let life_s = lifecycle.map_or("", Lifecycle::as_str);
    let gate_s = gate.map_or("", Decision::as_str);
    let team_s = team.unwrap_or("");
    let link = |gate: &str, sort: &str, after: &str| {
        url_with_query(
            "/",
            &[
                ("team", team_s),
                ("tier", tier_s),
                ("lifecycle", life_s),
                ("gate", gate),
                ("q", &search),
                ("sort", if sort == "name" { "" } else { sort }),
                ("overridden", if overridden { "1" } else { "" }),
                ("after", after),
            ],
        )
    };
    let count = |d: Decision, n: u64| {
        let g = format::gate(d);
        GateCount {
            label: g.label,
            class: g.class,
            count: n,
            href: link(d.as_str(), sort, ""),
            current: gate == Some(d),
        }
    };
    let gate_counts = vec![
        count(Decision::NoGo, counts.no_go),
        count(Decision::GoWithConditions, counts.go_with_conditions),
        count(Decision::Go, counts.go),
    ];
    let team_opts = teams
        .iter()
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect::<Vec<_>>();
    let view = PortfolioPage {
        page: Chrome::new("Portfolio", Nav::Portfolio),
        teams: options(team_opts, team_s),
        tiers: options(
            Tier::ALL.iter().map(|t| (t.as_str(), format::tier(*t))),
            tier_s,
        ),
        lifecycles: options(
            Lifecycle::ALL
                .iter()
                .map(|l| (l.as_str(), format::lifecycle(*l))),
            life_s,
        ),
        gates: options(
            [Decision::NoGo, Decision::GoWithConditions, Decision::Go]
                .map(|d| (d.as_str(), format::gate(d).label)),
            gate_s,
        ),
        sorts: options(SORTS, sort),
        counts: gate_counts,
        total: counts.total,
        all_href: link("", sort, ""),
        gate_filtered: gate.is_some(),
        filtered: team.is_some()
            || tier.is_some()
            || lifecycle.is_some()
            || gate.is_some()
            || overridden
            || !search.is_empty(),
        next_href: next_cursor.filter(|_| more).map(|c| link(gate_s, sort, &c)),
        first_href: after.map(|_| link(gate_s, sort, "")),
        overridden,
        name_sort_href: link(gate_s, "name", ""),
        score_sort_href: link(
            gate_s,
            if sort == "score_desc" {
                "score_asc"
            } else {
                "score_desc"
            },
            "",
        ),
        gate_sort_href: link(gate_s, "gate", ""),
        q: search.clone(),
        sort: sort.to_owned(),
        rows,
        unknown,
    };
    Ok(render(StatusCode::OK, &view))
}
