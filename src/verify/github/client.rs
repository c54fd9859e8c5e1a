//! The authenticated octocrab client: a token, or a GitHub App whose installation tokens are
//! minted per installation (one `POST`, never retried) and reused until shortly before they
//! expire.

use super::{GitHubAuth, GitHubConfig};
use crate::verify::repo::SourceError;
use axum::http::{HeaderValue, StatusCode, header};
use octocrab::Octocrab;
use octocrab::models::{AppId, InstallationId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Installation tokens are replaced when they expire within this many seconds.
const TOKEN_MARGIN_SECS: i64 = 120;
/// The REST API version requested.
const API_VERSION: &str = "2022-11-28";

/// How requests are retried and how long a rate limit is waited out.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts of a GET that fails with a 5xx or a connection error (at least 1).
    pub max_attempts: u32,
    /// Delay before the second attempt; each further attempt waits twice as long.
    pub base_delay: Duration,
    /// Longest rate-limit wait; a longer one fails at once, saying when the limit resets.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_rate_limit_wait: Duration::from_secs(60),
        }
    }
}

/// The HTTP side of one GitHub connection.
pub(super) struct Client {
    pub(super) api_url: String,
    pub(super) timeout: Duration,
    pub(super) policy: RetryPolicy,
    auth: Auth,
}

enum Auth {
    Token(Arc<Octocrab>),
    App(App),
}

/// A GitHub App: the JWT-authenticated client and, per repository, its installation.
struct App {
    app_id: u64,
    crab: Arc<Octocrab>,
    installation_ids: Mutex<HashMap<String, u64>>,
    installations: Mutex<HashMap<u64, Arc<Installation>>>,
}

/// One installation's client; octocrab caches its token.
struct Installation {
    crab: Arc<Octocrab>,
    /// Held while a token is minted, so concurrent requests mint one token, not several.
    minting: tokio::sync::Mutex<()>,
}

