//! GitHub as a repository source: files at the default branch's head commit (or at a fixed
//! commit), the branch protection (classic protection and rulesets) that only a hosting
//! service knows, and check runs on pull requests (the only writes).
//!
//! - [`GitHub`] holds one authenticated client (a token, or a GitHub App whose installation
//!   token is minted per repository's installation and reused until shortly before it
//!   expires) and caches shared by every [`GitHubRepo`] made from it: trees by commit SHA and
//!   file bodies by blob SHA (immutable, bounded), and ETags of the mutable lookups (repository
//!   metadata, branch heads, branch protection and rulesets) so repeated lookups are
//!   conditional requests.
//! - [`GitHubRepo`] is one verification's view of a repository: the first [`tree`](crate::verify::repo::RepoSource::tree)
//!   resolves the default branch's head commit and every check then reads that snapshot.
//!   Each fact is asked for once per view, and a failed lookup is remembered for the run
//!   like an answer (one request, not one per check).
//!
//! octocrab provides the HTTP client, TLS and authentication (JWT, installation tokens);
//! requests go through octocrab's raw GET, POST and PATCH so responses keep their status and
//! headers for conditional requests and rate limits. GETs and PATCHes are retried (on 5xx and
//! connection errors, with exponential backoff), a POST never is; rate-limited requests wait
//! when the wait is short and fail with the reset time otherwise. Every read failure is a
//! [`SourceError`], every write failure a [`WriteError`], naming the repository.

mod cache;
mod checks;
mod client;
mod compare;
mod memo;
mod protection;
mod repo;
mod request;
mod tree;
mod write;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_app;
#[cfg(test)]
mod tests_checks;
#[cfg(test)]
mod tests_http;
#[cfg(test)]
mod tests_protection;
#[cfg(test)]
mod tests_requests;

use crate::verify::repo::SourceError;
use cache::Caches;
use client::Client;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use checks::{CheckAnnotation, CheckRunResult, CheckRuns, cut};
pub use client::RetryPolicy;
pub use repo::GitHubRepo;
pub use write::WriteError;

/// GitHub's public REST API.
pub const DEFAULT_API_URL: &str = "https://api.github.com";
/// How long one HTTP request may take by default.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where GitHub is and how to authenticate.
#[derive(Clone)]
pub struct GitHubConfig {
    /// Base URL of the REST API, default [`DEFAULT_API_URL`] (GitHub Enterprise Server:
    /// `https://HOST/api/v3`).
    pub api_url: String,
    /// Credentials.
    pub auth: GitHubAuth,
    /// Longest time one HTTP request may take (each attempt).
    pub request_timeout: Duration,
}

impl GitHubConfig {
    /// Public GitHub with the default timeout.
    pub fn new(auth: GitHubAuth) -> Self {
        Self {
            api_url: DEFAULT_API_URL.to_owned(),
            auth,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }
}

impl fmt::Debug for GitHubConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitHubConfig")
            .field("api_url", &self.api_url)
            .field("auth", &self.auth)
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}

/// How Orrery authenticates to GitHub. `Debug` never shows the secret.
#[derive(Clone)]
pub enum GitHubAuth {
    /// A personal access token or another token sent as `Authorization: Bearer`.
    Token(String),
    /// A GitHub App: JWTs signed with the App's private key mint an installation token for
    /// each repository's installation.
    App {
        /// The App's id.
        app_id: u64,
        /// The App's RSA private key, PEM encoded.
        private_key_pem: String,
    },
}

impl fmt::Debug for GitHubAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(<redacted>)"),
            Self::App { app_id, .. } => f
                .debug_struct("App")
                .field("app_id", app_id)
                .field("private_key_pem", &"<redacted>")
                .finish(),
        }
    }
}

/// A GitHub connection: the authenticated client and the caches every repository made from
/// it shares. Cheap to clone.
#[derive(Clone)]
pub struct GitHub {
    shared: Arc<Shared>,
}

struct Shared {
    client: Client,
    caches: Caches,
}

impl GitHub {
    /// A connection with the default retry policy. Fails when the API URL, the token or the
    /// App key is invalid, or when called outside a Tokio runtime (the client's connection
    /// pool runs on it); nothing is requested until a repository is read.
    pub fn new(config: GitHubConfig) -> Result<Self, SourceError> {
        Self::with_policy(config, RetryPolicy::default())
    }

    /// A connection with the given retries and rate-limit waits (tests make them short).
    pub fn with_policy(config: GitHubConfig, policy: RetryPolicy) -> Result<Self, SourceError> {
        let client = Client::new(&config, policy)?;
        Ok(Self {
            shared: Arc::new(Shared {
                client,
                caches: Caches::default(),
            }),
        })
    }

    /// The repository `owner/name`, read at its default branch's head when first listed.
    pub fn repo(&self, owner: &str, name: &str) -> GitHubRepo {
        GitHubRepo::new(self.clone(), owner, name)
    }

    /// The repository `owner/name` read at `commit` (a full SHA). Listings and files are
    /// cached by commit and blob SHA, so reading a commit again costs no request.
    pub fn repo_at(&self, owner: &str, name: &str, commit: &str) -> GitHubRepo {
        GitHubRepo::at(self.clone(), owner, name, commit)
    }

    /// Tells a GitHub App connection that `owner/name` is reached through installation
    /// `installation_id` (a webhook delivery says so), saving the lookup. Tokens ignore it.
    pub fn use_installation(&self, owner: &str, name: &str, installation_id: u64) {
        self.client().remember_installation(
            &format!("{}/{}", owner.trim(), name.trim()),
            installation_id,
        );
    }

    fn client(&self) -> &Client {
        &self.shared.client
    }

    fn caches(&self) -> &Caches {
        &self.shared.caches
    }
}

impl fmt::Debug for GitHub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitHub")
            .field("api_url", &self.client().api_url())
            .field("auth", &self.client().auth_kind())
            .finish_non_exhaustive()
    }
}
