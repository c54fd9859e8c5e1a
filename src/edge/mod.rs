//! What the two HTTP adapters — [`crate::http`] (the API, health, metrics) and
//! [`crate::web`] (the pages) — share at the edge of the application: the state every handler
//! receives, who is acting, which hosts a request may name and which origins may post. Both
//! adapters build on this module and never on each other; [`crate::app`] puts their routes
//! together.

pub mod actor;
pub mod auth;
pub mod host;
mod metrics;
pub mod origin;

pub use actor::{
    ACTOR_COOKIE, ACTOR_HEADER, Acting, ActorRejection, DEFAULT_ACTOR, cookie_login, forget_cookie,
    local_actor, remember_cookie,
};
pub use host::HostPolicy;
pub use metrics::Metrics;

use crate::graphql::AppSchema;
use crate::services::Services;

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
    /// How people are identified.
    pub auth: std::sync::Arc<auth::AuthMode>,
}
