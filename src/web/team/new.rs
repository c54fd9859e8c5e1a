//! Creating a team: `GET`/`POST /teams/new`. A good post redirects (303) to the team page,
//! or back to service registration with the team chosen when it came from there; a bad one
//! shows the form again with the input kept and each problem next to its field.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::identity::WebActor;
use super::super::page::{Chrome, Nav, render};
use super::super::service::form_page::SummaryItem;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::catalog::teams::{NewTeam, check_team_input};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TeamForm {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub contact_channel: String,
    pub oncall_url: String,
    /// `register` when the form was opened from service registration.
    pub next: String,
    /// The team's version (edit form only).
    pub version: String,
}

/// `?next=register` returns to service registration after creating the team.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "team_form.html", config = "web/askama.toml")]
pub(super) struct TeamFormPage {
    pub page: Chrome,
    pub form: TeamForm,
    pub errors: FormErrors,
    pub summary: Vec<SummaryItem>,
    pub cancel: String,
    /// Editing an existing team (the slug cannot change).
    pub editing: bool,
    pub heading: String,
    pub action: String,
    /// Set after a stale save: who changed the team; the typed values are kept.
    pub conflict: Option<String>,
    pub may_edit: bool,
    pub why_not: String,
}

/// The team form's fields.
pub(super) const TEAM_FIELDS: [&str; 5] = [
    "slug",
    "name",
    "description",
    "contact_channel",
    "oncall_url",
];

fn label(field: &str) -> &'static str {
    match field {
        "slug" => "Slug",
        "name" => "Name",
        "description" => "Description",
        "contact_channel" => "Contact channel",
        "oncall_url" => "On-call schedule",
        _ => "Form",
    }
}

pub(super) fn form_page(form: TeamForm, errors: FormErrors) -> TeamFormPage {
    const ORDER: [&str; 6] = [
        "slug",
        "name",
        "description",
        "contact_channel",
        "oncall_url",
        "form",
    ];
    let mut summary: Vec<(usize, SummaryItem)> = errors
        .iter()
        .map(|(f, m)| {
            let pos = ORDER.iter().position(|o| *o == f).unwrap_or(ORDER.len());
            let item = SummaryItem {
                href: format!("#f-{f}"),
                text: format!("{}: {m}", label(f)),
            };
            (pos, item)
        })
        .collect();
    summary.sort_by_key(|(p, _)| *p);
    TeamFormPage {
        page: Chrome::new("Create a team", Nav::None),
        cancel: if form.next == "register" {
            "/services/new"
        } else {
            "/teams"
        }
        .to_owned(),
        editing: false,
        heading: "Create a team".to_owned(),
        action: "/teams/new".to_owned(),
        conflict: None,
        may_edit: true,
        why_not: String::new(),
        summary: summary.into_iter().map(|(_, s)| s).collect(),
        form,
        errors,
    }
}

/// `GET /teams/new`.
pub async fn new_form(Query(q): Query<NewQuery>) -> Response {
    let form = TeamForm {
        next: q.next.filter(|n| n == "register").unwrap_or_default(),
        ..TeamForm::default()
    };
    render(StatusCode::OK, &form_page(form, FormErrors::default()))
}

pub(super) fn blank_is_none(v: &str) -> Option<String> {
    (!v.trim().is_empty()).then(|| v.to_owned())
}

/// `POST /teams/new`.
pub async fn create(
    State(state): State<AppState>,
    WebActor(actor): WebActor,
    Form(form): Form<TeamForm>,
) -> Result<Response, WebError> {
    let input = NewTeam {
        slug: form.slug.clone(),
        name: form.name.clone(),
        description: blank_is_none(&form.description),
        contact_channel: blank_is_none(&form.contact_channel),
        oncall_url: blank_is_none(&form.oncall_url),
    };
    let mut errors = FormErrors::default();
    for e in check_team_input(&input) {
        errors.add_error(&e, &TEAM_FIELDS);
    }
    if errors.is_empty() {
        match state.services.create_team(&actor, input).await {
            Ok(team) => {
                let to = if form.next == "register" {
                    format!("/services/new?team={}", team.slug)
                } else {
                    format!("/teams/{}?saved=created", team.slug)
                };
                return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
            }
            Err(AppError::Validation(e)) => errors.add_error(&e, &TEAM_FIELDS),
            Err(e @ AppError::Conflict { .. }) => errors.add("slug", e.public_message()),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &form_page(form, errors),
    ))
}
