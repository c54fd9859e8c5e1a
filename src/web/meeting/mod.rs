//! Launch review meeting mode, `GET /reviews/{id}/meeting`: one projector-friendly screen
//! with the gate, blockers first, what changed, waivers to decide, sign-offs and the
//! decision with its action items. Every form posts to a route below, which redirects back
//! (303) with a flash message; a refused post shows the page again with the reason and
//! whatever was typed.

mod activity;
mod input;
mod posts;
pub(super) mod sections;
mod view;

pub use posts::{add_action, decide, sign_off, toggle_action};
pub(super) use sections::role_label;

use super::error::WebError;
use super::identity::WebActor;
use super::page::render;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Actor;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use input::Typed;
use serde::Deserialize;
use view::{ProblemView, meeting_page};

/// How many recent changes a stale post lists.
const STALE_ACTIVITY: usize = 5;

/// `?done=` set by the redirect after a successful post.
#[derive(Debug, Default, Deserialize)]
pub struct FlashQuery {
    done: Option<String>,
}

/// A form that only carries the version the user saw.
#[derive(Debug, Default, Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    expected_version: String,
}

/// The meeting's submit form: the version, and `yes` once submitting with unanswered
/// items was confirmed.
#[derive(Debug, Default, Deserialize)]
pub struct SubmitForm {
    #[serde(default)]
    expected_version: String,
    #[serde(default)]
    confirm_unanswered: String,
}

fn flash(key: &str) -> Option<&'static str> {
    Some(match key {
        "submitted" => "Review submitted for the meeting: sign-offs can be collected now.",
        "waiver-approved" => "Waiver approved.",
        "waiver-rejected" => "Waiver rejected.",
        "signed" => "Sign-off recorded.",
        "decided" => "Decision recorded.",
        "action-added" => "Action item added.",
        "action-done" => "Action item marked done.",
        "action-reopened" => "Action item reopened.",
        "na-accepted" => "Not applicable accepted: the item leaves the score.",
        "na-rejected" => "Not applicable rejected: the item is open until it is answered again.",
        _ => return None,
    })
}

pub(super) fn version(raw: &str) -> Result<i64, WebError> {
    raw.trim().parse().map_err(|_| {
        WebError::BadRequest(
            "The form lost track of the version it acts on; reload the page and try again.".into(),
        )
    })
}

/// 303 back to the meeting page with a flash message and an anchor.
pub(super) fn back(id: i64, done: &str, anchor: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            format!("/reviews/{id}/meeting?done={done}#{anchor}"),
        )],
    )
        .into_response()
}

/// The page, rendered with `status`.
pub(super) async fn show(
    state: &AppState,
    id: i64,
    status: StatusCode,
    typed: &Typed,
    flash: Option<&'static str>,
    problem: Option<ProblemView>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let facts = s.meeting_facts(id).await?;
    let permits = facts_permits(s, &facts).await?;
    let page = meeting_page(&facts, &permits, typed, flash, problem, s.now());
    Ok(render(status, &page))
}

