//! SLO status from Prometheus: the PromQL an SLO needs, run at one instant, and the counts
//! handed to the pure math in [`crate::domain::slo_status`].
//!
//! Every count is an occurrence count, `sum(increase(<counter selector>[<window>]))`, over the
//! SLO window and over each burn window (1h, 6h, 1d, 3d):
//!
//! - **Ratio SLI**: `good_query` and `total_query` are counter *series selectors* such as
//!   `http_requests_total{job="checkout",code!~"5.."}` (not expressions; the `increase` and the
//!   `sum` are added here).
//! - **Latency SLI**: `latency_metric` names a classic histogram, optionally with matchers
//!   (`http_request_duration_seconds{job="checkout"}`; a trailing `_bucket` is tolerated). Good
//!   events are its `_bucket` series with `le` equal to the threshold, total events its `_count`.
//!   The threshold must be a bucket boundary; when it is not, the error lists the nearest ones.
//!   The `le` matcher accepts both spellings of whole numbers (`1` and `1.0`, which Prometheus 3
//!   writes) and Go's exponent form of tiny thresholds.
//!
//! One more query measures how much of the SLO window has data ([`CoverageQuery`]): the age
//! of the oldest sample of the total series in the window, so a young service reads as a
//! partial window rather than as having met its objective.
//!
//! `{{placeholders}}` in the queries are filled from the service first; one the service cannot
//! fill is an error, never a query run with the placeholder left in.

mod buckets;
mod coverage;
mod queries;
mod selector;
#[cfg(test)]
mod tests;

use super::source::{MetricsSource, QueryValue};
use crate::domain::FieldError;
use crate::domain::records;
use crate::domain::slo::{Objective, Sli, WindowDays};
use crate::domain::slo_status::{
    self, BurnWindow, CountKind, CountWindow, SloInput, SloStatus, WindowCounts,
};
use crate::verify::SourceError;
use crate::verify::placeholders::{FillError, ServiceFields};
use chrono::{DateTime, Utc};
pub use coverage::CoverageQuery;
use futures_util::future::join_all;
use queries::{Plan, QueryPlan};
use std::fmt;

/// What an SLO measures and promises: the parts of a stored SLO that status needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SloDefinition {
    /// The indicator.
    pub sli: Sli,
    /// The objective.
    pub objective: Objective,
    /// The rolling window.
    pub window: WindowDays,
}

impl SloDefinition {
    /// Builds the definition from a stored row, naming the column that does not parse.
    pub fn from_model(row: &records::Slo) -> Result<Self, FieldError> {
        let kind = row.sli_kind;
        Ok(Self {
            sli: Sli::parse(
                kind,
                row.good_query.as_deref(),
                row.total_query.as_deref(),
                row.latency_metric.as_deref(),
                row.latency_threshold_seconds,
            )?,
            objective: Objective::parse("objective_percent", row.objective_percent)?,
            window: WindowDays::parse("window_days", i64::from(row.window_days))?,
        })
    }
}

impl TryFrom<&records::Slo> for SloDefinition {
    type Error = FieldError;

    fn try_from(row: &records::Slo) -> Result<Self, Self::Error> {
        Self::from_model(row)
    }
}

/// One query run for an SLO, kept as evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct SloQuery {
    /// The window it counts over.
    pub window: CountWindow,
    /// Good or total events.
    pub kind: CountKind,
    /// The PromQL sent.
    pub promql: String,
    /// The count it returned; `None` when it matched no series.
    pub value: Option<f64>,
}

/// SLO status plus how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct SloReport {
    /// The computed status.
    pub status: SloStatus,
    /// Every query run, SLO window first, then the burn windows shortest first.
    pub queries: Vec<SloQuery>,
    /// The query measuring how much of the SLO window has data, with what it returned.
    pub coverage: CoverageQuery,
    /// The instant the queries were evaluated at (`None`: the server's now).
    pub evaluated_at: Option<DateTime<Utc>>,
    /// The source, as it describes itself.
    pub source: String,
}

/// Why an SLO's status could not be computed. Each is shown as it is; none becomes a pass.
#[derive(Debug, Clone, PartialEq)]
pub enum SloError {
    /// A `{{placeholder}}` in one of the SLO's queries cannot be filled for this service.
    Placeholder {
        /// The SLO field holding the placeholder (`goodQuery`, `totalQuery`, `latencyMetric`).
        field: &'static str,
        /// Which placeholder and why.
        error: FillError,
    },
    /// A query of the SLO is not what its field must hold (e.g. an expression where a series
    /// selector is expected); nothing was sent.
    InvalidQuery {
        /// The SLO field.
        field: &'static str,
        /// The (filled) text.
        query: String,
        /// What is wrong.
        message: String,
    },
    /// The source could not be asked: unreachable, timed out, or an answer that is not an answer.
    Unreachable {
        /// The source, as it describes itself.
        source: String,
        /// What happened.
        message: String,
    },
    /// The source refused a query (bad PromQL, execution error).
    QueryRejected {
        /// The PromQL sent.
        query: String,
        /// The source's explanation.
        message: String,
    },
    /// The latency threshold is not a bucket boundary of the histogram.
    BucketMissing {
        /// The histogram's `_bucket` selector, without the `le` matcher.
        metric: String,
        /// The threshold looked for.
        threshold_seconds: f64,
        /// The bucket boundaries closest to it (empty when they could not be listed).
        nearby: Vec<String>,
    },
}

