//! The sign-in pages: a refused sign-in, and "signed out".

use super::super::page::{Chrome, Nav, render};
use crate::edge::auth::oidc::SigninError;
use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::Response;

#[derive(Template)]
#[template(path = "signin_failed.html", config = "web/askama.toml")]
struct FailedPage {
    page: Chrome,
    message: String,
    code: &'static str,
    reason: &'static str,
}

#[derive(Template)]
#[template(path = "signed_out.html", config = "web/askama.toml")]
struct SignedOutPage {
    page: Chrome,
}

/// The page for a refused sign-in: what happened, its code and reason, and a way to try
/// again.
pub fn failed(e: &SigninError) -> Response {
    let status = match e.code() {
        crate::error::ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        crate::error::ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        crate::error::ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    let page = FailedPage {
        page: Chrome::new("Sign-in failed", Nav::None),
        message: e.message(),
        code: e.code().as_str(),
        reason: e.reason(),
    };
    no_store(render(status, &page))
}

/// The "signed out" page.
pub fn signed_out() -> Response {
    // The request came with the session it ended: the header must not show it any more.
    let mut chrome = Chrome::new("Signed out", Nav::None);
    chrome.viewer.named = false;
    chrome.viewer.name = None;
    chrome.viewer.login = crate::edge::DEFAULT_ACTOR.into();
    chrome.viewer.here = "/".into();
    let page = SignedOutPage { page: chrome };
    no_store(render(StatusCode::OK, &page))
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}
