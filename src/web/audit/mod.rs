//! `GET /audit`: the audit log — every recorded change, newest first, narrowed by a plain
//! GET form (actor, entity, action, service or review, dates), each event with the fields
//! it changed, and an "Older" link that follows the cursor.

mod view;

use super::error::WebError;
use super::form_errors::FormErrors;
use super::format::url_with_query;
use super::page::{Chrome, Nav, render};
use crate::domain::FieldError;
use crate::domain::audit::AuditQuery;
use crate::edge::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use view::{EventRow, event_rows};

/// Events per page.
const PAGE: u64 = 50;

/// The form's fields, in the order the page shows them.
const FIELDS: [&str; 8] = [
    "actor",
    "entity_type",
    "entity_id",
    "action",
    "service",
    "review",
    "from",
    "to",
];

/// The filter form's fields as sent; empty values mean "any".
#[derive(Debug, Default, Deserialize)]
pub struct AuditParams {
    actor: Option<String>,
    entity_type: Option<String>,
    entity_id: Option<String>,
    action: Option<String>,
    service: Option<String>,
    review: Option<String>,
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
}

/// A problem shown above the form, linking to its field.
#[derive(Debug)]
struct Problem {
    href: String,
    text: String,
}

#[derive(Template)]
#[template(path = "audit.html", config = "web/askama.toml")]
struct AuditPage {
    page: Chrome,
    /// The form's values as typed (`FIELDS` order).
    values: Vec<(&'static str, String)>,
    errors: FormErrors,
    summary: Vec<Problem>,
    rows: Vec<EventRow>,
    filtered: bool,
    older_href: Option<String>,
    newest_href: Option<String>,
}

impl AuditPage {
    /// What the form field `name` holds.
    fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// `GET /audit`.
pub async fn page(
    State(state): State<AppState>,
    Query(params): Query<AuditParams>,
) -> Result<Response, WebError> {
    let text = |v: &Option<String>| v.as_deref().map_or("", str::trim).to_owned();
    let values: Vec<(&'static str, String)> = FIELDS
        .iter()
        .zip([
            &params.actor,
            &params.entity_type,
            &params.entity_id,
            &params.action,
            &params.service,
            &params.review,
            &params.from,
            &params.to,
        ])
        .map(|(name, v)| (*name, text(v)))
        .collect();
    let value = |name: &str| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v)
    };
    let mut problems = Vec::new();
    let some = |v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
    let query = AuditQuery {
        actor: some(value("actor")),
        entity_type: some(value("entity_type")),
        entity_id: some(value("entity_id")),
        action: some(value("action")),
        service: some(value("service")),
        review: review_id(value("review")).unwrap_or_else(|e| {
            problems.push(e);
            None
        }),
        from: day("from", value("from"), NaiveTime::MIN).unwrap_or_else(|e| {
            problems.push(e);
            None
        }),
        to: day("to", value("to"), last_instant()).unwrap_or_else(|e| {
            problems.push(e);
            None
        }),
    };
    problems.extend(query.problems());
    let after = Some(text(&params.after)).filter(|a| !a.is_empty());
    let (rows, has_more) = if problems.is_empty() {
        let log = state
            .services
            .audit_log(&query, after.as_deref(), PAGE)
            .await?;
        (event_rows(log.entries), log.has_more)
    } else {
        (Vec::new(), false)
    };
    let mut errors = FormErrors::default();
    for p in &problems {
        errors.add_error(p, &FIELDS);
    }
    let summary = FIELDS
        .iter()
        .filter_map(|f| {
            errors.get(f).map(|e| Problem {
                href: format!("#f-{f}"),
                text: format!("{}: {e}", view::label(f)),
            })
        })
        .collect();
    let link = |after: &str| {
        let mut pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        pairs.push(("after", after));
        url_with_query("/audit", &pairs)
    };
    let older_href = rows
        .last()
        .filter(|_| has_more)
        .map(|r: &EventRow| link(&r.id.to_string()));
    let newest_href = after.as_ref().map(|_| link(""));
    let view = AuditPage {
        page: Chrome::new("Audit log", Nav::Audit),
        filtered: values.iter().any(|(_, v)| !v.is_empty()),
        values,
        errors,
        summary,
        rows,
        older_href,
        newest_href,
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(render(status, &view))
}

/// The review id typed, if any.
fn review_id(value: &str) -> Result<Option<i64>, FieldError> {
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<i64>()
        .map(Some)
        .map_err(|_| FieldError::new("review", "must be a review id (a number)"))
}

/// The instant `time` on the day typed (`YYYY-MM-DD`, UTC), if any.
fn day(field: &str, value: &str, time: NaiveTime) -> Result<Option<DateTime<Utc>>, FieldError> {
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|d| Some(d.and_time(time).and_utc()))
        .map_err(|_| FieldError::new(field, "must be a date, YYYY-MM-DD"))
}

/// The last instant of a day, so that "to" includes the whole day.
fn last_instant() -> NaiveTime {
    NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_cover_whole_days_in_utc() {
        let from = day("from", "2026-12-06", NaiveTime::MIN).unwrap().unwrap();
        let to = day("to", "2026-12-06", last_instant()).unwrap().unwrap();
        assert_eq!(from.to_rfc3339(), "2026-12-06T00:00:00+00:00");
        assert_eq!((to - from).num_seconds(), 86_399);
        assert_eq!(day("to", "", last_instant()).unwrap(), None);
        assert_eq!(
            day("to", "06/12/2026", NaiveTime::MIN).unwrap_err().field,
            "to"
        );
        assert_eq!(review_id("12").unwrap(), Some(12));
        assert_eq!(review_id("x").unwrap_err().field, "review");
    }
}
