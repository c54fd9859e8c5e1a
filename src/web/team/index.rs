//! `GET /teams`: every team with how many services it owns, their launch gates, how to
//! reach it, and a way to create another.

use super::super::error::WebError;
use super::super::page::{Chrome, Nav, render};
use crate::edge::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// One team in the index.
#[derive(Debug, Clone)]
pub struct TeamRow {
    slug: String,
    name: String,
    contact: Option<String>,
    oncall: Option<String>,
    services: u64,
    no_go: u64,
    conditions: u64,
    go: u64,
    unscored: u64,
}

#[derive(Template)]
#[template(path = "teams.html", config = "web/askama.toml")]
struct TeamsPage {
    page: Chrome,
    teams: Vec<TeamRow>,
}

/// `GET /teams`.
pub async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    let s = &state.services;
    let (teams, counts) = tokio::try_join!(s.teams(), s.gate_counts_by_team())?;
    let mut teams: Vec<TeamRow> = teams
        .into_iter()
        .map(|t| {
            let c = counts.get(&t.id).copied().unwrap_or_default();
            TeamRow {
                slug: t.slug,
                name: t.name,
                contact: t.contact_channel,
                oncall: t.oncall_url,
                services: c.total,
                no_go: c.no_go,
                conditions: c.go_with_conditions,
                go: c.go,
                unscored: c.unscored,
            }
        })
        .collect();
    teams.sort_by_key(|t| t.name.to_lowercase());
    let view = TeamsPage {
        page: Chrome::new("Teams", Nav::Teams),
        teams,
    };
    Ok(render(StatusCode::OK, &view))
}
