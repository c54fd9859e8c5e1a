//! HTTP: the router, the GraphQL endpoint, health and metrics; the web UI ([`crate::web`],
//! which also serves the GraphQL explorer at `GET /graphql`) is merged in.

mod actor;
mod graphql;
mod health;
mod host;
mod metrics;

pub use actor::{
    ACTOR_COOKIE, ACTOR_HEADER, DEFAULT_ACTOR, actor_from_headers, cookie_login, forget_cookie,
    remember_cookie,
};
pub use host::HostPolicy;
pub use metrics::Metrics;

use crate::graphql::AppSchema;
use crate::services::Services;
use axum::Router;
use axum::routing::{get, post};
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (GraphQL documents and variables).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// Use cases.
    pub services: Services,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// Prometheus exposition.
    pub metrics: Metrics,
    /// The hosts and origins this server answers for.
    pub hosts: std::sync::Arc<HostPolicy>,
}

/// Builds the router with body-size, timeout, tracing and metrics layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/graphql", post(graphql::execute))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .merge(crate::web::router(state.clone()))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            host::pin,
        ))
        .with_state(state)
}
