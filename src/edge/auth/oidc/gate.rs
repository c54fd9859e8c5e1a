//! Who is acting in the `oidc` mode, until the authentication middleware of `edge::auth`
//! takes over: every request but the sign-in pages, static files and probes needs a live
//! session. The session's login becomes the acting person (an `X-Orrery-Actor` header
//! sent by the client is dropped first, so nobody can name themselves), and the
//! [`SignedIn`] goes into the request's extensions for the page header. Without a session,
//! a page redirects to `/auth/signin?return_to=<the page>` and anything else gets `401`.

use super::cookie::{self, SESSION_COOKIE};
use crate::edge::ACTOR_HEADER;
use crate::services::Services;
use crate::services::access::sessions::SignedIn;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Paths anyone may fetch without signing in.
fn open_path(path: &str) -> bool {
    path.starts_with("/auth/")
        || path.starts_with("/static/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// The session a request presents (its cookie's value), if it is alive.
pub async fn signed_in(
    services: &Services,
    secret: Option<String>,
) -> Result<Option<SignedIn>, ()> {
    let Some(secret) = secret else {
        return Ok(None);
    };
    services.session(&secret).await.map_err(|e| {
        tracing::error!(error = %e.log_detail(), "cannot read the session");
    })
}

/// Middleware: see the module docs.
pub async fn require_session(
    State(services): State<Services>,
    mut request: Request,
    next: Next,
) -> Response {
    request.headers_mut().remove(ACTOR_HEADER);
    if open_path(request.uri().path()) {
        return next.run(request).await;
    }
    let secret = cookie::read(request.headers(), SESSION_COOKIE);
    let who = match signed_in(&services, secret).await {
        Ok(who) => who,
        Err(()) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    match who {
        Some(who) => {
            if let Ok(v) = HeaderValue::from_str(who.login.as_str()) {
                request.headers_mut().insert(ACTOR_HEADER, v);
            }
            request.extensions_mut().insert(who);
            next.run(request).await
        }
        None if matches!(*request.method(), Method::GET | Method::HEAD) => {
            let here = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
            let back: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
            (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, format!("/auth/signin?return_to={back}")),
                    (header::CACHE_CONTROL, "no-store".into()),
                ],
            )
                .into_response()
        }
        None => {
            let body = serde_json::json!({"errors": [{
                "message": "sign in first: this server signs people in with OpenID Connect at /auth/signin",
                "extensions": {"code": "FORBIDDEN"}}]});
            (
                StatusCode::UNAUTHORIZED,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
    }
}