impl fmt::Display for SloError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Placeholder { field, error } => write!(f, "{field}: {error}"),
            Self::InvalidQuery {
                field,
                query,
                message,
            } => write!(f, "{field} `{query}`: {message}"),
            Self::Unreachable { message, .. } => {
                write!(f, "could not compute SLO status: {message}")
            }
            Self::QueryRejected { query, message } => {
                write!(f, "the query `{query}` was rejected: {message}")
            }
            Self::BucketMissing {
                metric,
                threshold_seconds,
                nearby,
            } => {
                write!(
                    f,
                    "the histogram {metric} has no bucket le=\"{threshold_seconds}\": a latency \
                     threshold must be one of the histogram's bucket boundaries"
                )?;
                if nearby.is_empty() {
                    Ok(())
                } else {
                    write!(f, " (nearest: {})", nearby.join(", "))
                }
            }
        }
    }
}

impl std::error::Error for SloError {}

/// Computes the status of `def` for the service with `fields`, evaluating every query at `at`
/// (the server's current time when `None`).
pub async fn slo_status(
    def: &SloDefinition,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
    at: Option<DateTime<Utc>>,
) -> Result<SloReport, SloError> {
    let plan = QueryPlan::new(&def.sli, fields)?;
    let slo_range = format!("{}d", def.window.days());
    let mut windows = vec![(CountWindow::Slo, slo_range.clone())];
    windows.extend(
        BurnWindow::ALL
            .iter()
            .map(|w| (CountWindow::Burn(*w), w.duration().to_owned())),
    );

    let mut queries: Vec<SloQuery> = Vec::with_capacity(windows.len() * 2);
    for (window, range) in &windows {
        for kind in [CountKind::Good, CountKind::Total] {
            queries.push(SloQuery {
                window: *window,
                kind,
                promql: plan.count_query(kind, range),
                value: None,
            });
        }
    }
    let coverage_promql = coverage::coverage_query(&plan, def.window);
    let (results, coverage_result) = futures_util::join!(
        join_all(queries.iter().map(|q| source.query(&q.promql, at))),
        source.query(&coverage_promql, at)
    );
    for (q, result) in queries.iter_mut().zip(results) {
        q.value = count(result.map_err(|e| classify(source, &q.promql, e))?);
    }
    let coverage = CoverageQuery {
        age_seconds: count(coverage_result.map_err(|e| classify(source, &coverage_promql, e))?),
        promql: coverage_promql,
    };

    let counts = |window: CountWindow| {
        let find = |kind| {
            queries
                .iter()
                .find(|q| q.window == window && q.kind == kind)
                .and_then(|q| q.value)
        };
        WindowCounts {
            good: find(CountKind::Good),
            total: find(CountKind::Total),
        }
    };

    let main = counts(CountWindow::Slo);
    if let (Plan::Latency { .. }, None, Some(_)) = (&plan.plan, main.good, main.total) {
        return Err(plan.bucket_missing(source, &slo_range, at).await);
    }

    let status = slo_status::evaluate(&SloInput {
        objective: def.objective,
        window: def.window,
        counts: main,
        burn: BurnWindow::ALL.map(|w| counts(CountWindow::Burn(w))),
        coverage: coverage.coverage(def.window),
    });
    Ok(SloReport {
        status,
        queries,
        coverage,
        evaluated_at: at,
        source: source.describe(),
    })
}

/// The count a `sum(…)` query returned: `None` for an empty vector.
fn count(value: QueryValue) -> Option<f64> {
    match value {
        QueryValue::Scalar(v) => Some(v),
        QueryValue::Vector(samples) if samples.is_empty() => None,
        // `sum` without `by` gives one sample; add up defensively if a source gives more.
        QueryValue::Vector(samples) => Some(samples.iter().map(|s| s.value).sum()),
    }
}

/// Tells a refused query from a source that could not be asked.
///
/// [`SourceError`] carries only a message; the HTTP source words an API error for a query as
/// "… rejected the query `<promql>`: <errorType>: <message>", and everything else (connection
/// refused, timeout, non-API body) otherwise. API errors saying the server could not run the
/// query now (`timeout`, `canceled`, `unavailable`) count as the source failing, not the query.
/// The integration tests pin these wordings against a real server.
fn classify(source: &dyn MetricsSource, promql: &str, e: SourceError) -> SloError {
    let busy = [": timeout:", ": canceled:", ": unavailable:"]
        .iter()
        .any(|kind| e.message.contains(kind));
    if e.message.contains(" rejected the query `") && !busy {
        SloError::QueryRejected {
            query: promql.to_owned(),
            message: e.message,
        }
    } else {
        SloError::Unreachable {
            source: source.describe(),
            message: e.message,
        }
    }
}
