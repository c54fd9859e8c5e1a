//! `GET /reports/export?format=html|md|csv|json&team=T&tier=tier1&lifecycle=production&since=
//! YYYY-MM-DD&until=YYYY-MM-DD`: the portfolio report as a download. It runs the same GraphQL
//! query as `orrery report` ([`crate::export::REPORT_QUERY`]) in-process as the person asking,
//! and renders it with [`crate::export::render`], so the file carries the API's numbers.
//!
//! `team`, `tier` and `lifecycle` may repeat; empty values (a form's "any") are ignored.
//! `format` defaults to `html`. A bad format, tier, lifecycle or date is a `400` naming the
//! parameter and the value; an unknown team is a `400` naming the team.

use super::error::WebError;
use super::identity::WebActor;
use crate::edge::AppState;
use crate::error::AppError;
use crate::export::{self, Format, ReportRequest, parse_since, parse_until};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// What the query string asks for.
fn parse_query(raw: Option<&str>) -> Result<(Format, ReportRequest), String> {
    let mut format = Format::Html;
    let mut request = ReportRequest::default();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_ref() {
            "format" => format = Format::parse(value).map_err(|e| format!("format: {e}"))?,
            "team" => request.teams.push(value.to_owned()),
            "tier" => request.add_tier("tier", value)?,
            "lifecycle" => request.add_lifecycle("lifecycle", value)?,
            "since" => request.from = Some(parse_since("since", value)?),
            "until" => request.to = Some(parse_until("until", value)?),
            _ => {}
        }
    }
    Ok((format, request))
}

/// Where service links in the file point: `--public-url`, else this server as the request
/// named it (only a host the host policy accepts).
fn base_url(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(public) = state.hosts.public_url() {
        return Some(public.trim_end_matches('/').to_owned());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    state
        .hosts
        .allows_host(host)
        .then(|| format!("http://{host}"))
}

/// Content Security Policy of an HTML export opened from the server: its own inline styles
/// and nothing else.
const HTML_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                        base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `GET /reports/export`.
pub async fn download(
    State(state): State<AppState>,
    WebActor(actor): WebActor,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let (format, request) = parse_query(raw.as_deref()).map_err(WebError::BadRequest)?;
    let report = export::execute(&state.schema, &state.services, actor, &request)
        .await
        .map_err(|e| match e.code.as_str() {
            "VALIDATION" => WebError::BadRequest(e.message),
            "NOT_FOUND" => WebError::NotFound(e.message),
            "FORBIDDEN" | "UNAUTHENTICATED" => WebError::Forbidden(e.message),
            "UNAVAILABLE" => WebError::Unavailable,
            _ => WebError::Internal(AppError::Internal(anyhow::anyhow!("report export: {e}"))),
        })?;
    let now = state.services.now();
    let meta = request.meta(now, base_url(&state, &headers));
    let body = export::render(format, &report, &meta).map_err(|e| {
        WebError::Internal(AppError::Internal(anyhow::anyhow!(
            "report export: the API's report does not have the expected shape: {e}"
        )))
    })?;
    let disposition = format!("attachment; filename=\"{}\"", format.file_name(now));
    let mut response = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response();
    if format == Format::Html {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(HTML_CSP),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{Lifecycle, Tier};

    #[test]
    fn the_query_string_becomes_a_request() {
        let (format, r) = parse_query(Some(
            "format=csv&team=pay&team=search&tier=tier1&lifecycle=production&since=2026-03-01\
             &until=2026-03-31&gate=",
        ))
        .unwrap();
        assert_eq!(format, Format::Csv);
        assert_eq!(r.teams, ["pay", "search"]);
        assert_eq!(r.tiers, [Tier::Tier1]);
        assert_eq!(r.lifecycles, [Lifecycle::Production]);
        assert_eq!(r.from.unwrap().to_rfc3339(), "2026-03-01T00:00:00+00:00");
        assert_eq!(r.to.unwrap().to_rfc3339(), "2026-03-31T23:59:59+00:00");
        let (format, r) = parse_query(Some("team=&tier=")).unwrap();
        assert_eq!((format, r), (Format::Html, ReportRequest::default()));
    }

    #[test]
    fn bad_values_name_the_parameter_and_the_value() {
        for (query, words) in [
            ("format=pdf", ["format", "`pdf`"]),
            ("since=yesterday", ["since", "`yesterday`"]),
            ("until=2026-02-30", ["until", "`2026-02-30`"]),
            ("tier=gold", ["tier", "`gold`"]),
        ] {
            let e = parse_query(Some(query)).unwrap_err();
            assert!(words.iter().all(|w| e.contains(w)), "{query}: {e}");
        }
    }
}
