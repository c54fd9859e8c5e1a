//! [`MetricsSource`] over the Prometheus HTTP API (`/api/v1/query`, `/api/v1/rules`,
//! `/api/v1/targets`).

mod request;

use super::response::{parse_query_data, parse_rules_data, parse_targets_data};
use super::source::{MetricsSource, QueryValue, RuleGroup, Target};
use crate::verify::SourceError;
use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::future::BoxFuture;
use reqwest::Url;
use std::fmt;
use std::time::Duration;

/// Largest API response read, in bytes; a bigger one is an error rather than a memory spike.
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Retries of an idempotent GET after a connection error or a 5xx answer.
const DEFAULT_RETRIES: u32 = 2;
/// Wait before the first retry; doubled for each further one.
const DEFAULT_BACKOFF: Duration = Duration::from_millis(200);

/// A Prometheus server reached over HTTP(S).
///
/// Credentials in the URL (`https://user:pass@prom.example/`) are sent as HTTP basic auth and
/// never shown: [`describe`](MetricsSource::describe), `Debug` and error messages use the URL
/// without them.
#[derive(Clone)]
pub struct PrometheusHttp {
    /// Base URL without credentials, ending in `/`.
    base: Url,
    /// Basic-auth user and password taken from the URL.
    auth: Option<(String, Option<String>)>,
    client: reqwest::Client,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
}

impl fmt::Debug for PrometheusHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrometheusHttp")
            .field("url", &self.url())
            .field("basic_auth", &self.auth.is_some())
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish()
    }
}

impl PrometheusHttp {
    /// A source for the server at `base_url` (`http` or `https`, optionally with a path
    /// prefix such as `/prometheus`); each request gives up after `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, SourceError> {
        let invalid = |why: &str| {
            SourceError::new(format!(
                "Invalid Prometheus URL `{}`: {why}",
                redact(base_url.trim())
            ))
        };
        let mut url = Url::parse(base_url.trim()).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not have a query string or fragment"));
        }
        if timeout.is_zero() {
            return Err(invalid("the timeout must be positive"));
        }
        let auth = (!url.username().is_empty() || url.password().is_some())
            .then(|| (decode(url.username()), url.password().map(decode)));
        let _ = url.set_username("");
        let _ = url.set_password(None);
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .build()
            .map_err(|e| SourceError::new(format!("Could not build an HTTP client: {e}")))?;
        Ok(Self {
            base: url,
            auth,
            client,
            timeout,
            retries: DEFAULT_RETRIES,
            backoff: DEFAULT_BACKOFF,
        })
    }

    /// Sets how often a GET is retried after a connection error or a 5xx answer, and the
    /// wait before the first retry (doubled for each further one).
    pub fn with_retries(mut self, retries: u32, backoff: Duration) -> Self {
        self.retries = retries;
        self.backoff = backoff;
        self
    }

    /// The base URL without credentials and without the trailing `/`.
    pub fn url(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_owned()
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `url` with any `user:password@` removed, for messages about a URL that did not parse.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}://***@{}", &url[..scheme_end], &rest[at + 1..]),
        None => url.to_owned(),
    }
}

impl MetricsSource for PrometheusHttp {
    fn describe(&self) -> String {
        format!("Prometheus at {}", self.url())
    }

    fn query<'a>(
        &'a self,
        promql: &'a str,
        at: Option<DateTime<Utc>>,
    ) -> BoxFuture<'a, Result<QueryValue, SourceError>> {
        Box::pin(async move {
            let what = format!("the query `{promql}`");
            let mut params = vec![("query", promql.to_owned())];
            if let Some(at) = at {
                params.push(("time", at.to_rfc3339_opts(SecondsFormat::Millis, true)));
            }
            let data = self
                .get("api/v1/query", &params)
                .await
                .map_err(|e| self.error(&what, e))?;
            parse_query_data(&data).map_err(|why| {
                SourceError::new(format!(
                    "Prometheus at {} answered {what} unexpectedly: {why}",
                    self.url()
                ))
            })
        })
    }

    fn rules(&self) -> BoxFuture<'_, Result<Vec<RuleGroup>, SourceError>> {
        Box::pin(async move {
            let data = self
                .get("api/v1/rules", &[])
                .await
                .map_err(|e| self.error("the rules request", e))?;
            parse_rules_data(data)
                .map_err(|why| SourceError::new(format!("Prometheus at {}: {why}", self.url())))
        })
    }

    fn targets(&self) -> BoxFuture<'_, Result<Vec<Target>, SourceError>> {
        Box::pin(async move {
            let data = self
                .get("api/v1/targets", &[("state", "active".to_owned())])
                .await
                .map_err(|e| self.error("the targets request", e))?;
            parse_targets_data(data)
                .map_err(|why| SourceError::new(format!("Prometheus at {}: {why}", self.url())))
        })
    }
}
