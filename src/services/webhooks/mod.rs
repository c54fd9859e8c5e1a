//! GitHub App webhooks: deliveries are verified, recorded once and queued as jobs
//! ([`intake`]); background workers claim the jobs ([`jobs`], [`worker`]) and post a
//! readiness check run per service on the pull request's head commit, or re-verify the
//! services of a repository whose default branch moved.

mod follow;
mod intake;
pub mod jobs;
mod process;
mod runs;
pub mod worker;

pub use intake::{IncomingDelivery, Received, WebhookError};
pub use process::JobFailure;

use std::fmt;
use std::sync::Arc;
use tokio::sync::Notify;

/// The webhook secret GitHub signs deliveries with. `Debug` never shows it.
#[derive(Clone)]
pub struct WebhookSecret(Arc<[u8]>);

impl WebhookSecret {
    /// A secret from its text (surrounding whitespace, e.g. a file's last newline, is
    /// dropped); `None` when nothing is left.
    pub fn new(text: &str) -> Option<Self> {
        let text = text.trim();
        (!text.is_empty()).then(|| Self(Arc::from(text.as_bytes())))
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

/// How webhooks are handled: the secret (none: the endpoint is off) and the poke that wakes this replica's worker when a job is queued.
#[derive(Debug, Clone, Default)]
pub struct WebhookSettings {
    /// The secret; without one, deliveries are refused as not found.
    pub secret: Option<WebhookSecret>,
    /// Background verification is on: a push marks the services' verification jobs due
    /// rather than verifying them in the webhook worker.
    pub scheduled_verification: bool,
    pub(crate) poke: Arc<Notify>,
}

impl WebhookSettings {
    /// Settings with `secret` (check runs link under the services' public URL).
    pub fn new(secret: Option<WebhookSecret>) -> Self {
        Self {
            secret,
            ..Self::default()
        }
    }
}