/// The page again after `err` refused a post, keeping `typed`. Not-found and unexpected
/// errors become error pages.
pub(super) async fn refused(
    state: &AppState,
    id: i64,
    err: AppError,
    typed: &Typed,
) -> Result<Response, WebError> {
    let (status, title, stale) = match &err {
        AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed", false),
        AppError::Conflict {
            current_version: Some(_),
            ..
        } => (StatusCode::CONFLICT, "Changed by someone else", true),
        AppError::Conflict { .. } => (StatusCode::CONFLICT, "Not possible right now", false),
        AppError::Refused(_) => (StatusCode::CONFLICT, "The launch gate is NO-GO", false),
        AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "Check the form", false),
        _ => return Err(err.into()),
    };
    let s = &state.services;
    let facts = s.meeting_facts(id).await?;
    let mut message = match &err {
        // The blocking reasons are listed under "Why NO-GO" already: say what to do.
        AppError::Refused(r) => format!(
            "Cannot approve: the launch gate is NO-GO ({} blocking {}, listed under “Why \
             NO-GO”). To approve anyway, give the reason for the override; or fix what blocks \
             first. Your input is kept below.",
            r.details.len(),
            if r.details.len() == 1 {
                "reason"
            } else {
                "reasons"
            }
        ),
        _ => err.public_message(),
    };
    if stale {
        message.push_str(". Your input is kept below; the page now shows the current state.");
    }
    let problem = ProblemView {
        title,
        message,
        activity: Vec::new(),
    };
    let permits = facts_permits(s, &facts).await?;
    let mut page = meeting_page(&facts, &permits, typed, None, Some(problem), s.now());
    if stale && let Some(p) = page.problem.as_mut() {
        p.activity = page.activity.iter().take(STALE_ACTIVITY).cloned().collect();
    }
    Ok(render(status, &page))
}

/// `GET /reviews/{id}/meeting`.
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> Result<Response, WebError> {
    let shown = q.done.as_deref().and_then(flash);
    show(&state, id, StatusCode::OK, &Typed::default(), shown, None).await
}

/// `POST /reviews/{id}/meeting/submit`: draft → in review.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    WebActor(actor): WebActor,
    Form(form): Form<SubmitForm>,
) -> Result<Response, WebError> {
    let v = version(&form.expected_version)?;
    if form.confirm_unanswered.trim() != "yes"
        && super::review::actions::unanswered(&state, id).await? > 0
    {
        let to = super::review::actions::confirm_url(id);
        return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
    }
    match state.services.submit_review(&actor, id, v).await {
        Ok(_) => Ok(back(id, "submitted", "signoffs-title")),
        Err(e) => refused(&state, id, e, &Typed::default()).await,
    }
}

/// `POST /reviews/{id}/waivers/{wid}/approve`.
pub async fn approve_waiver(
    State(state): State<AppState>,
    Path((id, wid)): Path<(i64, i64)>,
    WebActor(actor): WebActor,
    Form(form): Form<VersionForm>,
) -> Result<Response, WebError> {
    decide_waiver(&state, id, wid, &actor, &form, true).await
}

/// `POST /reviews/{id}/waivers/{wid}/reject`.
pub async fn reject_waiver(
    State(state): State<AppState>,
    Path((id, wid)): Path<(i64, i64)>,
    WebActor(actor): WebActor,
    Form(form): Form<VersionForm>,
) -> Result<Response, WebError> {
    decide_waiver(&state, id, wid, &actor, &form, false).await
}

async fn decide_waiver(
    state: &AppState,
    id: i64,
    wid: i64,
    actor: &Actor,
    form: &VersionForm,
    approve: bool,
) -> Result<Response, WebError> {
    let v = version(&form.expected_version)?;
    let s = &state.services;
    let belongs = s
        .waivers_by_review_ids(&[id])
        .await?
        .remove(&id)
        .is_some_and(|ws| ws.iter().any(|w| w.id == wid));
    if !belongs {
        return Err(WebError::NotFound(format!(
            "Review {id} has no waiver {wid}."
        )));
    }
    match s.decide_waiver(actor, wid, v, approve).await {
        Ok(_) => Ok(back(
            id,
            if approve {
                "waiver-approved"
            } else {
                "waiver-rejected"
            },
            "waivers-title",
        )),
        Err(e) => refused(state, id, e, &Typed::default()).await,
    }
}

/// What the viewer may do in this meeting.
async fn facts_permits(
    s: &crate::services::Services,
    facts: &crate::services::reviews::meeting::MeetingFacts,
) -> Result<crate::domain::access::Permits, WebError> {
    let sheet = &facts.sheet;
    let roles = sheet.template.template.signoffs.get(sheet.service.tier);
    crate::web::permits::on(s, &sheet.service, roles).await
}
