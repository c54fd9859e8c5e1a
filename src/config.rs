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
    /// Template key new services are reviewed against.
    #[arg(long, env = "ORRERY_DEFAULT_TEMPLATE", default_value = "orr-standard")]
    pub default_template: String,
}
