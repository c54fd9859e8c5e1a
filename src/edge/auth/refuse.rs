//! The answers to a request nobody could be identified for: `401` with
//! `extensions.code: UNAUTHENTICATED` for the API and for anything that is not a page
//! view; a redirect to sign-in (oidc) or a short page (proxy) for a browser asking for a page.

use super::AuthMode;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

const DEFAULT_REASON: &str = "sign in first: this Orrery needs a signed-in person or an API token";

fn wants_page(req: &Request) -> bool {
    matches!(*req.method(), Method::GET | Method::HEAD)
        && req.uri().path() != "/graphql"
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"))
}

/// `401`, or the way to sign in for a browser asking for a page.
pub fn unauthenticated(mode: &AuthMode, req: &Request, why: Option<&str>) -> Response {
    let reason = why.unwrap_or(DEFAULT_REASON);
    if wants_page(req) {
        if matches!(mode, AuthMode::Oidc(_)) && why.is_none() {
            let here = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
            let location = format!("/auth/signin?return_to={}", encode(here));
            return (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
        }
        let body = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · Orrery</title></head>\
             <body><main class=\"page\">\
             <h1>Sign in to use Orrery</h1><p>{}</p>{}</main></body></html>",
            escape(reason),
            if matches!(mode, AuthMode::Proxy(_)) {
                "<p>This Orrery signs people in through the proxy in front of it; open it through that address.</p>"
            } else {
                "<p><a href=\"/auth/signin\">Sign in</a></p>"
            }
        );
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
    }
    let body = serde_json::json!({"errors": [{"message": reason,
        "extensions": {"code": "UNAUTHENTICATED"}}]});
    (
        StatusCode::UNAUTHORIZED,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::WWW_AUTHENTICATE, "Bearer realm=\"orrery\""),
        ],
        body.to_string(),
    )
        .into_response()
}

/// `503` when the credentials could not be checked.
pub fn unavailable() -> Response {
    let body = serde_json::json!({"errors": [{"message": "cannot check credentials right now; retry shortly",
        "extensions": {"code": "UNAVAILABLE"}}]});
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Percent-encodes a local path for a query parameter.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
