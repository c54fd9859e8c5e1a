//! The meeting's forms with typed input: sign-offs, the decision with action items, adding
//! an action item and ticking one off.

use super::super::identity::WebActor;
use super::super::posted::PostedForm;
use super::input::{AddInput, AddPost, DecisionInput, DecisionPost, SignOffInput, Typed};
use super::{back, refused, show, version};
use crate::domain::gate_authority::OVERRIDE_REASON_FIELD;
use crate::domain::review::SignOffDecision;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::reviews::decisions::DecisionInput as ServiceDecision;
use crate::services::reviews::waivers::NewSignOff;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::super::error::WebError;

/// The posted sign-off form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignOffPost {
    role: String,
    decision: String,
    comment: String,
    expected_version: String,
}

/// `POST /reviews/{id}/signoffs`: `role`, `decision` (`approve`/`reject`), `comment`,
/// `expected_version`.
pub async fn sign_off(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<SignOffPost>,
) -> Result<Response, WebError> {
    let v = version(&posted.expected_version)?;
    let role = posted.role;
    let comment = posted.comment;
    let decision = SignOffDecision::parse("decision", &posted.decision)
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let input = NewSignOff {
        review_id: id,
        role: role.clone(),
        decision,
        comment: Some(comment.clone()),
        expected_version: v,
    };
    match state.services.sign_off(&actor, input).await {
        Ok(_) => Ok(back(id, "signed", "signoffs-title")),
        Err(e) => {
            let error = match &e {
                AppError::Validation(f) if f.field == "comment" => Some(f.message.clone()),
                _ => None,
            };
            let typed = Typed {
                sign_off: Some(SignOffInput {
                    role,
                    comment,
                    error,
                }),
                ..Typed::default()
            };
            refused(&state, id, e, &typed).await
        }
    }
}

/// `POST /reviews/{id}/decision`: `decision`, `notes`, `expected_version` and repeated
/// `title`/`owner`/`due` action item rows (blank rows ignored).
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<DecisionPost>,
) -> Result<Response, WebError> {
    let v = version(&posted.expected_version)?;
    let mut form = DecisionInput::from_post(posted);
    let Some((decision, items)) = form.parse() else {
        let typed = Typed {
            decision: form,
            ..Typed::default()
        };
        return show(
            &state,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            &typed,
            None,
            None,
        )
        .await;
    };
    let input = ServiceDecision {
        decision,
        notes: Some(form.notes.clone()),
        expected_version: v,
        action_items: items,
        override_reason: Some(form.override_reason.clone()).filter(|r| !r.trim().is_empty()),
    };
    match state.services.decide_review(&actor, id, input).await {
        Ok(_) => Ok(back(id, "decided", "decision-title")),
        Err(e) => {
            match &e {
                AppError::Validation(f) if f.field == OVERRIDE_REASON_FIELD => {
                    form.errors.add("override_reason", f.message.clone())
                }
                AppError::Validation(f) => form.errors.add(f.field.clone(), f.message.clone()),
                AppError::Refused(_) => form.errors.add(
                    "override_reason",
                    "the launch gate is NO-GO: to approve anyway, give the reason for the \
                     override (at least a sentence)",
                ),
                _ => {}
            }
            let typed = Typed {
                decision: form,
                ..Typed::default()
            };
            refused(&state, id, e, &typed).await
        }
    }
}

/// `POST /reviews/{id}/action-items`: `title`, `owner`, `due`.
pub async fn add_action(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    WebActor(actor): WebActor,
    PostedForm(posted): PostedForm<AddPost>,
) -> Result<Response, WebError> {
    let mut form = AddInput::from_post(posted);
    let Some(item) = form.parse() else {
        let typed = Typed {
            add: form,
            ..Typed::default()
        };
        return show(
            &state,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            &typed,
            None,
            None,
        )
        .await;
    };
    match state.services.add_action_item(&actor, id, item).await {
        Ok(_) => Ok(back(id, "action-added", "actions-title")),
        Err(e) => {
            let typed = Typed {
                add: form,
                ..Typed::default()
            };
            refused(&state, id, e, &typed).await
        }
    }
}

/// Body of the done toggle.
#[derive(Debug, Default, Deserialize)]
pub struct ToggleForm {
    #[serde(default)]
    done: String,
    #[serde(default)]
    expected_version: String,
}

/// `POST /reviews/{id}/action-items/{aid}`: `done` (`true`/`false`), `expected_version`.
pub async fn toggle_action(
    State(state): State<AppState>,
    Path((id, aid)): Path<(i64, i64)>,
    WebActor(actor): WebActor,
    Form(form): Form<ToggleForm>,
) -> Result<Response, WebError> {
    let v = version(&form.expected_version)?;
    let done = match form.done.as_str() {
        "true" => true,
        "false" => false,
        other => {
            return Err(WebError::BadRequest(format!(
                "`done` must be true or false, not `{other}`"
            )));
        }
    };
    let s = &state.services;
    let belongs = s
        .action_items_by_review_ids(&[id])
        .await?
        .remove(&id)
        .is_some_and(|items| items.iter().any(|a| a.id == aid));
    if !belongs {
        return Err(WebError::NotFound(format!(
            "Review {id} has no action item {aid}."
        )));
    }
    match s.set_action_item_done(&actor, aid, done, v).await {
        Ok(_) => Ok(back(
            id,
            if done {
                "action-done"
            } else {
                "action-reopened"
            },
            "actions-title",
        )),
        Err(e) => refused(&state, id, e, &Typed::default()).await,
    }
}
