//! Cross-site request forgery guard for the UI's forms: unsafe requests must come from one
//! of this server's origins ([`crate::edge::origin`]); others get a 403 page.

use super::error::WebError;
use crate::edge::AppState;
use crate::edge::origin::check_same_origin;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Middleware: refuses unsafe methods that fail [`check_same_origin`] with a 403 page.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && let Err(refusal) = check_same_origin(request.headers(), &state.hosts) {
        tracing::warn!(?refusal, path = %request.uri().path(), "cross-site form post refused");
        return WebError::Forbidden(
            "This form was sent from another site, so it was not accepted. Open the page on \
             this site and submit the form again."
                .into(),
        )
        .into_response();
    }
    next.run(request).await
}
