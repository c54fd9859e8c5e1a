//! Which hosts this server answers for, and which browser origins may post to it.
//!
//! DNS rebinding: a page on `attacker.example` re-points its own name at the server's address
//! (often `127.0.0.1`). The browser then sends requests with `Host: attacker.example` and a
//! matching `Origin`, which an Origin-equals-Host check lets through. So the server pins the
//! hosts it answers for: the `--public-url`'s host and, when listening on loopback, the
//! loopback names with the bound port. Anything else gets `421 Misdirected Request` before
//! any handler runs.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Paths answered whatever the `Host`: read-only, and probed by orchestrators and Prometheus
/// through the pod's address.
const ANY_HOST_PATHS: [&str; 3] = ["/healthz", "/readyz", "/metrics"];

/// One origin: scheme, lowercase host (IPv6 in brackets) and port.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    scheme: &'static str,
    host: String,
    port: u16,
}

impl Origin {
    fn default_port(&self) -> bool {
        matches!((self.scheme, self.port), ("http", 80) | ("https", 443))
    }

    fn display(&self) -> String {
        if self.default_port() {
            format!("{}://{}", self.scheme, self.host)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// The hosts and origins the server accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPolicy {
    allowed: Vec<Origin>,
    /// The `--public-url` origin, e.g. `https://orrery.example.com`, when set.
    public: Option<String>,
}

impl HostPolicy {
    /// The policy for a server bound to `listen` (the real port, after binding) with an
    /// optional public URL. Listening on a non-loopback address needs the public URL.
    pub fn new(public_url: Option<&str>, listen: SocketAddr) -> Result<Self, String> {
        let mut allowed = Vec::new();
        if let Some(url) = public_url.map(str::trim).filter(|u| !u.is_empty()) {
            allowed.push(parse_public_url(url)?);
        }
        let public = allowed.first().map(Origin::display);
        if listen.ip().is_loopback() {
            for host in ["localhost", "127.0.0.1", "[::1]"] {
                allowed.push(Origin {
                    scheme: "http",
                    host: host.into(),
                    port: listen.port(),
                });
            }
        } else if allowed.is_empty() {
            return Err(format!(
                "orrery listens on {listen}, which is not a loopback address, so it must know \
                 the address browsers use to reach it: set --public-url (or ORRERY_PUBLIC_URL), \
                 e.g. --public-url https://orrery.example.com; requests for any other host are \
                 refused"
            ));
        }
        Ok(Self { allowed, public })
    }

    /// The address people reach this server at (`--public-url`, without a trailing `/`), for
    /// links that leave the site such as README badges; `None` when it is not configured
    /// (the request's `Host` is not trusted for this).
    pub fn public_url(&self) -> Option<&str> {
        self.public.as_deref()
    }

    /// Whether a `Host` header (`name[:port]`) names this server.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        self.allowed.iter().any(|o| {
            o.host.eq_ignore_ascii_case(name)
                && match port {
                    Some(p) => p == o.port,
                    None => o.default_port(),
                }
        })
    }

    /// Whether an `Origin` header names one of this server's origins: scheme, host and port.
    /// (The request's `Host` may be another of them: a proxy may rewrite it.)
    pub fn allows_origin(&self, origin: &str) -> bool {
        let Some((scheme, authority)) = origin.trim().split_once("://") else {
            return false;
        };
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        let Some((name, port)) = split_host(authority) else {
            return false;
        };
        self.allowed.iter().any(|o| {
            o.scheme.eq_ignore_ascii_case(scheme)
                && o.host.eq_ignore_ascii_case(name)
                && port.unwrap_or_else(|| default_port(o.scheme)) == o.port
        })
    }

    /// Where people should go instead, for the refusal message.
    fn preferred(&self) -> String {
        self.allowed
            .first()
            .map(Origin::display)
            .unwrap_or_default()
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme == "https" { 443 } else { 80 }
}

/// Splits `name[:port]` (IPv6 as `[addr]:port`); `None` when malformed.
fn split_host(value: &str) -> Option<(&str, Option<u16>)> {
    let value = value.trim();
    let (name, port) = if value.starts_with('[') {
        let end = value.find(']')?;
        let rest = &value[end + 1..];
        let port = match rest.strip_prefix(':') {
            Some(p) => Some(p),
            None if rest.is_empty() => None,
            None => return None,
        };
        (&value[..=end], port)
    } else {
        match value.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (value, None),
        }
    };
    let valid_name = !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':')
        });
    if !valid_name {
        return None;
    }
    match port {
        None => Some((name, None)),
        Some(p) => p.parse::<u16>().ok().map(|p| (name, Some(p))),
    }
}

/// Parses `--public-url`: `http(s)://host[:port]` with no path, query or credentials.
fn parse_public_url(raw: &str) -> Result<Origin, String> {
    let bad = |why: &str| format!("--public-url `{raw}`: {why}");
    let url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
    let scheme = match url.scheme() {
        "http" => "http",
        "https" => "https",
        _ => return Err(bad("must start with http:// or https://")),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry credentials"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "must be the site's root (no path, query or fragment): Orrery is served at /",
        ));
    }
    let host = url.host_str().ok_or_else(|| bad("has no host"))?;
    let port = url
        .port_or_known_default()
        .ok_or_else(|| bad("has no port"))?;
    Ok(Origin {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
    })
}

/// Middleware: answers `421 Misdirected Request` to requests for a host this server does not
/// answer for (see the module docs), before any handler runs.
pub async fn pin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if ANY_HOST_PATHS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    match host {
        Some(h) if state.hosts.allows_host(&h) => next.run(request).await,
        other => {
            tracing::warn!(host = ?other, path = %request.uri().path(), "request for a foreign host refused");
            (
                StatusCode::MISDIRECTED_REQUEST,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!(
                    "This server does not answer for that host name. Open {} instead.\n",
                    state.hosts.preferred()
                ),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
#[path = "host_tests.rs"]
mod tests;
