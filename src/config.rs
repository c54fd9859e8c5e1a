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
    /// Longest time, in seconds, between background re-scorings of every active service
    /// (0 turns them off). Passes also run when a waiver expires or automated evidence goes
    /// stale, so score history, gate counts and gate filters follow time.
    #[arg(long, env = "ORRERY_RESCORE_INTERVAL_SECS", default_value_t = 3600)]
    pub rescore_interval_secs: u64,
    /// Seconds between background measurements of every SLO against Prometheus, which
    /// reports read for budgets spent or burning fast (0 turns them off; nothing runs
    /// without `--prometheus-url`).
    #[arg(long, env = "ORRERY_SLO_OBSERVE_INTERVAL_SECS", default_value_t = 3600)]
    pub slo_observe_interval_secs: u64,
    /// The weekly digest.
    #[command(flatten)]
    pub digest: DigestArgs,
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
    /// Sign-in and who may act.
    #[command(flatten)]
    pub auth: AuthArgs,
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
    /// File holding the GitHub App's webhook secret. Turns on `POST /webhooks/github`
    /// (pull request checks); without a secret that route answers 404.
    #[arg(
        long,
        env = "ORRERY_GITHUB_WEBHOOK_SECRET_FILE",
        conflicts_with = "github_webhook_secret"
    )]
    pub github_webhook_secret_file: Option<PathBuf>,
    /// The webhook secret itself; set it in the environment (`ORRERY_GITHUB_WEBHOOK_SECRET`)
    /// or use the file, never the command line.
    #[arg(
        long,
        env = "ORRERY_GITHUB_WEBHOOK_SECRET",
        hide_env_values = true,
        hide = true
    )]
    pub github_webhook_secret: Option<String>,
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
            github_webhook_secret_file: None,
            github_webhook_secret: None,
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
            .field(
                "github_webhook_secret_file",
                &self.github_webhook_secret_file,
            )
            .field(
                "github_webhook_secret",
                &self.github_webhook_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

/// How people sign in (`--auth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthKind {
    /// People name themselves (trial mode; only on loopback).
    Local,
    /// Sign-in with an OpenID Connect provider.
    Oidc,
    /// Identity from an authenticating reverse proxy's headers.
    Proxy,
}

/// Who may act, and how they prove it.
#[derive(Clone, Args)]
pub struct AuthArgs {
    /// `local` (people name themselves; loopback only, the default there), `oidc` or `proxy`.
    #[arg(long = "auth", env = "ORRERY_AUTH", value_enum)]
    pub auth: Option<AuthKind>,
    /// A login that is an admin (repeatable; in the environment, comma-separated).
    #[arg(
        long = "admin",
        env = "ORRERY_ADMINS",
        value_name = "LOGIN",
        value_delimiter = ','
    )]
    pub admins: Vec<String>,
    /// OpenID Connect issuer URL (its `/.well-known/openid-configuration` is read at start-up).
    #[arg(long, env = "ORRERY_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// OpenID Connect client id.
    #[arg(long, env = "ORRERY_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// File holding the OpenID Connect client secret.
    #[arg(long, env = "ORRERY_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// The OpenID Connect client secret itself (prefer the file).
    #[arg(long, env = "ORRERY_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// ID token claim holding the person's groups.
    #[arg(long, env = "ORRERY_OIDC_GROUPS_CLAIM", default_value = "groups")]
    pub oidc_groups_claim: String,
    /// OpenID Connect scopes to ask for besides `openid`, separated by spaces.
    #[arg(
        long,
        env = "ORRERY_OIDC_SCOPES",
        default_value = "profile email",
        value_delimiter = ' '
    )]
    pub oidc_scopes: Vec<String>,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "ORRERY_SESSION_IDLE_MINUTES", default_value_t = 480)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in at which a session ends, however active.
    #[arg(long, env = "ORRERY_SESSION_MAX_HOURS", default_value_t = 168)]
    pub session_max_hours: u64,
    /// Header the authenticating proxy puts the login in.
    #[arg(
        long,
        env = "ORRERY_PROXY_USER_HEADER",
        default_value = "X-Forwarded-User"
    )]
    pub proxy_user_header: String,
    /// Header the authenticating proxy puts the groups in (comma-separated).
    #[arg(
        long,
        env = "ORRERY_PROXY_GROUPS_HEADER",
        default_value = "X-Forwarded-Groups"
    )]
    pub proxy_groups_header: String,
    /// Address range the proxy connects from (repeatable; e.g. `10.0.0.0/8`, `127.0.0.1/32`).
    /// Identity headers from anywhere else are refused.
    #[arg(
        long = "trusted-proxy",
        env = "ORRERY_TRUSTED_PROXIES",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
}

impl Default for AuthArgs {
    fn default() -> Self {
        Self {
            auth: None,
            admins: Vec::new(),
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret_file: None,
            oidc_client_secret: None,
            oidc_groups_claim: "groups".into(),
            oidc_scopes: vec!["profile".into(), "email".into()],
            session_idle_minutes: 480,
            session_max_hours: 168,
            proxy_user_header: "X-Forwarded-User".into(),
            proxy_groups_header: "X-Forwarded-Groups".into(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Never prints the client secret.
impl std::fmt::Debug for AuthArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthArgs")
            .field("auth", &self.auth)
            .field("admins", &self.admins)
            .field("oidc_issuer", &self.oidc_issuer)
            .field("oidc_client_id", &self.oidc_client_id)
            .field("oidc_client_secret_file", &self.oidc_client_secret_file)
            .field(
                "oidc_client_secret",
                &self.oidc_client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("proxy_user_header", &self.proxy_user_header)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish_non_exhaustive()
    }
}

/// The weekly digest posted to chat: off unless a webhook URL is given.
#[derive(Clone, Default, Args)]
pub struct DigestArgs {
    /// Post a weekly digest of the portfolio (what changed over the week, as Markdown) to
    /// this Slack-compatible incoming-webhook URL. It is a secret: prefer the environment
    /// variable; it is never logged.
    #[arg(
        long = "digest-webhook-url",
        env = "ORRERY_DIGEST_WEBHOOK_URL",
        hide_env_values = true
    )]
    pub webhook_url: Option<String>,
    /// When the digest goes out: a weekday and a UTC time, e.g. `mon 09:00` (each covers the
    /// seven days before it; with several replicas it is still posted once).
    #[arg(
        long = "digest-schedule",
        env = "ORRERY_DIGEST_SCHEDULE",
        default_value = "mon 09:00"
    )]
    pub schedule: crate::domain::digest::DigestSchedule,
}

/// Never prints the webhook URL.
impl std::fmt::Debug for DigestArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigestArgs")
            .field(
                "webhook_url",
                &self.webhook_url.as_ref().map(|_| "<redacted>"),
            )
            .field("schedule", &self.schedule)
            .finish()
    }
}
