//! The one-click answer's reply. The page script posts the ordinary answer form with
//! `Accept: application/json`; instead of a redirect it gets the item's row and the summary
//! rendered by the same templates as the page, plus the counts the page shows elsewhere
//! (filter tabs, the category's progress), so the row and summary update in place.

use super::super::error::WebError;
use super::items::ItemView;
use super::model::{Edited, SummaryView};
use super::page::build;
use super::view::Filter;
use crate::edge::AppState;
use askama::Template;
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether the post came from the page script, which asks for JSON.
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

#[derive(Template)]
#[template(path = "review_item_fragment.html", config = "web/askama.toml")]
struct ItemFragment<'a> {
    item: &'a ItemView,
    id: i64,
    filter: &'static str,
    open: bool,
    may_answer: bool,
    waiver_min: &'a str,
}

#[derive(Template)]
#[template(path = "review_summary.html", config = "web/askama.toml")]
struct SummaryFragment<'a> {
    sm: &'a SummaryView,
}

/// A category's progress after the answer.
#[derive(Debug, Serialize)]
struct CategoryReply {
    key: String,
    answered: usize,
    total: usize,
    score: Option<String>,
}

/// What the script needs after a one-click answer.
#[derive(Debug, Serialize)]
struct Reply {
    /// The answer was stored.
    saved: bool,
    /// The item.
    key: String,
    /// The item's version now (what the next answer must name).
    version: i64,
    /// Its recorded outcome now (`pass`, `fail`, `not_applicable`, or empty).
    outcome: String,
    /// The item's row, as the page renders it (with the problem when refused).
    row: String,
    /// The sticky summary, as the page renders it.
    summary: String,
    /// Items answered, and applicable.
    answered: usize,
    total: usize,
    /// The first unanswered item, if any.
    next_unanswered: Option<String>,
    /// Items each filter tab shows.
    tabs: BTreeMap<&'static str, usize>,
    /// The item's category.
    category: Option<CategoryReply>,
    /// Why the answer was refused, in a sentence.
    message: Option<String>,
}

/// Renders the reply for item `key` of review `id` with `status`; `edited` carries a
/// refused post's input and problems.
pub async fn reply(
    state: &AppState,
    id: i64,
    key: &str,
    edited: Option<Edited>,
    message: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let page = build(state, id, Filter::All, None, edited).await?;
    let found = page
        .categories
        .iter()
        .find_map(|c| c.items.iter().find(|i| i.key == key).map(|i| (c, i)));
    let Some((category, item)) = found else {
        return Err(WebError::NotFound(format!(
            "This review has no item {key}."
        )));
    };
    let render = |r: Result<String, askama::Error>| {
        r.map_err(|e| {
            WebError::Internal(crate::error::AppError::Internal(anyhow::anyhow!(
                "rendering the checklist failed: {e}"
            )))
        })
    };
    let row = render(
        ItemFragment {
            item,
            id,
            filter: page.filter,
            open: page.open,
            may_answer: page.may_answer,
            waiver_min: &page.waiver_min,
        }
        .render(),
    )?;
    let summary = render(SummaryFragment { sm: &page.sm }.render())?;
    let body = Reply {
        saved: status.is_success(),
        key: key.to_owned(),
        version: item.form.version,
        outcome: item.form.outcome.clone(),
        row,
        summary,
        answered: page.sm.answered,
        total: page.sm.total,
        next_unanswered: page.sm.next_unanswered.clone(),
        tabs: page.tabs.iter().map(|t| (t.key, t.count)).collect(),
        category: Some(CategoryReply {
            key: category.key.clone(),
            answered: category.answered,
            total: category.total,
            score: category.score.clone(),
        }),
        message,
    };
    Ok((status, Json(body)).into_response())
}
