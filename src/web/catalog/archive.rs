//! Archiving a service: `GET /services/{slug}/archive` explains what archiving does and
//! asks to confirm; `POST` archives it and returns to the service page.

use super::super::error::WebError;
use super::super::identity::WebActor;
use super::super::page::{Chrome, Nav, render};
use super::super::posted::PostedForm;
use super::common::{may_edit, see_other};
use crate::domain::records;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "archive.html", config = "web/askama.toml")]
struct ArchivePage {
    page: Chrome,
    slug: String,
    service_name: String,
    version: i64,
    archived: bool,
    dependents: usize,
    /// Why it was not archived (a stale page, a refusal).
    problem: Option<String>,
    may_edit: bool,
    why_not: String,
}

async fn page_of(s: &Services, svc: &records::Service) -> Result<ArchivePage, WebError> {
    let (may_edit, why_not) = may_edit(s, svc).await?;
    let dependents = s
        .dependents_by_service_ids(&[svc.id])
        .await?
        .remove(&svc.id)
        .map_or(0, |d| d.len());
    Ok(ArchivePage {
        page: Chrome::new(format!("Archive {}", svc.name), Nav::None),
        slug: svc.slug.clone(),
        service_name: svc.name.clone(),
        version: svc.version,
        archived: svc.archived_at.is_some(),
        dependents,
        problem: None,
        may_edit,
        why_not,
    })
}

/// `GET /services/{slug}/archive`.
pub async fn confirm(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    Ok(render(StatusCode::OK, &page_of(s, &svc).await?))
}

/// The confirmation's post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArchivePost {
    version: String,
}

/// `POST /services/{slug}/archive`.
pub async fn archive(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(post): PostedForm<ArchivePost>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let version = post.version.trim().parse::<i64>().unwrap_or(0);
    let (status, problem) = match s.archive_service(&actor, &slug, version).await {
        Ok(_) => return Ok(see_other(format!("/services/{slug}?saved=archived"))),
        Err(AppError::Conflict {
            current_version: Some(_),
            ..
        }) => (
            StatusCode::CONFLICT,
            "The service was changed after you opened this page, so it was not archived. \
             Check the service page for what changed, then confirm again below."
                .to_owned(),
        ),
        Err(e @ AppError::Conflict { .. }) => (StatusCode::CONFLICT, e.public_message()),
        Err(AppError::Validation(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "The confirmation lost track of the service's version; confirm again below.".to_owned(),
        ),
        Err(AppError::Forbidden(why)) => (StatusCode::FORBIDDEN, why),
        Err(e) => return Err(e.into()),
    };
    let svc = s.service(&slug).await?;
    let mut page = page_of(s, &svc).await?;
    page.problem = Some(super::common::sentence(&problem));
    Ok(render(status, &page))
}
