//! One API call: the GET with retries, a capped body read, and failures worded without the
//! URL's credentials or the HTTP client's noise.

use super::{MAX_RESPONSE_BYTES, PrometheusHttp};
use crate::verify::SourceError;
use crate::verify::prom::response::{EnvelopeError, parse_envelope};
use serde_json::Value;

impl PrometheusHttp {
    /// GETs an API endpoint and returns its `data`, retrying connection errors and 5xx.
    pub(super) async fn get(
        &self,
        endpoint: &str,
        params: &[(&str, String)],
    ) -> Result<Value, ApiError> {
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

    pub(super) fn error(&self, what: &str, e: ApiError) -> SourceError {
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
pub(super) enum ApiError {
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
