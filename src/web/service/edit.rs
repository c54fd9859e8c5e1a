//! Registering and editing a service: `GET`/`POST /services/new` and
//! `GET`/`POST /services/{slug}/edit`. A good post redirects to the service page (303); a
//! bad one shows the form again with the input kept and each problem next to its field.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::format;
use super::super::identity::WebActor;
use super::super::page::render;
use super::super::posted::{LastValueForm, PostedForm};
use super::form::{ServiceForm, ServicePost, as_changes};
use super::form_page::{ConflictView, FormPage, diffs};
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// `?team=` preselects the owning team (from a team page).
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    team: Option<String>,
}

fn see_other(slug: &str, saved: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/services/{slug}?saved={saved}"))],
    )
        .into_response()
}

/// `GET /services/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let teams = state.services.teams().await?;
    let form = ServiceForm {
        team: q.team.unwrap_or_default(),
        tier: "tier3".into(),
        lifecycle: "development".into(),
        ..ServiceForm::default()
    };
    let page = FormPage::new(form, FormErrors::default(), &teams, None);
    Ok(render(StatusCode::OK, &page))
}

/// `POST /services/new`.
pub async fn create(
    State(state): State<AppState>,
    WebActor(actor): WebActor,
    PostedForm(post): LastValueForm<ServicePost>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let form = ServiceForm::from_post(post);
    let (input, rows, mut errors) = form.parse();
    if errors.is_empty() {
        match s.create_service(&actor, input).await {
            Ok(created) => return Ok(see_other(&created.slug, "created")),
            Err(AppError::Validation(e)) => errors.add_service_error(&e, &rows),
            Err(e @ AppError::Conflict { .. }) => errors.add("slug", e.public_message()),
            Err(e) => return Err(e.into()),
        }
    }
    let teams = s.teams().await?;
    let page = FormPage::new(form, errors, &teams, None);
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

async fn team_slug(s: &Services, team_id: i64) -> Result<String, WebError> {
    Ok(s.teams_by_ids(&[team_id])
        .await?
        .remove(&team_id)
        .map(|t| t.slug)
        .unwrap_or_default())
}

/// `GET /services/{slug}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let form = ServiceForm::from_service(&svc, &team_slug(s, svc.team_id).await?);
    let teams = s.teams().await?;
    let page = FormPage::new(
        form,
        FormErrors::default(),
        &teams,
        Some((&svc.slug, &svc.name)),
    );
    Ok(render(StatusCode::OK, &page))
}

/// `POST /services/{slug}/edit`.
pub async fn update(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(post): LastValueForm<ServicePost>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let current = s.service(&slug).await?;
    let mut form = ServiceForm::from_post(post);
    form.slug = current.slug.clone();
    form.keep_unposted(&current);
    let (input, rows, mut errors) = form.parse();
    let version = form.version.trim().parse::<i64>().ok();
    if version.is_none() {
        errors.add(
            "form",
            "the form lost track of the version it edits; reload the page",
        );
    }
    let mut conflict = None;
    if let (true, Some(version)) = (errors.is_empty(), version) {
        match s
            .update_service(&actor, &slug, version, as_changes(input))
            .await
        {
            Ok(saved) => return Ok(see_other(&saved.slug, "updated")),
            Err(AppError::Validation(e)) => errors.add_service_error(&e, &rows),
            Err(AppError::Conflict {
                current_version: Some(v),
                ..
            }) => {
                conflict = Some(stale(s, &slug, &form).await?);
                form.version = v.to_string();
            }
            Err(e @ AppError::Conflict { .. }) => errors.add("form", e.public_message()),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let teams = s.teams().await?;
    let mut page = FormPage::new(form, errors, &teams, Some((&current.slug, &current.name)));
    page.conflict = conflict;
    Ok(render(status, &page))
}

/// What changed under a stale save: who saved last and when, and the saved values that
/// differ from the form.
async fn stale(s: &Services, slug: &str, typed: &ServiceForm) -> Result<ConflictView, WebError> {
    let saved = s.service(slug).await?;
    let saved_form = ServiceForm::from_service(&saved, &team_slug(s, saved.team_id).await?);
    let last = s.last_change("service", slug).await?;
    let by = match last {
        Some(e) => format!(
            "{} changed it at {} (it is now at version {})",
            e.actor,
            format::instant(e.occurred_at),
            saved.version
        ),
        None => format!("it was changed (it is now at version {})", saved.version),
    };
    Ok(ConflictView {
        message: format!(
            "This service was changed while you were editing: {by}. Your changes below have \
             not been saved. Compare them with the saved values, then save again to replace \
             the saved version."
        ),
        diffs: diffs(&saved_form, typed),
    })
}
