//! `GET /reports`: the reliability report for leadership — readiness now, the trend, the
//! heat map, what to fix first, movers and risks — over the services a plain GET form
//! selects (team, tier, lifecycle, and the period `since`/`until`). Every figure links to
//! the services behind it; the same report downloads as HTML, Markdown, CSV or JSON from
//! `/reports/export` with the same filter.
//!
//! The handler reads the form and calls [`Services::portfolio_report`]; the view model is
//! built in [`assemble`] (with [`view`], [`sections`] and the SVG geometry in [`charts`]).
//!
//! [`Services::portfolio_report`]: crate::services::Services::portfolio_report

mod assemble;
mod charts;
mod query;
mod risk;
mod sections;
mod view;

use super::error::WebError;
use super::page::render;
use crate::edge::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use query::ReportParams;

/// `GET /reports`. A filter value that is not understood is named on the page (400), with
/// the form to fix it; no report is shown for a filter that cannot be applied.
pub async fn page(
    State(state): State<AppState>,
    Query(params): Query<ReportParams>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let teams = s.teams().await?;
    let slugs: Vec<String> = teams.iter().map(|t| t.slug.clone()).collect();
    let (chosen, problems) = query::check(&params, &slugs);
    let now = s.now();
    let period = chosen.period(now);
    let report = if problems.is_empty() {
        Some(s.portfolio_report(&chosen.filter(), period).await?)
    } else {
        None
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let at = period.to.unwrap_or(now);
    let view = assemble::page(&chosen, &problems, &teams, report.as_ref(), at);
    Ok(render(status, &view))
}
