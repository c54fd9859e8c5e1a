//! Application services: one function per use case. GraphQL resolvers, HTTP handlers and
//! CLI commands call these; none of them talks to the database directly.

// The areas, each a folder of use cases (see the README, "Architecture"):
pub mod access; // who is acting, what they may do: roles, service accounts, API tokens, sessions
pub mod audit; // reading the audit log: filters, pages, the pages entities live on
pub mod batch; // batched reads behind the GraphQL DataLoaders
pub mod catalog; // teams, services, dependencies, SLOs, capacity plans, listings
pub mod manifest; // readiness as code: a service follows its orrery.yaml; drift
pub mod my_work; // one person's work: reviews to own and sign, decisions waiting, action items
pub mod pr_check; // what a change (pull request) does to readiness: base vs head
pub mod report; // portfolio reports for leadership: readiness, heat map, what to fix, risk
pub mod reviews; // reviews: answers, waivers, sign-offs, decisions, action items, the sheet
pub mod scoring; // scorecards, score history and re-scoring as time passes, what-if impact
pub mod templates; // checklist templates: the registry and its use cases
pub mod verification; // automated checks, the job queue and its scheduler
pub mod webhooks; // GitHub App webhooks: deliveries, the PR check queue and its worker
pub(crate) mod write; // the write envelope every mutating use case runs in

use crate::error::{AppError, AppResult};
use crate::store::Database;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use templates::TemplateRegistry;

/// Source of the current time, so rules that depend on it can be tested at exact instants.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

pub use access::Actor;

/// Everything a use case needs: the database, the template registry and the clock.
#[derive(Clone)]
pub struct Services {
    /// The database.
    pub db: Database,
    /// Loaded checklist templates.
    pub templates: Arc<TemplateRegistry>,
    clock: Arc<dyn Clock>,
    sources: verification::VerifySources,
    access: Arc<access::AccessConfig>,
    session_policy: crate::domain::session::SessionPolicy,
    public_url: Option<Arc<str>>,
    webhooks: webhooks::WebhookSettings,
    history: Arc<scoring::history::HistoryState>,
}

impl Services {
    /// Assembles the services.
    pub fn new(db: Database, templates: Arc<TemplateRegistry>, clock: Arc<dyn Clock>) -> Self {
        Self {
            db,
            templates,
            clock,
            sources: verification::VerifySources::default(),
            access: Arc::default(),
            session_policy: crate::domain::session::SessionPolicy::default(),
            public_url: None,
            webhooks: webhooks::WebhookSettings::default(),
            history: Arc::default(),
        }
    }

    /// The same services receiving GitHub webhooks as `settings` say.
    pub fn with_webhooks(mut self, settings: webhooks::WebhookSettings) -> Self {
        self.webhooks = settings;
        self
    }

    /// How GitHub webhooks are handled.
    pub fn webhooks(&self) -> &webhooks::WebhookSettings {
        &self.webhooks
    }

    /// The same services with `access` settings (configured admins).
    pub fn with_access(mut self, access: access::AccessConfig) -> Self {
        self.access = Arc::new(access);
        self
    }

    /// The same services with sessions living as `policy` says.
    pub fn with_session_policy(mut self, policy: crate::domain::session::SessionPolicy) -> Self {
        self.session_policy = policy;
        self
    }

    /// The same services reading repositories and monitoring from `sources`.
    pub fn with_sources(mut self, sources: verification::VerifySources) -> Self {
        self.sources = sources;
        self
    }

    /// The same services knowing the address people reach Orrery at (for links in
    /// pull request checks and reports), without a trailing `/`.
    pub fn with_public_url(mut self, url: Option<&str>) -> Self {
        self.public_url = url
            .map(|u| u.trim().trim_end_matches('/'))
            .filter(|u| !u.is_empty())
            .map(Arc::from);
        self
    }

    /// The address people reach Orrery at, when configured.
    pub fn public_url(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    /// Where verification reads from.
    pub fn sources(&self) -> &verification::VerifySources {
        &self.sources
    }

    /// The current instant according to the configured clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// Rejects negative or absurd `expectedVersion` values early, naming the field.
pub(crate) fn check_version(expected: i64) -> AppResult<i64> {
    if expected < 0 {
        return Err(AppError::invalid(
            "expected_version",
            "must be 0 or greater",
        ));
    }
    Ok(expected)
}
