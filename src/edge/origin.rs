//! Where an unsafe request comes from: the cross-site request forgery check the UI's forms
//! and the GraphQL endpoint share.
//!
//! Form posts change data and carry no token, so every unsafe request must come from a page
//! of this site. Browsers say where a request comes from:
//!
//! 1. `Sec-Fetch-Site` (all current browsers): only `same-origin` and `none` (typed by the
//!    user) pass; `same-site` and `cross-site` are refused.
//! 2. `Origin`, when present, must be one of this server's origins — scheme, host and port
//!    ([`HostPolicy::allows_origin`]); `Origin: null` (sandboxed frames, some redirects) is
//!    refused.
//! 3. A request with neither header is not from a browser form (curl, scripts) and passes:
//!    a forging page cannot strip both.
//!
//! The `Host` itself is pinned earlier, for every request (see [`super::HostPolicy`]):
//! a rebound name never reaches this guard.

use super::HostPolicy;
use axum::http::{HeaderMap, header};

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `Sec-Fetch-Site` says another site sent it.
    CrossSite,
    /// `Origin` names another origin, or `null`.
    ForeignOrigin,
}

/// Checks where an unsafe request comes from (see the module docs).
pub fn check_same_origin(headers: &HeaderMap, hosts: &HostPolicy) -> Result<(), Refusal> {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        match site.trim().to_ascii_lowercase().as_str() {
            "same-origin" | "none" => {}
            _ => return Err(Refusal::CrossSite),
        }
    }
    if headers.contains_key(header::ORIGIN) {
        return match text(header::ORIGIN.as_str()) {
            Some(origin) if hosts.allows_origin(origin) => Ok(()),
            _ => Err(Refusal::ForeignOrigin),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> HostPolicy {
        HostPolicy::new(
            Some("https://orrery.example"),
            std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
        )
        .unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let ok = |p| check_same_origin(&headers(p), &hosts());
        assert_eq!(ok(&[("sec-fetch-site", "same-origin")]), Ok(()));
        assert_eq!(ok(&[("sec-fetch-site", "none")]), Ok(()));
        assert_eq!(
            ok(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "http://a"),
                ("host", "a")
            ]),
            Err(Refusal::CrossSite)
        );
        assert_eq!(
            ok(&[("sec-fetch-site", "same-site")]),
            Err(Refusal::CrossSite)
        );
    }

    #[test]
    fn same_origin_fetch_metadata_still_needs_one_of_our_origins() {
        let ok = |p| check_same_origin(&headers(p), &hosts());
        assert_eq!(
            ok(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://attacker.example")
            ]),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            ok(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://127.0.0.1:8080")
            ]),
            Err(Refusal::ForeignOrigin),
            "the scheme counts"
        );
    }

    #[test]
    fn origin_must_be_ours() {
        let ok = |p| check_same_origin(&headers(p), &hosts());
        assert_eq!(
            ok(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ]),
            Ok(())
        );
        assert_eq!(
            ok(&[
                ("origin", "https://Orrery.example"),
                ("host", "orrery.example")
            ]),
            Ok(())
        );
        assert_eq!(
            ok(&[
                ("origin", "https://evil.example"),
                ("host", "orrery.example")
            ]),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            ok(&[("origin", "null"), ("host", "orrery.example")]),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            ok(&[("origin", "http://orrery.example")]),
            Err(Refusal::ForeignOrigin)
        );
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert_eq!(
            check_same_origin(&headers(&[("host", "a")]), &hosts()),
            Ok(())
        );
    }
}
