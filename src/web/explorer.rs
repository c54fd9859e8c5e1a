//! The GraphQL explorer at `GET /graphql`: a small page served from the binary (no CDN, the
//! same strict Content Security Policy as every page) to write and run operations against
//! `POST /graphql` and browse the schema, loaded with the standard introspection query. The
//! work happens in `web/static/explorer.js` and `explorer-schema.js`; without JavaScript the
//! page says how to call the API instead.

use super::assets;
use super::page::{Chrome, Nav, render};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "explorer.html", config = "web/askama.toml")]
struct ExplorerPage {
    page: Chrome,
    /// The explorer's stylesheet and scripts (content-hashed URLs).
    css: String,
    js: String,
    schema_js: String,
}

/// `GET /graphql`.
pub async fn page() -> Response {
    render(
        StatusCode::OK,
        &ExplorerPage {
            page: Chrome::new("GraphQL explorer", Nav::None),
            css: assets::url("explorer.css"),
            js: assets::url("explorer.js"),
            schema_js: assets::url("explorer-schema.js"),
        },
    )
}
