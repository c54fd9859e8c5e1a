//! Adding, editing and deleting a service's SLOs: `GET`/`POST /services/{slug}/slos/new`,
//! `GET`/`POST /services/{slug}/slos/{id}/edit` and `POST /services/{slug}/slos/{id}/delete`.
//! The "Test query" button posts the same form; it is measured, shown and not saved.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::identity::WebActor;
use super::super::page::{Chrome, Nav, render};
use super::super::posted::{LastValueForm, PostedForm};
use super::super::service::form_page::SummaryItem;
use super::common::{may_edit, posted_version, see_other, summary};
use super::slo_form::{SLO_FIELDS, SloForm, slo_label};
use super::slo_probe::{ProbeView, probe};
use crate::domain::records;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "slo_form.html", config = "web/askama.toml")]
struct SloPage {
    page: Chrome,
    slug: String,
    service_name: String,
    /// The SLO being edited (`None` when adding one).
    slo_id: Option<i64>,
    heading: String,
    action: String,
    form: SloForm,
    errors: FormErrors,
    summary: Vec<SummaryItem>,
    /// Set after a stale save: who changed it, and that the typed values are kept.
    conflict: Option<String>,
    /// The test's result, after "Test query".
    probe: Option<ProbeView>,
    may_edit: bool,
    why_not: String,
}

impl SloPage {
    async fn new(
        s: &Services,
        svc: &records::Service,
        slo_id: Option<i64>,
        form: SloForm,
        errors: FormErrors,
    ) -> Result<Self, WebError> {
        let (may_edit, why_not) = may_edit(s, svc).await?;
        let heading = match slo_id {
            Some(_) => format!("Edit the SLO {}", form.name),
            None => "Add an SLO".to_owned(),
        };
        Ok(Self {
            page: Chrome::new(format!("{heading} · {}", svc.name), Nav::None),
            slug: svc.slug.clone(),
            service_name: svc.name.clone(),
            action: match slo_id {
                Some(id) => format!("/services/{}/slos/{id}/edit", svc.slug),
                None => format!("/services/{}/slos/new", svc.slug),
            },
            slo_id,
            heading,
            summary: summary(&errors, &SLO_FIELDS, slo_label),
            form,
            errors,
            conflict: None,
            probe: None,
            may_edit,
            why_not,
        })
    }
}

async fn slo_of(s: &Services, svc: &records::Service, id: i64) -> Result<records::Slo, WebError> {
    s.slos_by_service_ids(&[svc.id])
        .await?
        .remove(&svc.id)
        .unwrap_or_default()
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "The service {} has no SLO number {id}; it may have been deleted.",
                svc.name
            ))
        })
}

/// `GET /services/{slug}/slos/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let page = SloPage::new(s, &svc, None, SloForm::blank(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `GET /services/{slug}/slos/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let slo = slo_of(s, &svc, id).await?;
    let form = SloForm::from_slo(&slo);
    let page = SloPage::new(s, &svc, Some(id), form, FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /services/{slug}/slos/new`.
pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(form): LastValueForm<SloForm>,
) -> Result<Response, WebError> {
    save(&state.services, &actor, &slug, None, form).await
}

/// `POST /services/{slug}/slos/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    WebActor(actor): WebActor,
    PostedForm(form): LastValueForm<SloForm>,
) -> Result<Response, WebError> {
    save(&state.services, &actor, &slug, Some(id), form).await
}

async fn save(
    s: &Services,
    actor: &crate::services::Actor,
    slug: &str,
    id: Option<i64>,
    mut form: SloForm,
) -> Result<Response, WebError> {
    let svc = s.service(slug).await?;
    let (fields, mut errors) = form.parse();
    if form.action == "test" {
        let result = if errors.is_empty() {
            Some(probe(s, &form.as_row(&fields, svc.id, s.now()), &svc).await)
        } else {
            None
        };
        let mut page = SloPage::new(s, &svc, id, form, errors).await?;
        page.probe = result;
        return Ok(render(StatusCode::OK, &page));
    }
    let version = match id {
        Some(_) => posted_version(&mut errors, &form.version),
        None => None,
    };
    let mut conflict = None;
    if errors.is_empty() {
        let saved = match (id, version) {
            (Some(id), Some(v)) => s.update_slo(actor, id, v, fields).await,
            _ => s.define_slo(actor, slug, fields).await,
        };
        match saved {
            Ok(_) => return Ok(see_other(format!("/services/{slug}?saved=slo#slo-title"))),
            Err(AppError::Validation(e)) => errors.add_error(&e, &SLO_FIELDS),
            Err(AppError::Conflict {
                current_version: Some(now),
                ..
            }) if id.is_some() => {
                conflict = Some(stale_message(s, id.unwrap_or_default(), now).await?);
                form.version = now.to_string();
            }
            Err(e @ AppError::Conflict { .. }) => {
                errors.add("name", super::common::sentence(&e.public_message()))
            }
            Err(AppError::Forbidden(why)) => errors.add("form", super::common::sentence(&why)),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut page = SloPage::new(s, &svc, id, form, errors).await?;
    page.conflict = conflict;
    Ok(render(status, &page))
}

/// Who changed the SLO while it was being edited.
async fn stale_message(s: &Services, id: i64, now: i64) -> Result<String, WebError> {
    let by = match s.last_change("slo", &id.to_string()).await? {
        Some(e) => format!(
            "{} changed it at {}",
            e.actor,
            super::super::format::instant(e.occurred_at)
        ),
        None => "someone changed it".to_owned(),
    };
    Ok(format!(
        "This SLO was changed while you were editing: {by} (it is now at version {now}). \
         Your values below have not been saved. Open the service page in another tab to see \
         the saved SLO, or save again to replace it with yours."
    ))
}

/// The delete form's post.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DeletePost {
    version: String,
}

/// `POST /services/{slug}/slos/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    WebActor(actor): WebActor,
    PostedForm(post): PostedForm<DeletePost>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let slo = slo_of(s, &svc, id).await?;
    let mut errors = FormErrors::default();
    let mut conflict = None;
    if let Some(v) = posted_version(&mut errors, &post.version) {
        match s.delete_slo(&actor, id, v).await {
            Ok(_) => {
                return Ok(see_other(format!(
                    "/services/{slug}?saved=slo-deleted#slo-title"
                )));
            }
            Err(AppError::Conflict {
                current_version: Some(now),
                ..
            }) => {
                conflict = Some(format!(
                    "{} Nothing was deleted; check the saved values below, then delete again.",
                    stale_message(s, id, now).await?
                ));
            }
            Err(AppError::Forbidden(why)) => errors.add("form", super::common::sentence(&why)),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let fresh = slo_of(s, &svc, id).await.unwrap_or(slo);
    let mut page = SloPage::new(s, &svc, Some(id), SloForm::from_slo(&fresh), errors).await?;
    page.conflict = conflict;
    Ok(render(status, &page))
}
