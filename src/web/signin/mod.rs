//! Sign-in with the OpenID Connect provider (the `oidc` authentication mode):
//!
//! - `GET /auth/signin?return_to=/path` starts a sign-in: it keeps the PKCE verifier, the
//!   nonce and the return path server-side under the hash of a fresh `state`, ties the
//!   `state` to this browser with a short-lived cookie, and redirects to the provider.
//! - `GET /auth/callback` finishes it: the pending sign-in is taken (once), the code
//!   exchanged and the ID token verified ([`OidcClient::finish`]); any session the browser
//!   presented is ended and a new one opened (its id rotates at every sign-in), and the
//!   browser goes back to the return path. Failures show a page with a stable code and
//!   reason, never the provider's internals.
//! - `POST /auth/signout` ends the session on the server, clears the cookie and shows the
//!   "signed out" page. Like every form post it must come from this site (the web router's
//!   same-origin guard).
//!
//! In any other mode these addresses are not found.

mod pages;

use super::error::WebError;
use super::identity::local_path;
use crate::edge::AppState;
use crate::edge::auth::oidc::cookie::{self, SESSION_COOKIE, SIGNIN_COOKIE};
use crate::edge::auth::oidc::{OidcClient, SigninError};
use crate::services::access::pending_logins::PENDING_LOGIN_TTL;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

/// The provider client, present in the `oidc` mode only (an extension of every request);
/// without it the sign-in pages answer 404.
pub struct Oidc(pub Arc<OidcClient>);

impl<S: Send + Sync> FromRequestParts<S> for Oidc {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Arc<OidcClient>>()
            .cloned()
            .map(Oidc)
            .ok_or_else(|| WebError::NotFound("There is no page at this address.".into()))
    }
}

/// `?return_to=` of the sign-in link.
#[derive(Debug, Default, Deserialize)]
pub struct SigninQuery {
    return_to: Option<String>,
}

/// Where to go after signing in: a local path, never back into the sign-in pages.
fn return_path(raw: Option<&str>) -> String {
    let path = local_path(raw);
    if path.starts_with("/auth/") {
        "/".into()
    } else {
        path
    }
}

/// `GET /auth/signin`: redirects to the provider.
pub async fn signin(
    State(state): State<AppState>,
    Oidc(oidc): Oidc,
    Query(q): Query<SigninQuery>,
) -> Result<Response, WebError> {
    let auth = oidc.authorize(return_path(q.return_to.as_deref()));
    state
        .services
        .save_pending_login(&auth.state, &auth.pending)
        .await?;
    let bind = cookie::signin(
        &auth.state,
        oidc.secure_cookies(),
        PENDING_LOGIN_TTL.num_seconds(),
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, auth.url),
            (header::SET_COOKIE, bind),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response())
}

/// The provider's answer: a code and the state, or an error.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback`: finishes the sign-in and goes back where the person was.
pub async fn callback(
    State(state): State<AppState>,
    Oidc(oidc): Oidc,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let secure = oidc.secure_cookies();
    match finish(&state, &oidc, &headers, q).await {
        Ok((secret, back)) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, back),
                (header::CACHE_CONTROL, "no-store".into()),
            ],
            AppendHeaders([
                (header::SET_COOKIE, cookie::session(&secret, secure)),
                (header::SET_COOKIE, cookie::clear_signin(secure)),
            ]),
        )
            .into_response(),
        Err(e) => {
            match &e {
                SigninError::App(inner) => {
                    tracing::error!(error = %inner.log_detail(), "sign-in failed");
                }
                _ => tracing::info!(
                    code = e.code().as_str(),
                    reason = e.reason(),
                    "sign-in refused"
                ),
            }
            let mut response = pages::failed(&e);
            if let Ok(v) = cookie::clear_signin(secure).parse() {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
    }
}

/// The callback's work: take the pending sign-in (whatever follows, its `state` is used
/// up), check it was started by this browser, then let the provider client finish and
/// open a new session in place of any the browser had.
async fn finish(
    state: &AppState,
    oidc: &OidcClient,
    headers: &HeaderMap,
    q: CallbackQuery,
) -> Result<(String, String), SigninError> {
    let services = &state.services;
    let pending = match q.state.as_deref() {
        Some(s) if !s.is_empty() => services.take_pending_login(s).await?,
        _ => None,
    };
    if let Some(error) = q.error.as_deref() {
        return Err(SigninError::provider(error));
    }
    let pending = pending.ok_or(SigninError::UnknownState)?;
    if cookie::read(headers, SIGNIN_COOKIE).as_deref() != q.state.as_deref() {
        return Err(SigninError::UnknownState);
    }
    let code = q
        .code
        .filter(|c| !c.is_empty())
        .ok_or(SigninError::MissingCode)?;
    let who = oidc.finish(code, &pending).await?;
    if let Some(previous) = cookie::read(headers, SESSION_COOKIE) {
        services.close_session(&previous).await?;
    }
    let secret = services.open_session(&who).await?;
    tracing::info!(login = %who.login, groups = who.groups.len(), "signed in");
    Ok((secret, pending.return_to))
}

/// `POST /auth/signout`: ends the session and shows the "signed out" page.
pub async fn signout(
    State(state): State<AppState>,
    Oidc(oidc): Oidc,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if let Some(secret) = cookie::read(&headers, SESSION_COOKIE) {
        state.services.close_session(&secret).await?;
    }
    let mut response = pages::signed_out();
    if let Ok(v) = cookie::clear_session(oidc.secure_cookies()).parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::return_path;

    #[test]
    fn returns_only_to_local_pages_outside_sign_in() {
        assert_eq!(return_path(Some("/reviews/3?x=1")), "/reviews/3?x=1");
        assert_eq!(return_path(Some("//evil.example")), "/");
        assert_eq!(return_path(Some("/auth/callback?code=x")), "/");
        assert_eq!(return_path(None), "/");
    }
}
