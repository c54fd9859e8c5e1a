//! Writes to the REST API (`POST`, `PATCH`). A `POST` is sent once: after a 5xx or a lost
//! connection GitHub may have acted anyway, so the caller decides what to do (look the
//! object up, then retry). A `PATCH` sets fields to given values, so it is retried like a
//! GET (5xx, connection errors, exponential backoff). Short rate limits are waited out for
//! both: a rate-limited request was not carried out.

use super::client::{Client, describe_octocrab_error, error_chain};
use super::request::{Reply, rate_limited};
use axum::http::StatusCode;
use octocrab::Octocrab;
use std::fmt;

/// Rate-limit waits per write before giving up.
const MAX_RATE_LIMIT_WAITS: u32 = 3;

/// A write's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// Creates something; never retried blindly.
    Post,
    /// Sets fields; safe to repeat.
    Patch,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Post => "POST",
            Self::Patch => "PATCH",
        })
    }
}

/// A failed write to GitHub: what failed, and whether trying again later may succeed
/// (GitHub unavailable or rate limited) or not (refused: permissions, validation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// What failed, naming the repository; safe to show (no tokens, no bodies).
    pub message: String,
    /// A later attempt may succeed.
    pub transient: bool,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WriteError {}

impl From<crate::verify::repo::SourceError> for WriteError {
    fn from(e: crate::verify::repo::SourceError) -> Self {
        // Minting a token or looking up the installation: worth another try later.
        Self {
            message: e.message,
            transient: true,
        }
    }
}

impl Client {
    /// Sends `method path` with the JSON `body` as `crab`. Returns any answer that is not a
    /// 5xx or a rate limit; fails with [`WriteError`] otherwise, naming `what`.
    pub(super) async fn write(
        &self,
        crab: &Octocrab,
        method: Method,
        path: &str,
        body: &serde_json::Value,
        what: &str,
    ) -> Result<Reply, WriteError> {
        let fail = |detail: String, transient: bool| WriteError {
            message: format!("{what} failed: {detail} ({method} {path})"),
            transient,
        };
        let attempts = match method {
            Method::Post => 1,
            Method::Patch => self.policy.max_attempts,
        };
        let mut attempt = 1;
        let mut waits = 0;
        loop {
            let sent = tokio::time::timeout(self.timeout, send(crab, method, path, body)).await;
            let failure = match sent {
                Err(_) => format!("no answer within {:?}", self.timeout),
                Ok(Err(e)) if is_connection(&e) => error_chain(&e),
                Ok(Err(e)) => return Err(fail(describe_octocrab_error(&e), false)),
                Ok(Ok(reply)) => {
                    if let Some((wait, why)) = rate_limited(&reply, chrono::Utc::now().timestamp())
                    {
                        if wait <= self.policy.max_rate_limit_wait && waits < MAX_RATE_LIMIT_WAITS {
                            tracing::warn!(
                                path,
                                wait_secs = wait.as_secs(),
                                "GitHub rate limit: {why}; waiting"
                            );
                            tokio::time::sleep(wait).await;
                            waits += 1;
                            continue;
                        }
                        return Err(fail(why, true));
                    }
                    if !reply.status.is_server_error() {
                        return Ok(reply);
                    }
                    format!("GitHub answered {} ({})", reply.status, reply.message())
                }
            };
            if attempt >= attempts {
                return Err(fail(failure, true));
            }
            tracing::debug!(path, attempt, "retrying {method}: {failure}");
            tokio::time::sleep(self.backoff(attempt)).await;
            attempt += 1;
        }
    }
}

/// Whether a reply is a success; otherwise the error saying what GitHub answered. A 4xx is
/// permanent (the same request would be refused again).
pub(super) fn expect_success(
    reply: &Reply,
    method: Method,
    path: &str,
    what: &str,
) -> Result<(), WriteError> {
    if reply.status.is_success() {
        return Ok(());
    }
    let hint = match reply.status {
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => {
            "; does the GitHub App have the Checks: write permission and access to the repository?"
        }
        _ => "",
    };
    Err(WriteError {
        message: format!(
            "{what} failed: GitHub answered {} ({}) to {method} {path}{hint}",
            reply.status,
            reply.message()
        ),
        transient: reply.status == StatusCode::CONFLICT,
    })
}

async fn send(
    crab: &Octocrab,
    method: Method,
    path: &str,
    body: &serde_json::Value,
) -> Result<Reply, octocrab::Error> {
    let response = match method {
        Method::Post => crab._post(path, Some(body)).await?,
        Method::Patch => crab._patch(path, Some(body)).await?,
    };
    let status = response.status();
    let headers = response.headers().clone();
    let text = crab.body_to_string(response).await?;
    Ok(Reply {
        status,
        headers,
        body: text.into(),
    })
}

/// Failures of the connection rather than GitHub's answer.
fn is_connection(e: &octocrab::Error) -> bool {
    matches!(
        e,
        octocrab::Error::Service { .. } | octocrab::Error::Hyper { .. }
    )
}
