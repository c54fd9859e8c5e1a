//! `/account`: who you are to Orrery (login, groups, roles, teams you own) and your API
//! tokens — made here (the secret shown once, on the answer to the post, never in a URL) and
//! revoked here.

use super::error::WebError;
use super::identity::WebActor;
use super::page::{Chrome, Nav, render};
use super::posted::PostedForm;
use crate::domain::records::ApiToken;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::access::TokenScope;
use crate::services::access::tokens::NewToken;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

/// Days a new token lives unless the person picks another expiry.
const DEFAULT_TOKEN_DAYS: i64 = 90;

#[derive(Template)]
#[template(path = "account.html", config = "web/askama.toml")]
struct AccountPage {
    page: Chrome,
    login: String,
    groups: Vec<String>,
    admin: bool,
    roles: Vec<String>,
    teams: Vec<String>,
    tokens: Vec<TokenRow>,
    /// The secret of the token just made, shown this once.
    secret: Option<String>,
    notice: Option<&'static str>,
    form: TokenForm,
    error: Option<String>,
    expires_min: String,
    expires_max: String,
}

struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    scopes: String,
    acts_as: String,
    expires: String,
    last_used: String,
    state: &'static str,
    live: bool,
}

fn token_row(t: &ApiToken, now: chrono::DateTime<Utc>) -> TokenRow {
    let (state, live) = match (t.revoked_at, t.expires_at <= now) {
        (Some(_), _) => ("revoked", false),
        (None, true) => ("expired", false),
        (None, false) => ("active", true),
    };
    TokenRow {
        id: t.id,
        name: t.name.clone(),
        prefix: t.prefix.clone(),
        scopes: t.scopes.replace(',', ", "),
        acts_as: t.acts_as.clone(),
        expires: t.expires_at.format("%Y-%m-%d").to_string(),
        last_used: t.last_used_at.map_or_else(
            || "never".into(),
            |at| at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
        state,
        live,
    }
}

/// The create-token form as posted (and shown again when refused).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    name: String,
    scope: String,
    expires: String,
}

/// `?revoked=1` after revoking.
#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    revoked: Option<String>,
}

async fn page(
    state: &AppState,
    actor: &crate::services::Actor,
    status: StatusCode,
    secret: Option<String>,
    notice: Option<&'static str>,
    form: TokenForm,
    error: Option<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let now = s.now();
    let grants = s.grants(s.db.conn(), actor).await?;
    let ids: Vec<i64> = grants.owned_teams.iter().copied().collect();
    let teams = s.teams_by_ids(&ids).await?;
    let tokens = s.api_tokens(actor).await?;
    let mut teams: Vec<String> = teams.values().map(|t| t.slug.clone()).collect();
    teams.sort();
    let view = AccountPage {
        page: Chrome::new("Your account", Nav::None),
        login: actor.login().to_owned(),
        groups: actor.groups().to_vec(),
        admin: grants.admin,
        roles: grants.roles.iter().cloned().collect(),
        teams,
        tokens: tokens.iter().map(|t| token_row(t, now)).collect(),
        secret,
        notice,
        form: TokenForm {
            scope: if form.scope.is_empty() {
                "READ".into()
            } else {
                form.scope
            },
            expires: if form.expires.is_empty() {
                (now + Duration::days(DEFAULT_TOKEN_DAYS))
                    .format("%Y-%m-%d")
                    .to_string()
            } else {
                form.expires
            },
            name: form.name,
        },
        error,
        expires_min: (now + Duration::days(1)).format("%Y-%m-%d").to_string(),
        expires_max: (now + Duration::days(365)).format("%Y-%m-%d").to_string(),
    };
    let mut response = render(status, &view);
    // The page may carry a secret: never cache it.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    WebActor(actor): WebActor,
    Query(q): Query<AccountQuery>,
) -> Result<Response, WebError> {
    let notice = q
        .revoked
        .map(|_| "Token revoked. It stops working on its next request.");
    page(
        &state,
        &actor,
        StatusCode::OK,
        None,
        notice,
        TokenForm::default(),
        None,
    )
    .await
}

/// `POST /account/tokens`: makes a token and shows its secret once.
pub async fn create(
    State(state): State<AppState>,
    WebActor(actor): WebActor,
    PostedForm(form): PostedForm<TokenForm>,
) -> Result<Response, WebError> {
    let refuse = |form, message: String| {
        page(
            &state,
            &actor,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            None,
            form,
            Some(message),
        )
    };
    let Ok(day) = NaiveDate::parse_from_str(form.expires.trim(), "%Y-%m-%d") else {
        return refuse(
            form,
            "Give the expiry as a date, at most a year ahead.".into(),
        )
        .await;
    };
    let scopes = match form.scope.as_str() {
        "WRITE" => vec![TokenScope::Read, TokenScope::Write],
        _ => vec![TokenScope::Read],
    };
    let input = NewToken {
        name: form.name.clone(),
        scopes,
        expires_at: day.and_time(NaiveTime::MIN).and_utc(),
        acts_as: None,
    };
    match state.services.create_api_token(&actor, input).await {
        Ok(made) => {
            let notice = Some("Token made. Copy the secret now: it is not shown again.");
            page(
                &state,
                &actor,
                StatusCode::OK,
                Some(made.secret),
                notice,
                TokenForm::default(),
                None,
            )
            .await
        }
        Err(e @ (AppError::Validation(_) | AppError::Forbidden(_))) => {
            refuse(form, e.public_message()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    WebActor(actor): WebActor,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    state.services.revoke_api_token(&actor, id).await?;
    Ok(Redirect::to("/account?revoked=1").into_response())
}
