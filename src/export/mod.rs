//! Reports as files: the portfolio report rendered as HTML, Markdown, CSV or JSON with the
//! same numbers.
//!
//! Every format starts from the JSON the GraphQL API returns for one fixed query,
//! [`REPORT_QUERY`] (every field of `portfolioReport`): JSON is that value pretty-printed;
//! HTML, Markdown and CSV deserialize it into [`ReportDoc`] and render it. The command line
//! (`orrery report`, from a server or a database) and the web UI's download route
//! (`GET /reports/export`) both go through [`request`] and [`render`].

mod charts;
mod csv;
pub mod digest;
mod digest_text;
mod html;
mod html_view;
mod markdown;
mod markdown_risk;
mod model;
mod request;
mod svg;
mod text;

pub use csv::{csv, csv_field};
pub use html::html;
pub use markdown::{markdown, markdown_text};
pub use model::*;
pub use request::{ReportRequest, parse_since, parse_until};
pub use text::{moved_words, titles_some};

use crate::graphql::{AppSchema, request_data};
use crate::services::{Actor, Services};
use chrono::{DateTime, Utc};

/// The one query every export is rendered from: every field of `portfolioReport`, with the
/// filter and the period as variables (`$filter`, `$from`, `$to`).
pub const REPORT_QUERY: &str = "query OrreryReport($filter: ReportFilter, $from: DateTime, \
$to: DateTime) { portfolioReport(filter: $filter, from: $from, to: $to) {
  readiness {
    overall { ...Mix }
    byTeam { team mix { ...Mix } }
    byTier { tier mix { ...Mix } }
    byLifecycle { lifecycle mix { ...Mix } }
    productionUnapproved { ...Figure }
    approvedOverNoGo { ...Figure }
    overrides { service decidedBy decidedAt reason }
  }
  heatMap { team category categoryTitle applicable met share
    services { ...Figure } servicesNotMet { ...Figure } }
  fixFirst(first: 100) { itemKey title category blocker weight figure { ...Figure } }
  risk {
    waiversExpiring { service itemKey expiresAt } waiversExpiringServices { ...Figure }
    waiversExpired { service itemKey expiresAt } waiversExpiredServices { ...Figure }
    overdueActionItems { service title owner dueDate } overdueActionItemsServices { ...Figure }
    reviewsOverdue { service approvedAt dueAt reason } reviewsOverdueServices { ...Figure }
    slosExhausted { ...SloRisk } slosExhaustedServices { ...Figure }
    slosBurningFast { ...SloRisk } slosBurningFastServices { ...Figure }
  }
  trend { granularity points { start services meanScore go goWithConditions noGo
    levels { level count } } }
  movers {
    mostImproved { ...Mover }
    biggestDrops { ...Mover }
  }
  services { slug name team tier lifecycle score level gate reviewState itemsApplicable
    itemsMet itemsFailing openBlockers scoreChange }
} }
fragment Figure on ServiceFigure { count services }
fragment Mover on Mover { service before after delta gateBefore gateAfter
  itemsFixed { key title } itemsRegressed { key title } }
fragment SloRisk on SloRisk { service slo measuredAt state budgetRemaining burnRate1h burnRate6h }
fragment Mix on GateMix { total { ...Figure } go { ...Figure } goWithConditions { ...Figure }
  noGo { ...Figure } unscored { ...Figure } levels { level figure { ...Figure } } }";

/// A file format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One self-contained HTML document (inline styles and SVG charts).
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// RFC 4180 CSV, one row per service.
    Csv,
    /// The GraphQL `data.portfolioReport` value, pretty-printed.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Html, Format::Markdown, Format::Csv, Format::Json];

    /// The format called `name` (`html`, `md` or `markdown`, `csv`, `json`), or an error
    /// naming the value and the choices.
    pub fn parse(name: &str) -> Result<Self, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "html" => Ok(Self::Html),
            "md" | "markdown" => Ok(Self::Markdown),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            other => Err(format!(
                "`{other}` is not a report format; use html, md, csv or json"
            )),
        }
    }

    /// The file name extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "md",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// The `Content-Type` of a download.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Html => "text/html; charset=utf-8",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8; header=present",
            Self::Json => "application/json",
        }
    }

    /// The file name of a report generated at `at`: `orrery-report-YYYY-MM-DD.ext`.
    pub fn file_name(self, at: DateTime<Utc>) -> String {
        format!(
            "orrery-report-{}.{}",
            at.format("%Y-%m-%d"),
            self.extension()
        )
    }
}

