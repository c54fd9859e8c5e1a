//! Error pages. Not-found, refused and bad requests say what happened; anything unexpected
//! shows a generic page with a reference that is also in the server log, and nothing else.

use super::page::{Chrome, Nav, render};
use crate::error::AppError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What went wrong while serving a page.
#[derive(Debug)]
pub enum WebError {
    /// No such page or entity; the text says what was looked for.
    NotFound(String),
    /// The request cannot be served as sent.
    BadRequest(String),
    /// Refused (e.g. a cross-site form post).
    Forbidden(String),
    /// A dependency is down; retrying later may help.
    Unavailable,
    /// A bug or unexpected failure; logged, never shown.
    Internal(AppError),
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound { .. } => Self::NotFound(e.public_message()),
            AppError::Validation(_) | AppError::Conflict { .. } | AppError::Refused(_) => {
                Self::BadRequest(e.public_message())
            }
            AppError::Forbidden(m) => Self::Forbidden(m),
            AppError::Unavailable(_) => Self::Unavailable,
            AppError::Internal(_) => Self::Internal(e),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html", config = "web/askama.toml")]
struct ErrorPage {
    page: Chrome,
    status: u16,
    heading: &'static str,
    message: String,
    reference: Option<String>,
}

/// A short reference for a logged failure, so a report can be matched to the log line.
fn reference() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{:08x}",
        (nanos as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32
    )
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, heading, message, reference) = match self {
            Self::NotFound(m) => (StatusCode::NOT_FOUND, "Not found", m, None),
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "Bad request", m, None),
            Self::Forbidden(m) => (StatusCode::FORBIDDEN, "Not allowed", m, None),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Temporarily unavailable",
                "Orrery cannot reach its database right now. Try again in a moment.".into(),
                None,
            ),
            Self::Internal(e) => {
                let r = reference();
                // One line with the cause chain; no backtrace per request.
                tracing::error!(reference = %r, error = %e.log_detail(), "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The page could not be shown because of an error on our side. It has been \
                     logged; if it keeps happening, report it with the reference below."
                        .into(),
                    Some(r),
                )
            }
        };
        let page = ErrorPage {
            page: Chrome::new(heading, Nav::None),
            status: status.as_u16(),
            heading,
            message: super::format::plain(&message),
            reference,
        };
        render(status, &page)
    }
}

/// The page for a path that matches no route.
pub async fn fallback() -> Response {
    WebError::NotFound("There is no page at this address.".into()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_errors_leak_nothing() {
        let e = WebError::Internal(AppError::Internal(anyhow::anyhow!("password=hunter2")));
        let response = e.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("Something went wrong"), "{html}");
        assert!(html.contains("Reference"), "{html}");
        assert!(!html.contains("hunter2") && !html.contains("password"));
    }

    #[tokio::test]
    async fn messages_read_as_prose_on_the_page() {
        let e: WebError = AppError::not_found("service", "x").into();
        let body = axum::body::to_bytes(e.into_response().into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("service “x” was not found"), "{html}");
        assert!(!html.contains('`'), "{html}");
    }

    #[test]
    fn app_errors_map_to_pages() {
        let nf: WebError = AppError::not_found("service", "x").into();
        assert!(matches!(nf, WebError::NotFound(m) if m.contains("`x`")));
        let bad: WebError = AppError::invalid("f", "nope").into();
        assert!(matches!(bad, WebError::BadRequest(_)));
    }
}
