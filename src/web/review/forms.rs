//! The checklist page's item forms, which work without JavaScript: answering an item
//! (`POST /reviews/{id}/items/{key}`) and requesting a waiver (`POST /reviews/{id}/waivers`);
//! review-wide actions are in `actions`. A good post redirects back (303) keeping the filter; a
//! refused one shows the page again with the problem next to the field and the input kept.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::format;
use super::super::identity::WebActor;
use super::super::posted::PostedForm;
use super::model::{Edited, Notice};
use super::page::{review_id, show};
use super::quick::{reply, wants_json};
use super::view::{Badge, Filter, outcome_badge, page_url, parse_expiry};
use crate::domain::review::{Outcome, WaiverRequest};
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::reviews::Answer;
use crate::services::reviews::waivers::NewWaiver;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// What changed under a stale answer: who, when, and what the item says now.
#[derive(Debug, Clone)]
pub struct ItemConflict {
    /// Who saved the current answer.
    pub by: String,
    /// When, readable.
    pub at: String,
    /// When, for `datetime`.
    pub at_machine: String,
    /// The outcome it has now.
    pub now: Badge,
    /// Its evidence now.
    pub evidence: Option<String>,
    /// Its note now.
    pub note: Option<String>,
}

/// The answer form of one item, as saved or as typed.
#[derive(Debug, Clone, Default)]
pub struct AnswerForm {
    /// `pass`, `fail`, `not_applicable` or empty.
    pub outcome: String,
    /// Evidence link or text.
    pub evidence: String,
    /// Note; the reason when not applicable.
    pub note: String,
    /// The item version the form edits (0 while unanswered).
    pub version: i64,
    /// Problems by field (`outcome`, `evidence`, `note`, `form`).
    pub errors: FormErrors,
    /// Set after a stale save.
    pub conflict: Option<ItemConflict>,
}

impl AnswerForm {
    /// Whether the radio button for `outcome` is checked.
    pub fn checked(&self, outcome: &str) -> bool {
        self.outcome == outcome
    }
}

/// The waiver request form of one item.
#[derive(Debug, Clone, Default)]
pub struct WaiverForm {
    /// Why it cannot be met now.
    pub reason: String,
    /// What limits the risk meanwhile.
    pub control: String,
    /// Expiry date as typed (`YYYY-MM-DD`).
    pub expires: String,
    /// Problems by field (`reason`, `control`, `expires`, `form`).
    pub errors: FormErrors,
}

/// The posted answer form (`POST /reviews/{id}/items/{key}`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerPost {
    outcome: String,
    evidence: String,
    note: String,
    expected_version: String,
    /// The checklist filter to go back to.
    filter: String,
}

/// The posted waiver request (`POST /reviews/{id}/waivers`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WaiverPost {
    item_key: String,
    reason: String,
    control: String,
    expires: String,
    /// The checklist filter to go back to.
    filter: String,
}

