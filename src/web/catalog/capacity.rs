//! Setting a service's capacity plan: `GET`/`POST /services/{slug}/capacity`. The first save
//! creates the plan, later ones replace it if nobody changed it meanwhile.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::format;
use super::super::identity::WebActor;
use super::super::page::{Chrome, Nav, render};
use super::super::posted::{LastValueForm, PostedForm};
use super::super::service::form_page::SummaryItem;
use super::capacity_form::{CAPACITY_FIELDS, CapacityForm, add_error, capacity_label};
use super::common::{may_edit, see_other, summary};
use crate::domain::records;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "capacity_form.html", config = "web/askama.toml")]
struct CapacityPage {
    page: Chrome,
    slug: String,
    service_name: String,
    /// Whether a plan is stored (the form replaces it).
    replacing: bool,
    form: CapacityForm,
    errors: FormErrors,
    summary: Vec<SummaryItem>,
    conflict: Option<String>,
    may_edit: bool,
    why_not: String,
    events: Vec<EventView>,
}

/// One box of a planned-event row.
#[derive(Debug, Clone)]
pub struct EventField {
    id: String,
    name: &'static str,
    label: String,
    kind: &'static str,
    value: String,
    error: Option<String>,
}

/// A planned-event row as shown.
#[derive(Debug, Clone)]
pub struct EventView {
    number: usize,
    fields: Vec<EventField>,
}

fn event_views(form: &CapacityForm, errors: &FormErrors) -> Vec<EventView> {
    form.rows()
        .into_iter()
        .map(|r| {
            let field = |part: &str, name, label: String, kind, value: String| {
                let id = format!("event_{part}_{}", r.index);
                EventField {
                    error: errors.get(&id).map(str::to_owned),
                    id,
                    name,
                    label,
                    kind,
                    value,
                }
            };
            EventView {
                number: r.number,
                fields: vec![
                    field(
                        "name",
                        "event_name",
                        format!("Event {} name", r.number),
                        "text",
                        r.name.clone(),
                    ),
                    field("date", "event_date", "Date".into(), "date", r.date.clone()),
                    field(
                        "multiplier",
                        "event_multiplier",
                        "Peak multiplier".into(),
                        "text",
                        r.multiplier.clone(),
                    ),
                ],
            }
        })
        .collect()
}

async fn stored(
    s: &Services,
    svc: &records::Service,
) -> Result<Option<records::CapacityPlan>, WebError> {
    Ok(s.capacity_by_service_ids(&[svc.id]).await?.remove(&svc.id))
}

async fn page_of(
    s: &Services,
    svc: &records::Service,
    form: CapacityForm,
    errors: FormErrors,
    replacing: bool,
) -> Result<CapacityPage, WebError> {
    let (may_edit, why_not) = may_edit(s, svc).await?;
    let mut order: Vec<&str> = CAPACITY_FIELDS.to_vec();
    order.push("form");
    Ok(CapacityPage {
        page: Chrome::new(format!("Capacity plan · {}", svc.name), Nav::None),
        slug: svc.slug.clone(),
        service_name: svc.name.clone(),
        replacing,
        summary: summary(&errors, &order, capacity_label),
        events: event_views(&form, &errors),
        form,
        errors,
        conflict: None,
        may_edit,
        why_not,
    })
}

/// `GET /services/{slug}/capacity`.
pub async fn form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let plan = stored(s, &svc).await?;
    let form = plan
        .as_ref()
        .map_or_else(CapacityForm::blank, CapacityForm::from_plan);
    let page = page_of(s, &svc, form, FormErrors::default(), plan.is_some()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /services/{slug}/capacity`.
pub async fn save(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(mut form): LastValueForm<CapacityForm>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let (input, mut errors) = form.parse(&svc.slug);
    let mut conflict = None;
    if let (Some(input), true) = (input, errors.is_empty()) {
        let rows: Vec<usize> = form
            .rows()
            .iter()
            .filter(|r| !r.name.trim().is_empty())
            .map(|r| r.index)
            .collect();
        match s.set_capacity_plan(&actor, input).await {
            Ok(_) => {
                return Ok(see_other(format!(
                    "/services/{slug}?saved=capacity#capacity-title"
                )));
            }
            Err(AppError::Validation(e)) => add_error(&mut errors, &e, &rows),
            Err(AppError::Conflict {
                current_version: Some(now),
                ..
            }) => {
                let by = match s.last_change("capacity_plan", &svc.slug).await? {
                    Some(e) => {
                        format!("{} saved it at {}", e.actor, format::instant(e.occurred_at))
                    }
                    None => "someone saved it".to_owned(),
                };
                conflict = Some(format!(
                    "The capacity plan was changed while you were editing: {by} (it is now at \
                     version {now}). Your figures below have not been saved. Compare them with \
                     the plan on the service page, then save again to replace it with yours."
                ));
                form.version = now.to_string();
            }
            Err(AppError::NotFound { .. }) => {
                conflict = Some(
                    "The capacity plan you were editing was removed. Save again to create a new \
                     plan with your figures."
                        .to_owned(),
                );
                form.version.clear();
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
    let replacing = !form.version.trim().is_empty();
    let mut page = page_of(s, &svc, form, errors, replacing).await?;
    page.conflict = conflict;
    Ok(render(status, &page))
}
