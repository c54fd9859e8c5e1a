//! Assembling the application: database, templates, services, schema and router.

use crate::config::{AuthArgs, ServeArgs, SourceArgs};
use crate::domain::ids::Login;
use crate::domain::session::SessionPolicy;
use crate::edge::auth::AuthMode;
use crate::edge::{AppState, HostPolicy, Metrics};
use crate::graphql::build_schema;
use crate::services::access::AccessConfig;
use crate::services::templates::TemplateRegistry;
use crate::services::verification::VerifySources;
use crate::services::webhooks::{WebhookSecret, WebhookSettings};
use crate::services::{Actor, Clock, Services};
use crate::store::Database;
use crate::verify::github::{GitHub, GitHubAuth, GitHubConfig};
use crate::verify::prom::PrometheusHttp;
use crate::verify::repo::LocalRoots;
use anyhow::Context;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The identity recorded for changes Orrery makes on its own (template loads).
pub fn system_actor() -> Actor {
    Actor::system()
}

/// The configured admins, each a valid login.
fn access_config(args: &AuthArgs, mode: &AuthMode) -> anyhow::Result<AccessConfig> {
    let admins = args
        .admins
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| Login::parse("--admin", a).map_err(|e| anyhow::anyhow!("{e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(AccessConfig {
        admins,
        trial: matches!(mode, AuthMode::Local),
    })
}

/// A built application, ready to serve.
pub struct App {
    /// Use cases (also handy for tests and CLI commands).
    pub services: Services,
    state: AppState,
    verify_every: Option<(std::time::Duration, usize)>,
    rescore_every: Option<std::time::Duration>,
    /// Where and when the weekly digest goes (`None`: off).
    digest: Option<(
        Arc<crate::export::digest::IncomingWebhook>,
        crate::domain::digest::DigestSchedule,
    )>,
    /// SLO observation interval and concurrency (`None`: off, or no Prometheus).
    observe_every: Option<(std::time::Duration, usize)>,
    public_url: Option<String>,
}

