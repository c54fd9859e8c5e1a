//! [`MetricsSource`] over the Prometheus HTTP API (`/api/v1/query`, `/api/v1/rules`,
//! `/api/v1/targets`).

use super::source::{MetricsSource, QueryValue, Rule, RuleGroup, RuleKind, Sample, Target};
use crate::verify::SourceError;
use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::future::BoxFuture;
use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
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

    /// GETs an API endpoint and returns its `data`, retrying connection errors and 5xx.
    async fn get(&self, endpoint: &str, params: &[(&str, String)]) -> Result<Value, ApiError> {
        let url = self
            .base
            .join(endpoint)
            .map_err(|e| ApiError::Other(format!("cannot build the URL for {endpoint}: {e}")))?;
        let mut attempt = 0;
        loop {
            let mut request = self.client.get(url.clone()).query(params);
            if let Some((user, password)) = &self.auth {
                request = request.basic_auth(user, password.as_ref());
            }
            let retry = attempt < self.retries;
            let wait = self.backoff.saturating_mul(1 << attempt.min(16));
            attempt += 1;
            let response = match request.send().await {
                Ok(response) => response,
                Err(e) if e.is_connect() && retry => {
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Err(e) => return Err(self.transport_error(endpoint, &e)),
            };
            let status = response.status();
            if status.is_server_error() && retry {
                tokio::time::sleep(wait).await;
                continue;
            }
            let body = match read_capped(response).await {
                Ok(body) => body,
                Err(ReadError::TooLarge) => {
                    return Err(ApiError::Other(format!(
                        "its answer to {endpoint} is larger than {} MiB",
                        MAX_RESPONSE_BYTES / 1024 / 1024
                    )));
                }
                Err(ReadError::Transport(e)) => return Err(self.transport_error(endpoint, &e)),
            };
            return parse_envelope(&body).map_err(|e| match e {
                EnvelopeError::Api { kind, message } => ApiError::Api { kind, message },
                EnvelopeError::NotApi => ApiError::Other(format!(
                    "it answered {endpoint} with HTTP {status} and a body that is not Prometheus \
                     API JSON: {}",
                    snippet(&body)
                )),
            });
        }
    }

    fn transport_error(&self, endpoint: &str, e: &reqwest::Error) -> ApiError {
        if e.is_timeout() {
            return ApiError::Other(format!("no answer to {endpoint} within {:?}", self.timeout));
        }
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            let text = cause.to_string();
            // hyper's "client error (Connect)" says nothing the next cause does not.
            let noise = text.starts_with("client error (") && text.ends_with(')');
            if !noise && !causes.iter().any(|c: &String| c.contains(&text)) {
                causes.push(text);
            }
            source = cause.source();
        }
        let why = if causes.is_empty() {
            e.without_url_text()
        } else {
            causes.join(": ")
        };
        if e.is_connect() || e.is_request() {
            ApiError::Unreachable(why)
        } else {
            ApiError::Other(format!("reading its answer to {endpoint} failed: {why}"))
        }
    }

    fn error(&self, what: &str, e: ApiError) -> SourceError {
        let at = self.url();
        SourceError::new(match e {
            ApiError::Unreachable(why) => format!("Prometheus at {at} is unreachable: {why}"),
            ApiError::Api { kind, message } => {
                format!("Prometheus at {at} rejected {what}: {kind}: {message}")
            }
            ApiError::Other(why) => format!("Prometheus at {at} failed on {what}: {why}"),
        })
    }
}

trait WithoutUrlText {
    fn without_url_text(&self) -> String;
}

impl WithoutUrlText for reqwest::Error {
    fn without_url_text(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url()
            && let Some(at) = text.find(&format!(" for url ({url})"))
        {
            text.truncate(at);
        }
        text
    }
}

/// How one API call failed.
#[derive(Debug)]
enum ApiError {
    /// No connection (refused, DNS, TLS).
    Unreachable(String),
    /// `status: "error"` with `errorType` and `error`.
    Api { kind: String, message: String },
    /// Anything else (timeout, non-API body, too large).
    Other(String),
}

enum ReadError {
    TooLarge,
    Transport(reqwest::Error),
}

async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let short: String = text.chars().take(120).collect();
    if short.is_empty() {
        "(empty)".into()
    } else if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
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

/// Why a response body is not a successful API answer.
#[derive(Debug, PartialEq)]
pub(super) enum EnvelopeError {
    /// `status: "error"`.
    Api { kind: String, message: String },
    /// Not the API's JSON shape at all.
    NotApi,
}

/// Unwraps `{"status": "success", "data": …}`.
pub(super) fn parse_envelope(body: &[u8]) -> Result<Value, EnvelopeError> {
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return Err(EnvelopeError::NotApi);
    };
    match value.get("status").and_then(Value::as_str) {
        Some("success") => Ok(value
            .get_mut("data")
            .map(Value::take)
            .unwrap_or(Value::Null)),
        Some("error") => Err(EnvelopeError::Api {
            kind: value
                .get("errorType")
                .and_then(Value::as_str)
                .unwrap_or("error")
                .to_owned(),
            message: value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("(no message)")
                .to_owned(),
        }),
        _ => Err(EnvelopeError::NotApi),
    }
}