/// What a rendered report says about itself besides the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The document's title.
    pub title: String,
    /// Which services it covers, in words ("Teams: pay · Tiers: all · …").
    pub filter: String,
    /// The period of the trend and movers, in words ("2026-09-14 to 2026-12-07").
    pub period: String,
    /// When it was generated.
    pub generated_at: DateTime<Utc>,
    /// Where the web UI is (no trailing slash): service names link to `BASE/services/SLUG`
    /// when it is known, and are plain slugs otherwise.
    pub base_url: Option<String>,
}

impl Meta {
    /// The link to a service's page, when the base URL is known.
    pub fn service_url(&self, slug: &str) -> Option<String> {
        self.base_url.as_deref().map(|base| {
            format!(
                "{}/services/{}",
                base.trim_end_matches('/'),
                path_segment(slug)
            )
        })
    }
}

/// `s` percent-encoded as one URL path segment (unreserved characters kept).
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Why a report could not be had from the API: its message and stable `code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The API's message.
    pub message: String,
    /// The API's error code (`VALIDATION`, `NOT_FOUND`, …; `INTERNAL` when it gave none).
    pub code: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// The API's report: `data.portfolioReport` as GraphQL returns it, fields in the API's order.
pub type ReportValue = async_graphql::Value;

fn api_error(error: &serde_json::Value) -> ApiError {
    ApiError {
        message: error["message"].as_str().unwrap_or("error").to_owned(),
        code: error["extensions"]["code"]
            .as_str()
            .unwrap_or("INTERNAL")
            .to_owned(),
    }
}

fn no_report() -> ApiError {
    ApiError {
        message: "the API answered without a report".into(),
        code: "INTERNAL".into(),
    }
}

/// The `data.portfolioReport` value of a GraphQL response body (`{"data", "errors"}`), or
/// its first error.
pub fn report_of_response(body: ReportValue) -> Result<ReportValue, ApiError> {
    let ReportValue::Object(mut body) = body else {
        return Err(no_report());
    };
    if let Some(ReportValue::List(errors)) = body.get("errors")
        && let Some(first) = errors.first()
    {
        return Err(api_error(&first.clone().into_json().unwrap_or_default()));
    }
    match body.shift_remove("data") {
        Some(ReportValue::Object(mut data)) => match data.shift_remove("portfolioReport") {
            Some(ReportValue::Null) | None => Err(no_report()),
            Some(report) => Ok(report),
        },
        _ => Err(no_report()),
    }
}

/// Executes [`REPORT_QUERY`] in-process on `schema` as `actor`: the value the API returns
/// under `data.portfolioReport`.
pub async fn execute(
    schema: &AppSchema,
    services: &Services,
    actor: Actor,
    request: &ReportRequest,
) -> Result<ReportValue, ApiError> {
    let (loaders, actor) = request_data(services, actor);
    let gql = async_graphql::Request::new(REPORT_QUERY)
        .variables(async_graphql::Variables::from_json(request.variables()))
        .data(loaders)
        .data(actor);
    let response = schema.execute(gql).await;
    if let Some(e) = response.errors.first() {
        return Err(api_error(&serde_json::to_value(e).unwrap_or_default()));
    }
    report_of_response(ReportValue::Object(
        [(async_graphql::Name::new("data"), response.data)]
            .into_iter()
            .collect(),
    ))
}

/// Renders `report` (the value of `data.portfolioReport`) as `format`. Fails only when it
/// is not the shape [`REPORT_QUERY`] asks for.
pub fn render(
    format: Format,
    report: &ReportValue,
    meta: &Meta,
) -> Result<String, serde_json::Error> {
    let doc = || serde_json::from_value::<ReportDoc>(report.clone().into_json()?);
    Ok(match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report)?;
            out.push('\n');
            out
        }
        Format::Html => html(&doc()?, meta),
        Format::Markdown => markdown(&doc()?, meta),
        Format::Csv => csv(&doc()?),
    })
}

#[cfg(test)]
mod tests;
