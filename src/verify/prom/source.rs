//! What Prometheus checks and SLO status read: instant queries, loaded rules and scrape
//! targets. [`MetricsSource`] is the seam; the HTTP implementation talks to a real server.

use crate::verify::SourceError;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use std::collections::BTreeMap;

/// One sample of an instant vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The series' labels (including `__name__` when the query kept it).
    pub labels: BTreeMap<String, String>,
    /// The value; may be NaN or ±Inf (Prometheus sends them as strings).
    pub value: f64,
}

/// The result of an instant query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryValue {
    /// An instant vector, possibly empty.
    Vector(Vec<Sample>),
    /// A scalar.
    Scalar(f64),
}

/// Alerting or recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// An alerting rule (`alert:`).
    Alerting,
    /// A recording rule (`record:`).
    Recording,
}

/// A rule as loaded by Prometheus (`/api/v1/rules`).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Alerting or recording.
    pub kind: RuleKind,
    /// Alert name or recorded metric name.
    pub name: String,
    /// The PromQL expression.
    pub query: String,
    /// Labels the rule attaches.
    pub labels: BTreeMap<String, String>,
    /// Annotations (alerting rules only; empty for recording rules).
    pub annotations: BTreeMap<String, String>,
    /// `ok`, `err` or `unknown` (not evaluated yet).
    pub health: String,
    /// The last evaluation error, if any.
    pub last_error: Option<String>,
}

/// A group of rules from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleGroup {
    /// Group name.
    pub name: String,
    /// Rule file the group came from.
    pub file: String,
    /// Its rules in file order.
    pub rules: Vec<Rule>,
}

/// An active scrape target (`/api/v1/targets?state=active`).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Labels after relabelling (`job`, `instance`, …).
    pub labels: BTreeMap<String, String>,
    /// URL scraped.
    pub scrape_url: String,
    /// `up`, `down` or `unknown`.
    pub health: String,
    /// The last scrape error, if any.
    pub last_error: Option<String>,
}

/// A Prometheus-compatible server that checks can query.
pub trait MetricsSource: Send + Sync {
    /// Human-readable name, e.g. `Prometheus at http://127.0.0.1:9090`.
    fn describe(&self) -> String;

    /// Evaluates `promql` at `at` (now when `None`).
    fn query<'a>(
        &'a self,
        promql: &'a str,
        at: Option<DateTime<Utc>>,
    ) -> BoxFuture<'a, Result<QueryValue, SourceError>>;

    /// Every loaded rule group.
    fn rules(&self) -> BoxFuture<'_, Result<Vec<RuleGroup>, SourceError>>;

    /// Every active scrape target.
    fn targets(&self) -> BoxFuture<'_, Result<Vec<Target>, SourceError>>;
}