pub(super) fn see_other(location: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

pub(super) const LOST_VERSION: &str =
    "the form lost track of the version it edits; reload the page";

/// `POST /reviews/{id}/items/{key}`: answers one item. From the page script (`Accept:
/// application/json`) the reply is the item's row and the summary (see `quick`) instead of
/// a redirect or a page.
pub async fn answer(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    WebActor(actor): WebActor,
    headers: HeaderMap,
    PostedForm(posted): PostedForm<AnswerPost>,
) -> Result<Response, WebError> {
    let id = review_id(&id)?;
    let json = wants_json(&headers);
    let s = &state.services;
    let filter = Filter::parse(&posted.filter);
    let mut form = AnswerForm {
        outcome: posted.outcome,
        evidence: posted.evidence,
        note: posted.note,
        ..AnswerForm::default()
    };
    let version = posted.expected_version.trim().parse::<i64>().ok();
    form.version = version.unwrap_or(0);
    // The form offers the outcomes a person may record; the domain spells them.
    let outcome = match Outcome::parse("outcome", &form.outcome) {
        Ok(o @ (Outcome::Pass | Outcome::Fail | Outcome::NotApplicable)) => Some(o),
        _ => {
            form.errors
                .add("outcome", "choose pass, fail or not applicable");
            None
        }
    };
    if version.is_none() {
        form.errors.add("form", LOST_VERSION);
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let mut notice = None;
    if let (Some(outcome), Some(expected_version)) = (outcome, version) {
        let answer = Answer {
            review_id: id,
            item_key: key.clone(),
            outcome,
            evidence: non_empty(&form.evidence),
            note: non_empty(&form.note),
            expected_version,
        };
        match s.respond_to_item(&actor, answer).await {
            Ok(_) if json => return reply(&state, id, &key, None, None, StatusCode::OK).await,
            Ok(_) => return Ok(see_other(page_url(id, filter, "answer", Some(&key)))),
            Err(AppError::Validation(e)) if e.field == "item_key" => {
                return Err(WebError::NotFound(e.message));
            }
            Err(AppError::Validation(e)) => {
                form.errors.add_error(&e, &["outcome", "evidence", "note"])
            }
            Err(AppError::Conflict {
                current_version: Some(v),
                message,
            }) => {
                status = StatusCode::CONFLICT;
                form.version = v;
                form.conflict = conflict_of(s, id, &key).await?;
                if form.conflict.is_none() {
                    form.errors.add("form", message);
                }
            }
            Err(e @ AppError::Conflict { .. }) => {
                // e.g. the review was decided meanwhile: its forms are gone, so say it on top.
                status = StatusCode::CONFLICT;
                notice = Some(Notice::error(
                    "Your answer was not saved",
                    e.public_message(),
                ));
                form.errors.add("form", e.public_message());
            }
            Err(e) => return Err(e.into()),
        }
    }
    if json {
        let message = form
            .errors
            .iter()
            .map(|(_, m)| m.to_owned())
            .next()
            .or_else(|| {
                form.conflict
                    .as_ref()
                    .map(|c| format!("{} changed this item meanwhile", c.by))
            });
        let edited = Edited {
            key: key.clone(),
            answer: Some(form),
            waiver: None,
        };
        return reply(&state, id, &key, Some(edited), message, status).await;
    }
    let edited = Edited {
        key,
        answer: Some(form),
        waiver: None,
    };
    show(&state, id, filter, notice, Some(edited), status).await
}

/// Who changed the item and what it says now.
async fn conflict_of(
    s: &crate::services::Services,
    review_id: i64,
    key: &str,
) -> Result<Option<ItemConflict>, WebError> {
    let rows = s.responses_by_review_ids(&[review_id]).await?;
    let current = rows
        .get(&review_id)
        .and_then(|r| r.iter().find(|r| r.item_key == key));
    Ok(current.map(|r| ItemConflict {
        by: r.responded_by.clone(),
        at: format::instant(r.responded_at),
        at_machine: format::machine(r.responded_at),
        now: outcome_badge(r.outcome),
        evidence: r.evidence.clone(),
        note: r.note.clone(),
    }))
}

/// `POST /reviews/{id}/waivers`: requests a waiver for the posted `item_key`.
pub async fn waiver(
    State(state): State<AppState>,
    Path(id): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<WaiverPost>,
) -> Result<Response, WebError> {
    let id = review_id(&id)?;
    let s = &state.services;
    let filter = Filter::parse(&posted.filter);
    let key = posted.item_key;
    let mut form = WaiverForm {
        reason: posted.reason,
        control: posted.control,
        expires: posted.expires,
        errors: FormErrors::default(),
    };
    let expires = parse_expiry(&form.expires)
        .map_err(|e| form.errors.add("expires", e))
        .ok();
    // The domain's rules, every problem at once; the service checks them again.
    for e in WaiverRequest::problems(&form.reason, &form.control, expires, s.now()) {
        form.errors.add_error(&e, &["reason", "control", "expires"]);
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let mut notice = None;
    if let (true, Some(expires_at)) = (form.errors.is_empty(), expires) {
        let input = NewWaiver {
            review_id: id,
            item_key: key.clone(),
            reason: form.reason.clone(),
            compensating_control: form.control.clone(),
            expires_at,
        };
        match s.request_waiver(&actor, input).await {
            Ok(_) => return Ok(see_other(page_url(id, filter, "waiver", Some(&key)))),
            Err(AppError::Validation(e)) if e.field == "item_key" => {
                return Err(WebError::NotFound(e.message));
            }
            Err(AppError::Validation(e)) => {
                form.errors.add_error(&e, &["reason", "control", "expires"])
            }
            Err(e @ AppError::Conflict { .. }) => {
                status = StatusCode::CONFLICT;
                notice = Some(Notice::error(
                    "The waiver was not requested",
                    e.public_message(),
                ));
                form.errors.add("form", e.public_message());
            }
            Err(e) => return Err(e.into()),
        }
    }
    let edited = Edited {
        key,
        answer: None,
        waiver: Some(form),
    };
    show(&state, id, filter, notice, Some(edited), status).await
}
