//! GETs against the REST API: retries with backoff on 5xx and connection errors, rate-limit
//! waits, conditional requests, and error messages naming the repository and what failed.

use super::cache::{Caches, Tagged};
use super::client::{Client, describe_octocrab_error, error_chain};
use crate::verify::repo::SourceError;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use octocrab::Octocrab;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Rate-limit waits per request before giving up.
const MAX_RATE_LIMIT_WAITS: u32 = 3;
/// Longest backoff between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The wait GitHub asks for after a secondary rate limit without `retry-after`.
const SECONDARY_LIMIT_WAIT: Duration = Duration::from_secs(60);
/// Characters of a non-JSON error body quoted in a message.
const MAX_QUOTED: usize = 200;

/// One GET: the repository it is about, what it does (for messages) and its path.
pub(super) struct Target<'a> {
    /// `owner/name`.
    pub repo: &'a str,
    /// What the request is for, naming the repository, e.g. `listing the files of
    /// acme/app at commit abc`.
    pub what: &'a str,
    /// Path and query under the API URL, starting with `/`.
    pub path: &'a str,
}

/// A response: status, headers and the whole body.
#[derive(Debug, Clone)]
pub(super) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Arc<str>,
}

impl Reply {
    /// GitHub's `message`, or the start of the body, or the reason phrase.
    pub fn message(&self) -> String {
        #[derive(serde::Deserialize)]
        struct Body {
            message: Option<String>,
        }
        if let Ok(Body { message: Some(m) }) = serde_json::from_str::<Body>(&self.body) {
            return m;
        }
        let text = self.body.trim();
        if text.is_empty() {
            return self
                .status
                .canonical_reason()
                .unwrap_or("no message")
                .to_owned();
        }
        match text.char_indices().nth(MAX_QUOTED) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_owned(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    }
}

impl Target<'_> {
    /// An error saying what failed for which repository.
    pub fn fail(&self, detail: impl std::fmt::Display) -> SourceError {
        SourceError::new(format!("{} failed: {detail}", self.what))
    }

    /// An error for an unexpected status.
    pub fn status_error(&self, reply: &Reply) -> SourceError {
        self.fail(format!(
            "GitHub answered {} ({}) to GET {}",
            reply.status,
            reply.message(),
            self.path
        ))
    }

    /// The body of a `2xx` reply as `T`; any other status is an error.
    pub fn parse<T: DeserializeOwned>(&self, reply: &Reply) -> Result<T, SourceError> {
        if !reply.status.is_success() {
            return Err(self.status_error(reply));
        }
        serde_json::from_str(&reply.body).map_err(|e| {
            self.fail(format!(
                "GitHub's answer to GET {} is not what was expected: {e}",
                self.path
            ))
        })
    }
}

impl Client {
    /// GET as the client for `target.repo`.
    pub async fn get(&self, target: &Target<'_>) -> Result<Reply, SourceError> {
        let crab = self.for_repo(target.repo).await?;
        self.get_with(&crab, target, None).await
    }

    /// GET with `If-None-Match` when an earlier `200` left an `ETag`; a `304` gives back that
    /// earlier body (as a `200`). Only successful answers are remembered.
    pub async fn get_conditional(
        &self,
        caches: &Caches,
        target: &Target<'_>,
    ) -> Result<Reply, SourceError> {
        let crab = self.for_repo(target.repo).await?;
        let earlier = caches.tagged(target.path);
        let etag = earlier.as_ref().map(|t| t.etag.as_str());
        let mut reply = self.get_with(&crab, target, etag).await?;
        if reply.status == StatusCode::NOT_MODIFIED {
            let Some(earlier) = earlier else {
                return Err(target.fail(format!(
                    "GitHub answered 304 Not Modified to GET {} without a cached copy",
                    target.path
                )));
            };
            reply.status = StatusCode::OK;
            reply.body = earlier.body;
            return Ok(reply);
        }
        if reply.status == StatusCode::OK
            && let Some(etag) = reply.header("etag")
        {
            let tagged = Tagged {
                etag: etag.to_owned(),
                body: reply.body.clone(),
            };
            caches.put_tagged(target.path, tagged);
        }
        Ok(reply)
    }

