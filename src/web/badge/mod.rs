//! `GET /badge/{slug}.svg`: a service's launch gate and maturity level as a README badge.
//!
//! The badge answers without sign-in: GitHub fetches README images through its camo proxy,
//! anonymously. It tells anyone who knows a slug that service's gate and level and nothing
//! else (no name, team, score or reasons); an unknown or archived slug gets the same grey
//! "unknown service" badge with 404, so archived services are not told apart from
//! unregistered ones. The README's Security section says so. A NO-GO review approved with
//! an override says so on the badge, as everywhere the gate is shown.
//!
//! Caching: camo keeps images by the origin's `Cache-Control`, so `max-age=300` bounds how
//! stale a README's badge gets (five minutes after a gate changes) while sparing the server a
//! scorecard per README view; the `ETag` (a hash of the SVG) lets caches revalidate with a
//! `304` and no body.

mod draw;

use draw::{Badge, render};

use crate::domain::scoring::Decision;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// How long caches (GitHub's camo among them) may keep a badge.
const CACHE_FOUND: &str = "public, max-age=300";
/// An unknown service's badge is revalidated every time, so a newly registered service's
/// badge shows at once.
const CACHE_UNKNOWN: &str = "no-cache";

/// `GET /badge/{slug}.svg`.
pub async fn serve(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (status, badge) = match file.strip_suffix(".svg") {
        Some(slug) => lookup(&state.services, slug).await,
        None => (StatusCode::NOT_FOUND, Badge::unknown()),
    };
    respond(status, &render(&badge), &headers)
}

/// The badge of the service `slug`, with the status to answer it with.
async fn lookup(s: &Services, slug: &str) -> (StatusCode, Badge) {
    let svc = match s.service(slug).await {
        Ok(svc) if svc.archived_at.is_none() => svc,
        Ok(_) | Err(AppError::NotFound { .. }) => return (StatusCode::NOT_FOUND, Badge::unknown()),
        Err(e) => return unavailable(&e),
    };
    let ids = [svc.id];
    let found = tokio::try_join!(s.scorecards_for_services(&ids), s.current_review(svc.id));
    match found {
        Ok((cards, review)) => {
            let Some(c) = cards.get(&svc.id) else {
                return (StatusCode::OK, Badge::not_assessed());
            };
            let (level, name) = (c.level.number, c.level.name.as_str());
            let over = review.is_some_and(|r| r.approved_over_no_go);
            let badge = if over && c.decision == Decision::NoGo {
                Badge::approved_over_no_go(level, name)
            } else {
                Badge::gate(c.decision, level, name)
            };
            (StatusCode::OK, badge)
        }
        Err(e) => unavailable(&e),
    }
}

fn unavailable(e: &AppError) -> (StatusCode, Badge) {
    tracing::error!(error = %e.log_detail(), "badge: scorecard unavailable");
    (StatusCode::SERVICE_UNAVAILABLE, Badge::unavailable())
}

/// The Markdown a README shows the badge with, linked to the service page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// `[![readiness](…/badge/slug.svg)](…/services/slug)`.
    pub markdown: String,
    /// The badge's path on this site, for a preview.
    pub image: String,
    /// The public address is not configured: the Markdown has a placeholder host to replace.
    pub placeholder: bool,
}

/// Host shown in the Markdown when `--public-url` is not set.
pub const PLACEHOLDER_HOST: &str = "https://orrery.example.com";

/// The badge's Markdown under `public_url` (`--public-url`); without one, under
/// [`PLACEHOLDER_HOST`] — a request's `Host` header is not trusted to name the site.
pub fn snippet(public_url: Option<&str>, slug: &str) -> Snippet {
    let base = public_url.map(|u| u.trim_end_matches('/'));
    let host = base.unwrap_or(PLACEHOLDER_HOST);
    Snippet {
        markdown: format!("[![readiness]({host}/badge/{slug}.svg)]({host}/services/{slug})"),
        image: format!("/badge/{slug}.svg"),
        placeholder: base.is_none(),
    }
}

/// The SVG with its headers; a found badge carries an `ETag` and answers a matching
/// `If-None-Match` with `304 Not Modified`.
fn respond(status: StatusCode, svg: &str, request: &HeaderMap) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Opened on its own, the SVG is a document: it may load nothing and run nothing.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    let cache = match status {
        StatusCode::OK => CACHE_FOUND,
        StatusCode::NOT_FOUND => CACHE_UNKNOWN,
        _ => "no-store",
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if status != StatusCode::OK {
        return (status, headers, svg.to_owned()).into_response();
    }
    let tag = etag(svg);
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    if none_match(request, &tag) {
        headers.remove(header::CONTENT_TYPE);
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (status, headers, svg.to_owned()).into_response()
}

/// A strong entity tag: the first 16 bytes of the SVG's SHA-256, in hex and quotes.
pub fn etag(svg: &str) -> String {
    let digest = Sha256::digest(svg.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` names `tag` (weak comparison, as RFC 9110 asks for this header)
/// or is `*`.
fn none_match(request: &HeaderMap, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let tag = opaque(tag);
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || opaque(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn if_none_match(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, value.parse().unwrap());
        h
    }

    #[test]
    fn the_snippet_uses_the_public_url_or_says_it_is_a_placeholder() {
        let s = snippet(Some("https://orrery.acme.io/"), "checkout");
        assert_eq!(
            s.markdown,
            "[![readiness](https://orrery.acme.io/badge/checkout.svg)](https://orrery.acme.io/services/checkout)"
        );
        assert!(!s.placeholder);
        assert_eq!(s.image, "/badge/checkout.svg");
        let s = snippet(None, "checkout");
        assert!(s.placeholder);
        assert!(
            s.markdown
                .starts_with("[![readiness](https://orrery.example.com/badge/")
        );
    }

    #[test]
    fn etags_follow_the_svg() {
        let a = etag("<svg>a</svg>");
        assert_eq!(a, etag("<svg>a</svg>"));
        assert_ne!(a, etag("<svg>b</svg>"));
        assert_eq!(a.len(), 34);
        assert!(a.starts_with('"') && a.ends_with('"'));
    }

    #[test]
    fn if_none_match_compares_weakly_and_in_lists() {
        let tag = etag("x");
        assert!(none_match(&if_none_match(&tag), &tag));
        assert!(none_match(&if_none_match(&format!("W/{tag}")), &tag));
        assert!(none_match(
            &if_none_match(&format!("\"other\", {tag}")),
            &tag
        ));
        assert!(none_match(&if_none_match("*"), &tag));
        assert!(!none_match(&if_none_match("\"other\""), &tag));
        assert!(!none_match(&HeaderMap::new(), &tag));
    }

    #[test]
    fn a_match_is_304_without_a_body_and_other_statuses_carry_no_etag() {
        let svg = render(&Badge::unknown());
        let tag = etag(&svg);
        let res = respond(StatusCode::OK, &svg, &if_none_match(&tag));
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(res.headers()[header::ETAG], tag.as_str());
        assert_eq!(res.headers()[header::CACHE_CONTROL], CACHE_FOUND);
        let res = respond(StatusCode::NOT_FOUND, &svg, &if_none_match(&tag));
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert!(res.headers().get(header::ETAG).is_none());
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "image/svg+xml; charset=utf-8"
        );
    }
}
