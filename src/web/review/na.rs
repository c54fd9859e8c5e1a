//! Accepting or rejecting a not applicable answer from the checklist or meeting mode
//! (`POST /reviews/{id}/items/{key}/na-accept` and `/na-reject`): `expected_version`,
//! `comment` (required to reject) and `back` (`meeting` or the checklist). A success
//! redirects back to the item (303); a refusal shows the checklist with the reason, or, from
//! the meeting, a page saying what was refused.

use super::super::error::WebError;
use super::super::identity::WebActor;
use super::super::posted::PostedForm;
use super::forms::{LOST_VERSION, see_other};
use super::model::Notice;
use super::page::{review_id, show};
use super::view::{Filter, page_url};
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Actor;
use crate::services::reviews::not_applicable::NaVerdict;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// The posted accept or reject form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NaPost {
    expected_version: String,
    comment: String,
    back: String,
}

/// `POST /reviews/{id}/items/{key}/na-accept`.
pub async fn accept(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<NaPost>,
) -> Result<Response, WebError> {
    verdict(&state, &id, key, &actor, posted, true).await
}

/// `POST /reviews/{id}/items/{key}/na-reject`.
pub async fn reject(
    State(state): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<NaPost>,
) -> Result<Response, WebError> {
    verdict(&state, &id, key, &actor, posted, false).await
}

async fn verdict(
    state: &AppState,
    id: &str,
    key: String,
    actor: &Actor,
    posted: NaPost,
    accept: bool,
) -> Result<Response, WebError> {
    let id = review_id(id)?;
    let meeting = posted.back == "meeting";
    let Ok(version) = posted.expected_version.trim().parse::<i64>() else {
        return Err(WebError::BadRequest(LOST_VERSION.into()));
    };
    let input = NaVerdict {
        review_id: id,
        item_key: key.clone(),
        accept,
        comment: Some(posted.comment),
        expected_version: version,
    };
    let done = if accept { "na-accepted" } else { "na-rejected" };
    match state.services.decide_not_applicable(actor, input).await {
        Ok(_) if meeting => Ok(see_other(format!(
            "/reviews/{id}/meeting?done={done}#na-meeting-{key}"
        ))),
        Ok(_) => Ok(see_other(page_url(id, Filter::All, done, Some(&key)))),
        Err(e) if meeting => Err(e.into()),
        Err(e @ (AppError::Forbidden(_) | AppError::Conflict { .. } | AppError::Validation(_))) => {
            let status = match &e {
                AppError::Forbidden(_) => StatusCode::FORBIDDEN,
                AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            let title = if accept {
                "Not applicable was not accepted"
            } else {
                "Not applicable was not rejected"
            };
            let notice = Notice::error(title, format!("{key}: {}", e.public_message()));
            show(state, id, Filter::All, Some(notice), None, status).await
        }
        Err(e) => Err(e.into()),
    }
}