    /// GET with `crab`. Retries 5xx answers, timeouts and connection errors with exponential
    /// backoff up to the policy's attempts; waits out short rate limits and fails at once on
    /// long ones. Any other answer (including 4xx) is returned for the caller to judge.
    pub async fn get_with(
        &self,
        crab: &Octocrab,
        target: &Target<'_>,
        if_none_match: Option<&str>,
    ) -> Result<Reply, SourceError> {
        let mut headers = HeaderMap::new();
        if let Some(value) = if_none_match.and_then(|t| HeaderValue::from_str(t).ok()) {
            headers.insert(header::IF_NONE_MATCH, value);
        }
        let mut attempt = 1;
        let mut waits = 0;
        loop {
            let sent = tokio::time::timeout(self.timeout, send(crab, target.path, &headers)).await;
            let failure = match sent {
                Err(_) => format!("no answer within {:?}", self.timeout),
                Ok(Err(e)) if is_transient(&e) => error_chain(&e),
                Ok(Err(e)) => return Err(target.fail(describe_octocrab_error(&e))),
                Ok(Ok(reply)) => {
                    if let Some((wait, why)) = rate_limited(&reply, chrono::Utc::now().timestamp())
                    {
                        if wait <= self.policy.max_rate_limit_wait && waits < MAX_RATE_LIMIT_WAITS {
                            tracing::warn!(
                                repo = target.repo,
                                path = target.path,
                                wait_secs = wait.as_secs(),
                                "GitHub rate limit: {why}; waiting"
                            );
                            tokio::time::sleep(wait).await;
                            waits += 1;
                            continue;
                        }
                        let verdict = if waits >= MAX_RATE_LIMIT_WAITS {
                            format!("still limited after waiting {waits} times")
                        } else {
                            format!(
                                "that is {} s away, more than the {} s Orrery waits",
                                wait.as_secs(),
                                self.policy.max_rate_limit_wait.as_secs()
                            )
                        };
                        return Err(target.fail(format!(
                            "{why}; {verdict} (GitHub answered {} to GET {})",
                            reply.status, target.path
                        )));
                    }
                    if !reply.status.is_server_error() {
                        return Ok(reply);
                    }
                    format!("GitHub answered {} ({})", reply.status, reply.message())
                }
            };
            if attempt >= self.policy.max_attempts {
                return Err(target.fail(format!(
                    "{failure} (GET {} at {}; {attempt} attempt{})",
                    target.path,
                    self.api_url,
                    if attempt == 1 { "" } else { "s" }
                )));
            }
            let delay = self.backoff(attempt);
            tracing::debug!(
                repo = target.repo,
                path = target.path,
                attempt,
                "retrying: {failure}"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Delay after attempt `attempt` (1-based): the base delay, doubled per attempt.
    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.policy
            .base_delay
            .saturating_mul(factor)
            .min(MAX_BACKOFF)
    }
}

async fn send(crab: &Octocrab, path: &str, headers: &HeaderMap) -> Result<Reply, octocrab::Error> {
    let response = crab._get_with_headers(path, Some(headers.clone())).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = crab.body_to_string(response).await?;
    Ok(Reply {
        status,
        headers,
        body: body.into(),
    })
}

/// Failures worth another attempt: the connection, not GitHub's answer.
fn is_transient(e: &octocrab::Error) -> bool {
    matches!(
        e,
        octocrab::Error::Service { .. } | octocrab::Error::Hyper { .. }
    )
}

/// How long a rate-limited answer asks to wait, and why; `None` when not rate limited.
/// `now` is the current Unix time in seconds.
pub(super) fn rate_limited(reply: &Reply, now: i64) -> Option<(Duration, String)> {
    if !matches!(
        reply.status,
        StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
    ) {
        return None;
    }
    if let Some(secs) = reply
        .header("retry-after")
        .and_then(|v| v.parse::<u64>().ok())
    {
        let why = format!("GitHub asked to retry after {secs} s ({})", reply.message());
        return Some((Duration::from_secs(secs), why));
    }
    if reply.header("x-ratelimit-remaining") == Some("0") {
        let reset = reply
            .header("x-ratelimit-reset")
            .and_then(|v| v.parse::<i64>().ok());
        let Some(reset) = reset else {
            let why = "GitHub's API rate limit is exhausted".to_owned();
            return Some((SECONDARY_LIMIT_WAIT, why));
        };
        let at = chrono::DateTime::from_timestamp(reset, 0)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_else(|| format!("Unix time {reset}"));
        let wait = u64::try_from(reset.saturating_sub(now)).unwrap_or(0).max(1);
        let why = format!("GitHub's API rate limit is exhausted until it resets at {at}");
        return Some((Duration::from_secs(wait), why));
    }
    let message = reply.message();
    if reply.status == StatusCode::TOO_MANY_REQUESTS
        || message.to_lowercase().contains("secondary rate limit")
    {
        let why = format!("GitHub's secondary rate limit was hit ({message})");
        return Some((SECONDARY_LIMIT_WAIT, why));
    }
    None
}
