//! Editing a team: `GET`/`POST /teams/{slug}/edit`. A good post redirects (303) to the team
//! page; a bad one shows the form again with the input kept and each problem next to its
//! field; a stale save is shown as a conflict with what was typed kept.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::format;
use super::super::identity::{self, WebActor};
use super::super::page::{Chrome, Nav, render};
use super::new::{TEAM_FIELDS, TeamForm, TeamFormPage, blank_is_none, form_page};
use crate::domain::records;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use crate::services::catalog::teams::TeamChanges;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

fn form_of(t: &records::Team) -> TeamForm {
    TeamForm {
        slug: t.slug.clone(),
        name: t.name.clone(),
        description: t.description.clone().unwrap_or_default(),
        contact_channel: t.contact_channel.clone().unwrap_or_default(),
        oncall_url: t.oncall_url.clone().unwrap_or_default(),
        next: String::new(),
        version: t.version.to_string(),
    }
}

async fn edit_page(
    s: &Services,
    team: &records::Team,
    form: TeamForm,
    errors: FormErrors,
) -> Result<TeamFormPage, WebError> {
    let (may_edit, why_not) = match identity::current().actor {
        Some(actor) => match s.may_edit_team(&actor, team).await? {
            Ok(()) => (true, String::new()),
            Err(why) => (false, why),
        },
        None => (false, "sign in first".to_owned()),
    };
    let mut page = form_page(form, errors);
    page.page = Chrome::new(format!("Edit {}", team.name), Nav::None);
    page.editing = true;
    page.heading = format!("Edit {}", team.name);
    page.action = format!("/teams/{}/edit", team.slug);
    page.cancel = format!("/teams/{}", team.slug);
    page.may_edit = may_edit;
    page.why_not = crate::web::catalog::sentence(&why_not);
    Ok(page)
}

/// `GET /teams/{slug}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let team = s.team(&slug).await?;
    let page = edit_page(s, &team, form_of(&team), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /teams/{slug}/edit`.
pub async fn update(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    Form(mut form): Form<TeamForm>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let team = s.team(&slug).await?;
    form.slug = team.slug.clone();
    let mut errors = FormErrors::default();
    let input = crate::services::catalog::teams::NewTeam {
        slug: team.slug.clone(),
        name: form.name.clone(),
        description: blank_is_none(&form.description),
        contact_channel: blank_is_none(&form.contact_channel),
        oncall_url: blank_is_none(&form.oncall_url),
    };
    for e in crate::services::catalog::teams::check_team_input(&input) {
        if e.field != "slug" {
            errors.add_error(&e, &TEAM_FIELDS);
        }
    }
    let version = form.version.trim().parse::<i64>().ok();
    if version.is_none() {
        errors.add(
            "form",
            "the form lost track of the version it edits; reload the page and try again",
        );
    }
    let mut conflict = None;
    if let (true, Some(version)) = (errors.is_empty(), version) {
        let changes = TeamChanges {
            name: Some(form.name.clone()),
            description: Some(form.description.trim().to_owned()),
            contact_channel: Some(form.contact_channel.trim().to_owned()),
            oncall_url: Some(form.oncall_url.trim().to_owned()),
        };
        match s.update_team(&actor, &slug, version, changes).await {
            Ok(t) => {
                let to = format!("/teams/{}?saved=updated", t.slug);
                return Ok((StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response());
            }
            Err(AppError::Validation(e)) => errors.add_error(&e, &TEAM_FIELDS),
            Err(AppError::Conflict {
                current_version: Some(now),
                ..
            }) => {
                let by = match s.last_change("team", &slug).await? {
                    Some(e) => format!(
                        "{} changed it at {}",
                        e.actor,
                        format::instant(e.occurred_at)
                    ),
                    None => "someone changed it".to_owned(),
                };
                let saved = s.team(&slug).await?;
                conflict = Some(format!(
                    "This team was changed while you were editing: {by} (it is now at version \
                     {now}). Your changes below have not been saved. The saved name is “{}” and \
                     the saved contact channel “{}”. Save again to replace them with yours.",
                    saved.name,
                    saved.contact_channel.unwrap_or_default()
                ));
                form.version = now.to_string();
            }
            Err(AppError::Forbidden(why)) => {
                errors.add("form", crate::web::catalog::sentence(&why))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut page = edit_page(s, &team, form, errors).await?;
    page.conflict = conflict;
    Ok(render(status, &page))
}