impl Client {
    /// A client for `config`. Fails on an invalid API URL or App key (without quoting the key).
    pub fn new(config: &GitHubConfig, policy: RetryPolicy) -> Result<Self, SourceError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(SourceError::new(
                "The GitHub client must be created inside a Tokio runtime",
            ));
        }
        let api_url = config.api_url.trim().trim_end_matches('/').to_owned();
        let invalid = |why: &str| {
            SourceError::new(format!("The GitHub API URL `{api_url}` is invalid: {why}"))
        };
        let uri: axum::http::Uri = api_url.parse().map_err(|e| invalid(&format!("{e}")))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
            return Err(invalid("it must be an http(s) URL with a host"));
        }
        let builder = Octocrab::builder()
            .base_uri(api_url.as_str())
            .map_err(|e| invalid(&e.to_string()))?
            .add_header(header::ACCEPT, "application/vnd.github+json".to_owned())
            .add_header(
                header::HeaderName::from_static("x-github-api-version"),
                API_VERSION.to_owned(),
            )
            .set_connect_timeout(Some(config.request_timeout))
            .set_read_timeout(Some(config.request_timeout))
            .set_write_timeout(Some(config.request_timeout));
        let build_failed =
            |e: octocrab::Error| SourceError::new(format!("Cannot set up the GitHub client: {e}"));
        let auth = match &config.auth {
            GitHubAuth::Token(token) => {
                let token = token.trim();
                if token.is_empty() || HeaderValue::from_str(token).is_err() {
                    return Err(SourceError::new(
                        "The GitHub token is empty or contains characters a header cannot carry",
                    ));
                }
                let crab = builder.personal_token(token.to_owned()).build();
                Auth::Token(Arc::new(crab.map_err(build_failed)?))
            }
            GitHubAuth::App {
                app_id,
                private_key_pem,
            } => {
                let builder = builder
                    .app_from_rsa_pem(AppId(*app_id), private_key_pem.as_bytes())
                    .map_err(|_| {
                        SourceError::new(format!(
                            "The private key of GitHub App {app_id} is not a valid PEM-encoded \
                             RSA key"
                        ))
                    })?;
                Auth::App(App {
                    app_id: *app_id,
                    crab: Arc::new(builder.build().map_err(build_failed)?),
                    installation_ids: Mutex::new(HashMap::new()),
                    installations: Mutex::new(HashMap::new()),
                })
            }
        };
        let mut policy = policy;
        policy.max_attempts = policy.max_attempts.max(1);
        Ok(Self {
            api_url,
            timeout: config.request_timeout,
            policy,
            auth,
        })
    }

    /// The API base URL, without a trailing `/`.
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// How the client authenticates, for `Debug` (never the secret).
    pub fn auth_kind(&self) -> String {
        match &self.auth {
            Auth::Token(_) => "token".to_owned(),
            Auth::App(app) => format!("GitHub App {}", app.app_id),
        }
    }

    /// The client to read `repo` (`owner/name`) with: the token's, or the App installation's
    /// with a token valid for a while yet (minted when missing or about to expire).
    pub async fn for_repo(&self, repo: &str) -> Result<Arc<Octocrab>, SourceError> {
        let app = match &self.auth {
            Auth::Token(crab) => return Ok(crab.clone()),
            Auth::App(app) => app,
        };
        let known = lock(&app.installation_ids).get(repo).copied();
        let id = match known {
            Some(id) => id,
            None => self.find_installation(app, repo).await?,
        };
        let installation = {
            let mut installations = lock(&app.installations);
            match installations.get(&id) {
                Some(i) => i.clone(),
                None => {
                    let crab = app.crab.installation(InstallationId(id)).map_err(|e| {
                        SourceError::new(format!(
                            "Cannot use installation {id} of GitHub App {} for {repo}: {}",
                            app.app_id,
                            describe_octocrab_error(&e)
                        ))
                    })?;
                    let installation = Arc::new(Installation {
                        crab: Arc::new(crab),
                        minting: tokio::sync::Mutex::new(()),
                    });
                    installations.insert(id, installation.clone());
                    installation
                }
            }
        };
        let minted = {
            let _one_at_a_time = installation.minting.lock().await;
            installation
                .crab
                .installation_token_with_buffer(chrono::Duration::seconds(TOKEN_MARGIN_SECS))
                .await
        };
        if let Err(e) = minted {
            if github_status(&e) == Some(StatusCode::NOT_FOUND) {
                // Uninstalled or reinstalled: look the installation up again next time.
                lock(&app.installation_ids).remove(repo);
                lock(&app.installations).remove(&id);
            }
            return Err(SourceError::new(format!(
                "Creating an access token for installation {id} of GitHub App {} (to read \
                 {repo}) failed: {}",
                app.app_id,
                describe_octocrab_error(&e)
            )));
        }
        Ok(installation.crab.clone())
    }

    /// Remembers that `repo` is reached through installation `id` (App connections only).
    pub fn remember_installation(&self, repo: &str, id: u64) {
        if let Auth::App(app) = &self.auth {
            lock(&app.installation_ids).insert(repo.to_owned(), id);
        }
    }

    /// `GET /repos/{repo}/installation` as the App (JWT).
    async fn find_installation(&self, app: &App, repo: &str) -> Result<u64, SourceError> {
        let what = format!(
            "finding the installation of GitHub App {} on {repo}",
            app.app_id
        );
        let path = format!("/repos/{repo}/installation");
        let target = super::request::Target {
            repo,
            what: &what,
            path: &path,
        };
        let reply = self.get_with(&app.crab, &target, None).await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Err(target.fail(format!(
                "the App is not installed on {repo}, or the repository does not exist (GitHub \
                 answered 404 to GET {path})"
            )));
        }
        #[derive(serde::Deserialize)]
        struct Found {
            id: u64,
        }
        let found: Found = target.parse(&reply)?;
        lock(&app.installation_ids).insert(repo.to_owned(), found.id);
        Ok(found.id)
    }
}

/// The HTTP status of a GitHub error answer, if `e` is one.
fn github_status(e: &octocrab::Error) -> Option<StatusCode> {
    match e {
        octocrab::Error::GitHub { source, .. } => {
            StatusCode::from_u16(source.status_code.as_u16()).ok()
        }
        _ => None,
    }
}

/// An octocrab error as one line: GitHub's status and message, or the error chain (never a
/// backtrace, never a header).
pub(super) fn describe_octocrab_error(e: &octocrab::Error) -> String {
    if let octocrab::Error::GitHub { source, .. } = e {
        let status = source.status_code;
        let mut text = format!("GitHub answered {status} ({})", source.message);
        if let Some(reset) = source.rate_limit_reset_at().filter(|_| {
            let remaining = source
                .headers
                .as_ref()
                .and_then(|h| h.get("x-ratelimit-remaining"));
            remaining.is_some_and(|v| v.as_bytes() == b"0")
        }) {
            text.push_str(&format!(
                "; the API rate limit resets at {}",
                reset.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ));
        }
        return text;
    }
    error_chain(e)
}

/// An error and its sources joined by `: `, leaving out repeats.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text.lines().next().unwrap_or_default().trim().to_owned()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