/// A sample value as Prometheus writes it: a decimal string, `NaN`, `+Inf` or `-Inf`.
pub(super) fn parse_float(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// `[timestamp, "value"]` → the value.
fn parse_pair(pair: &Value) -> Result<f64, String> {
    let text = pair
        .as_array()
        .filter(|a| a.len() == 2)
        .and_then(|a| a[1].as_str())
        .ok_or_else(|| format!("a sample is not [timestamp, \"value\"]: {pair}"))?;
    parse_float(text).ok_or_else(|| format!("the sample value `{text}` is not a number"))
}

fn string_map(value: Option<&Value>) -> Result<BTreeMap<String, String>, String> {
    match value {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("bad label set {v}: {e}")),
    }
}

/// `data` of `/api/v1/query` → a vector or scalar.
pub(super) fn parse_query_data(data: &Value) -> Result<QueryValue, String> {
    let kind = data
        .get("resultType")
        .and_then(Value::as_str)
        .ok_or("the answer has no resultType")?;
    let result = data.get("result").unwrap_or(&Value::Null);
    match kind {
        "vector" => {
            let items = match result {
                Value::Null => &Vec::new(),
                Value::Array(items) => items,
                _ => return Err("the vector result is not a list".into()),
            };
            let samples = items
                .iter()
                .map(|item| {
                    let labels = string_map(item.get("metric"))?;
                    let value = match item.get("value") {
                        Some(pair) => parse_pair(pair)?,
                        None if item.get("histogram").is_some() => {
                            return Err("it returned native histogram samples, which checks \
                                        cannot compare; apply histogram_count(), \
                                        histogram_sum() or histogram_quantile()"
                                .to_owned());
                        }
                        None => return Err(format!("a sample has no value: {item}")),
                    };
                    Ok(Sample { labels, value })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(QueryValue::Vector(samples))
        }
        "scalar" => Ok(QueryValue::Scalar(parse_pair(result)?)),
        "matrix" => Err(
            "it returned a range vector (matrix); checks need an instant vector or \
                         a scalar, e.g. wrap the range selector in rate() or last_over_time()"
                .into(),
        ),
        other => Err(format!(
            "it returned a {other}; checks need an instant vector or a scalar"
        )),
    }
}

#[derive(Deserialize)]
struct ApiRules {
    #[serde(default)]
    groups: Option<Vec<ApiGroup>>,
}

#[derive(Deserialize)]
struct ApiGroup {
    name: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    rules: Option<Vec<ApiRule>>,
}

#[derive(Deserialize)]
struct ApiRule {
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    annotations: Option<BTreeMap<String, String>>,
    #[serde(default)]
    health: Option<String>,
    #[serde(default, rename = "lastError")]
    last_error: Option<String>,
    #[serde(rename = "type")]
    kind: String,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// `data` of `/api/v1/rules` → rule groups in the server's order.
pub(super) fn parse_rules_data(data: Value) -> Result<Vec<RuleGroup>, String> {
    let rules: ApiRules =
        serde_json::from_value(data).map_err(|e| format!("unexpected rules answer: {e}"))?;
    rules
        .groups
        .unwrap_or_default()
        .into_iter()
        .map(|g| {
            let rules = g
                .rules
                .unwrap_or_default()
                .into_iter()
                .map(|r| {
                    let kind = match r.kind.as_str() {
                        "alerting" => RuleKind::Alerting,
                        "recording" => RuleKind::Recording,
                        other => {
                            return Err(format!("rule `{}` has unknown type `{other}`", r.name));
                        }
                    };
                    Ok(Rule {
                        kind,
                        name: r.name,
                        query: r.query,
                        labels: r.labels.unwrap_or_default(),
                        annotations: r.annotations.unwrap_or_default(),
                        health: non_empty(r.health).unwrap_or_else(|| "unknown".into()),
                        last_error: non_empty(r.last_error),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(RuleGroup {
                name: g.name,
                file: g.file,
                rules,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct ApiTargets {
    #[serde(default, rename = "activeTargets")]
    active: Option<Vec<ApiTarget>>,
}

#[derive(Deserialize)]
struct ApiTarget {
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default, rename = "scrapeUrl")]
    scrape_url: String,
    #[serde(default)]
    health: Option<String>,
    #[serde(default, rename = "lastError")]
    last_error: Option<String>,
}

/// `data` of `/api/v1/targets?state=active` → the active targets.
pub(super) fn parse_targets_data(data: Value) -> Result<Vec<Target>, String> {
    let targets: ApiTargets =
        serde_json::from_value(data).map_err(|e| format!("unexpected targets answer: {e}"))?;
    Ok(targets
        .active
        .unwrap_or_default()
        .into_iter()
        .map(|t| Target {
            labels: t.labels.unwrap_or_default(),
            scrape_url: t.scrape_url,
            health: non_empty(t.health).unwrap_or_else(|| "unknown".into()),
            last_error: non_empty(t.last_error),
        })
        .collect())
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
