//! HTTP: the GraphQL endpoint, health and metrics, GitHub webhooks, and the layers every
//! request passes (host pinning, body limit, timeout, tracing, request metrics). The pages' routes come in
//! as a router of their own (see [`crate::app`]), so this module never names the web UI.

mod graphql;
mod health;
mod metrics;
pub mod webhooks;

use crate::edge::{AppState, host};
use axum::Router;
use axum::routing::{get, post};
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (GraphQL documents and variables).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Builds the router: the API's routes merged with `pages` (the web UI, which also serves
/// the GraphQL explorer at `GET /graphql`), under host-pinning, body-size, timeout, tracing
/// and metrics layers. Bodies are limited to [`MAX_BODY_BYTES`], but GitHub webhooks to
/// [`webhooks::MAX_WEBHOOK_BODY_BYTES`].
pub fn router(state: AppState, pages: Router<AppState>) -> Router {
    let hooks = Router::new()
        .route(webhooks::PATH, post(webhooks::github))
        .layer(axum::extract::DefaultBodyLimit::max(
            webhooks::MAX_WEBHOOK_BODY_BYTES,
        ))
        .layer(RequestBodyLimitLayer::new(webhooks::MAX_WEBHOOK_BODY_BYTES));
    Router::new()
        .route("/graphql", post(graphql::execute))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .merge(pages)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .merge(hooks)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        // Who is acting, worked out once, before any handler (and after host pinning).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::edge::auth::authenticate,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            host::pin,
        ))
        .with_state(state)
}