impl App {
    /// Connects, migrates, loads templates and wires everything up.
    pub async fn build(args: &ServeArgs, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = Database::connect(&args.database.database_url)
            .await
            .with_context(|| {
                format!(
                    "cannot open database {}",
                    redact(&args.database.database_url)
                )
            })?;
        db.migrate().await.context("database migration failed")?;
        let dir = args.checklists.is_dir().then(|| args.checklists.clone());
        if dir.is_none() {
            tracing::info!(path = %args.checklists.display(), "checklist directory not found; using the embedded default template");
        }
        let templates = Arc::new(
            TemplateRegistry::new(dir, args.default_template.clone())
                .map_err(anyhow::Error::msg)?,
        );
        let report = templates
            .reload(&db, &system_actor(), clock.now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for l in &report.loaded {
            tracing::info!(key = %l.key, version = l.version, file = %l.file, "checklist template in force");
        }
        if templates.latest(&args.default_template).is_none() {
            anyhow::bail!(
                "the default checklist template `{}` could not be loaded:\n{}",
                args.default_template,
                report
                    .errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        let auth = Arc::new(AuthMode::from_settings(&args.auth, args.public_url.as_deref()).await?);
        let sessions =
            SessionPolicy::from_flags(args.auth.session_idle_minutes, args.auth.session_max_hours);
        let sources = verify_sources(&args.sources)?;
        let webhooks = webhook_settings(args)?;
        if webhooks.secret.is_some() && sources.github.is_none() {
            tracing::warn!(
                "GitHub webhooks are on but no GitHub App or token is configured: pull \
                 request check runs cannot be posted"
            );
        }
        let services = Services::new(db, templates, clock)
            .with_sources(sources)
            .with_webhooks(webhooks)
            .with_access(access_config(&args.auth, &auth)?)
            .with_session_policy(sessions)
            .with_public_url(args.public_url.as_deref());
        let state = AppState {
            services: services.clone(),
            schema: build_schema(Some(services.clone())),
            metrics: Metrics::install(),
            // Replaced in `serve` once the port is known.
            hosts: Arc::new(
                HostPolicy::new(None, SocketAddr::from(([127, 0, 0, 1], 0)))
                    .map_err(anyhow::Error::msg)?,
            ),
            auth,
        };
        let verify_every = (args.verify_interval_secs > 0).then(|| {
            (
                std::time::Duration::from_secs(args.verify_interval_secs),
                args.verify_concurrency,
            )
        });
        let rescore_every = (args.rescore_interval_secs > 0)
            .then(|| std::time::Duration::from_secs(args.rescore_interval_secs));
        let observe_every = (args.slo_observe_interval_secs > 0
            && services.sources().metrics().is_ok())
        .then(|| {
            (
                std::time::Duration::from_secs(args.slo_observe_interval_secs),
                args.verify_concurrency,
            )
        });
        let digest = match &args.digest.webhook_url {
            Some(url) => Some((
                Arc::new(
                    crate::export::digest::IncomingWebhook::new(url).map_err(anyhow::Error::msg)?,
                ),
                args.digest.schedule,
            )),
            None => None,
        };
        Ok(Self {
            digest,
            observe_every,
            services,
            state,
            verify_every,
            rescore_every,
            public_url: args.public_url.clone(),
        })
    }

    /// Binds `addr` and returns the bound address and the server future, which completes
    /// after `shutdown` resolves and in-flight requests finish.
    /// Listening on a non-loopback address without a public URL is refused before binding.
    pub async fn serve(
        mut self,
        addr: SocketAddr,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<(SocketAddr, impl Future<Output = std::io::Result<()>>)> {
        HostPolicy::new(self.public_url.as_deref(), addr).map_err(anyhow::Error::msg)?;
        self.state
            .auth
            .check_listen(addr)
            .map_err(anyhow::Error::msg)?;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        self.state.hosts = Arc::new(
            HostPolicy::new(self.public_url.as_deref(), local).map_err(anyhow::Error::msg)?,
        );
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        if let Some((every, concurrency)) = self.verify_every {
            tokio::spawn(crate::services::verification::scheduler::run(
                self.services.clone(),
                every,
                concurrency,
                stop_rx.clone(),
            ));
        }
        if let Some((every, concurrency)) = self.observe_every {
            tokio::spawn(crate::services::catalog::slo_observations::run(
                self.services.clone(),
                every,
                concurrency,
                stop_rx.clone(),
            ));
        }
        if let Some((sink, schedule)) = self.digest.take() {
            tokio::spawn(crate::export::digest::run(
                self.state.schema.clone(),
                self.services.clone(),
                sink,
                schedule,
                self.public_url.clone(),
                stop_rx.clone(),
            ));
        }
        if let Some(every) = self.rescore_every {
            tokio::spawn(crate::services::scoring::scheduler::run(
                self.services.clone(),
                every,
                stop_rx.clone(),
            ));
        }
        if self.services.webhooks().secret.is_some() {
            tokio::spawn(crate::services::webhooks::worker::run(
                self.services.clone(),
                stop_rx.clone(),
            ));
        }
        tracing::info!(mode = self.state.auth.name(), "authentication");
        // Connect info: proxy mode believes identity headers only from trusted addresses.
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        Ok((local, server.into_future()))
    }
}

/// The whole application's routes: the API and the pages, composed here so that neither
/// adapter depends on the other.
pub fn router(state: AppState) -> axum::Router {
    crate::http::router(state.clone(), crate::web::router(state))
}

/// Hides the password in a database URL for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}

/// The webhook settings: the secret from its file or the environment (never logged).
fn webhook_settings(args: &ServeArgs) -> anyhow::Result<WebhookSettings> {
    let secret = match (
        &args.sources.github_webhook_secret_file,
        &args.sources.github_webhook_secret,
    ) {
        (Some(file), _) => {
            let text = std::fs::read_to_string(file).with_context(|| {
                format!("cannot read the GitHub webhook secret {}", file.display())
            })?;
            let secret = WebhookSecret::new(&text);
            if secret.is_none() {
                anyhow::bail!("the GitHub webhook secret file {} is empty", file.display());
            }
            secret
        }
        (None, Some(text)) => WebhookSecret::new(text),
        (None, None) => None,
    };
    let mut settings = WebhookSettings::new(secret);
    settings.scheduled_verification = args.verify_interval_secs > 0;
    Ok(settings)
}

/// Builds the verification sources from the settings: Prometheus and GitHub when
/// configured. Settings that are present but wrong (a bad URL, an unreadable App key) stop
/// start-up with the reason rather than silently skipping checks later.
pub fn verify_sources(args: &SourceArgs) -> anyhow::Result<VerifySources> {
    let mut sources = VerifySources {
        local_roots: LocalRoots::new(&args.local_repos_roots).map_err(anyhow::Error::msg)?,
        ..VerifySources::default()
    };
    if let Some(url) = args
        .prometheus_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        let timeout = std::time::Duration::from_secs(args.prometheus_timeout_secs.max(1));
        let prometheus = PrometheusHttp::new(url, timeout)
            .map_err(|e| anyhow::anyhow!("--prometheus-url: {e}"))?;
        sources.metrics = Some(Arc::new(prometheus));
    }
    let auth = match (
        &args.github_token,
        args.github_app_id,
        &args.github_app_key_file,
    ) {
        (Some(token), _, _) if !token.trim().is_empty() => {
            Some(GitHubAuth::Token(token.trim().to_owned()))
        }
        (_, Some(app_id), Some(key_file)) => {
            let private_key_pem = std::fs::read_to_string(key_file).with_context(|| {
                format!("cannot read the GitHub App key {}", key_file.display())
            })?;
            Some(GitHubAuth::App {
                app_id,
                private_key_pem,
            })
        }
        _ => None,
    };
    if let Some(auth) = auth {
        let mut config = GitHubConfig::new(auth);
        config.api_url = args.github_api_url.trim_end_matches('/').to_owned();
        config.request_timeout = std::time::Duration::from_secs(args.github_timeout_secs.max(1));
        let github = GitHub::new(config).map_err(|e| anyhow::anyhow!("GitHub settings: {e}"))?;
        sources.github = Some(github);
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://orrery.db?mode=rwc"),
            "sqlite://orrery.db?mode=rwc"
        );
    }
}
