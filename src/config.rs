//! Settings from command-line flags and `ORRERY_*` environment variables.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://FILE?mode=rwc` or `postgres://user@host/db`.
    #[arg(
        long,
        env = "ORRERY_DATABASE_URL",
        default_value = "sqlite://orrery.db?mode=rwc"
    )]
    pub database_url: String,
}

/// Settings of `orrery serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "ORRERY_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory of checklist templates (`*.yaml`). When it does not exist, the template
    /// embedded in the binary is used.
    #[arg(long, env = "ORRERY_CHECKLISTS", default_value = "checklists")]
    pub checklists: PathBuf,
    /// Seconds between background re-verifications of every service (0 turns them off).
    #[arg(long, env = "ORRERY_VERIFY_INTERVAL_SECS", default_value_t = 900)]
    pub verify_interval_secs: u64,
    /// How many services a background round verifies at once.
    #[arg(long, env = "ORRERY_VERIFY_CONCURRENCY", default_value_t = 4)]
    pub verify_concurrency: usize,
    /// Where automated checks read from.
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Template key new services are reviewed against.
    #[arg(long, env = "ORRERY_DEFAULT_TEMPLATE", default_value = "orr-standard")]
    pub default_template: String,
    /// The address people's browsers use, e.g. `https://orrery.example.com`. Requests for any
    /// other host are refused (421), which defeats DNS rebinding. Required when listening on
    /// a non-loopback address; on loopback, `localhost`, `127.0.0.1` and `[::1]` are accepted.
    #[arg(long, env = "ORRERY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Sign-in with an OpenID Connect provider, and how long sessions live.
    #[command(flatten)]
    pub oidc: OidcArgs,
}

/// Sign-in with an OpenID Connect provider: on when `--oidc-issuer` is set (which also
/// needs `--public-url`, the client id and the client secret).
#[derive(Clone, Args)]
pub struct OidcArgs {
    /// The provider's issuer URL; its discovery document is read at start-up.
    #[arg(long, env = "ORRERY_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// Orrery's client id at the provider.
    #[arg(long, env = "ORRERY_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// Orrery's client secret at the provider. Prefer the environment variable.
    #[arg(long, env = "ORRERY_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// The claim that lists a person's groups (a JSON array of strings).
    #[arg(long, env = "ORRERY_OIDC_GROUPS_CLAIM", default_value = "groups")]
    pub oidc_groups_claim: String,
    /// Scopes to ask for besides `openid`, separated by spaces.
    #[arg(
        long,
        env = "ORRERY_OIDC_SCOPES",
        default_value = "profile email",
        value_delimiter = ' '
    )]
    pub oidc_scopes: Vec<String>,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "ORRERY_SESSION_IDLE_MINUTES", default_value_t = 480)]
    pub session_idle_minutes: u32,
    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "ORRERY_SESSION_MAX_HOURS", default_value_t = 168)]
    pub session_max_hours: u32,
}

impl Default for OidcArgs {
    fn default() -> Self {
        Self {
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_groups_claim: "groups".into(),
            oidc_scopes: vec!["profile".into(), "email".into()],
            session_idle_minutes: 480,
            session_max_hours: 168,
        }
    }
}

/// Never prints the client secret.
impl std::fmt::Debug for OidcArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcArgs")
            .field("oidc_issuer", &self.oidc_issuer)
            .field("oidc_client_id", &self.oidc_client_id)
            .field(
                "oidc_client_secret",
                &self.oidc_client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("oidc_groups_claim", &self.oidc_groups_claim)
            .field("oidc_scopes", &self.oidc_scopes)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_max_hours", &self.session_max_hours)
            .finish()
    }
}

/// Where automated checks read from: local checkouts, Prometheus and GitHub.
#[derive(Clone, Args)]
pub struct SourceArgs {
    /// Directory under which services may name local checkouts as their repository
    /// (repeatable; in the environment, separate directories with `:`). Without it, local
    /// checkouts are off: only GitHub repositories can be verified.
    #[arg(
        long = "local-repos-root",
        env = "ORRERY_LOCAL_REPOS_ROOT",
        value_name = "DIR",
        value_delimiter = ':'
    )]
    pub local_repos_roots: Vec<PathBuf>,
    /// Prometheus base URL for `prometheus.*` checks and SLO status, e.g.
    /// `http://prometheus:9090`. Without it those checks are skipped with that reason.
    #[arg(long, env = "ORRERY_PROMETHEUS_URL")]
    pub prometheus_url: Option<String>,
    /// Seconds before a Prometheus request times out.
    #[arg(long, env = "ORRERY_PROMETHEUS_TIMEOUT_SECS", default_value_t = 10)]
    pub prometheus_timeout_secs: u64,
    /// GitHub REST API base URL (GitHub Enterprise Server: `https://HOST/api/v3`).
    #[arg(
        long,
        env = "ORRERY_GITHUB_API_URL",
        default_value = "https://api.github.com"
    )]
    pub github_api_url: String,
    /// GitHub token with read access to contents (and administration, for branch
    /// protection). Prefer the environment variable over the flag.
    #[arg(
        long,
        env = "ORRERY_GITHUB_TOKEN",
        hide_env_values = true,
        conflicts_with = "github_app_id"
    )]
    pub github_token: Option<String>,
    /// GitHub App id; use with `--github-app-key-file` instead of a token.
    #[arg(long, env = "ORRERY_GITHUB_APP_ID", requires = "github_app_key_file")]
    pub github_app_id: Option<u64>,
    /// File holding the GitHub App's PEM private key.
    #[arg(long, env = "ORRERY_GITHUB_APP_KEY_FILE", requires = "github_app_id")]
    pub github_app_key_file: Option<PathBuf>,
    /// Seconds before a GitHub request times out.
    #[arg(long, env = "ORRERY_GITHUB_TIMEOUT_SECS", default_value_t = 20)]
    pub github_timeout_secs: u64,
}

impl Default for SourceArgs {
    fn default() -> Self {
        Self {
            local_repos_roots: Vec::new(),
            prometheus_url: None,
            prometheus_timeout_secs: 10,
            github_api_url: "https://api.github.com".into(),
            github_token: None,
            github_app_id: None,
            github_app_key_file: None,
            github_timeout_secs: 20,
        }
    }
}

/// Never prints the token.
impl std::fmt::Debug for SourceArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceArgs")
            .field("local_repos_roots", &self.local_repos_roots)
            .field("prometheus_url", &self.prometheus_url)
            .field("github_api_url", &self.github_api_url)
            .field(
                "github_token",
                &self.github_token.as_ref().map(|_| "<redacted>"),
            )
            .field("github_app_id", &self.github_app_id)
            .field("github_app_key_file", &self.github_app_key_file)
            .finish_non_exhaustive()
    }
}
