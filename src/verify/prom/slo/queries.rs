//! The PromQL an SLI is counted with: its selectors filled, validated and wrapped in
//! `sum(increase(…))`, and the error for a latency threshold that is no bucket boundary.

use super::SloError;
use super::buckets::{le_matcher, nearest_bounds};
use super::selector::Selector;
use crate::domain::slo::Sli;
use crate::domain::slo_status::CountKind;
use crate::verify::placeholders::{ServiceFields, fill};
use crate::verify::prom::source::{MetricsSource, QueryValue};
use chrono::{DateTime, Utc};

/// The selectors counted for one SLI, placeholders filled and validated.
pub(super) struct QueryPlan {
    pub(super) plan: Plan,
}

pub(super) enum Plan {
    Ratio {
        good: String,
        total: String,
    },
    Latency {
        /// The histogram's base name (no `_bucket`).
        base: String,
        /// Its matchers as written, without braces (may be empty).
        matchers: String,
        /// The threshold.
        threshold: f64,
    },
}

impl QueryPlan {
    pub(super) fn new(sli: &Sli, fields: &ServiceFields) -> Result<Self, SloError> {
        let filled = |field: &'static str, text: &str| {
            fill(text, fields).map_err(|error| SloError::Placeholder { field, error })
        };
        let plan = match sli {
            Sli::Ratio {
                good_query,
                total_query,
            } => {
                let good = filled("goodQuery", good_query)?;
                let total = filled("totalQuery", total_query)?;
                let good_sel =
                    Selector::parse(&good).map_err(|message| SloError::InvalidQuery {
                        field: "goodQuery",
                        query: good.clone(),
                        message,
                    })?;
                let total_sel =
                    Selector::parse(&total).map_err(|message| SloError::InvalidQuery {
                        field: "totalQuery",
                        query: total.clone(),
                        message,
                    })?;
                Plan::Ratio {
                    good: good_sel.to_promql(),
                    total: total_sel.to_promql(),
                }
            }
            Sli::Latency {
                metric,
                threshold_seconds,
            } => {
                let text = filled("latencyMetric", metric)?;
                let invalid = |message: String| SloError::InvalidQuery {
                    field: "latencyMetric",
                    query: text.clone(),
                    message,
                };
                let sel = Selector::parse(&text).map_err(invalid)?;
                let Some(name) = sel.name.as_deref() else {
                    return Err(invalid(
                        "name the histogram, e.g. `http_request_duration_seconds{job=\"api\"}`"
                            .into(),
                    ));
                };
                Plan::Latency {
                    base: name.strip_suffix("_bucket").unwrap_or(name).to_owned(),
                    matchers: sel.matchers.clone().unwrap_or_default(),
                    threshold: *threshold_seconds,
                }
            }
        };
        Ok(Self { plan })
    }

    pub(super) fn selector(&self, kind: CountKind) -> String {
        match (&self.plan, kind) {
            (Plan::Ratio { good, .. }, CountKind::Good) => good.clone(),
            (Plan::Ratio { total, .. }, CountKind::Total) => total.clone(),
            (
                Plan::Latency {
                    base,
                    matchers,
                    threshold,
                },
                CountKind::Good,
            ) => {
                let sep = if matchers.is_empty() { "" } else { "," };
                format!("{base}_bucket{{{matchers}{sep}{}}}", le_matcher(*threshold))
            }
            (Plan::Latency { base, matchers, .. }, CountKind::Total) => {
                with_matchers(&format!("{base}_count"), matchers)
            }
        }
    }

    pub(super) fn count_query(&self, kind: CountKind, range: &str) -> String {
        format!("sum(increase({}[{range}]))", self.selector(kind))
    }

    /// The error for a threshold that is not a bucket boundary, with the nearest boundaries
    /// seen over the SLO window (left out if they cannot be listed).
    pub(super) async fn bucket_missing(
        &self,
        source: &dyn MetricsSource,
        range: &str,
        at: Option<DateTime<Utc>>,
    ) -> SloError {
        let Plan::Latency {
            base,
            matchers,
            threshold,
        } = &self.plan
        else {
            unreachable!("only latency SLIs have buckets");
        };
        let metric = with_matchers(&format!("{base}_bucket"), matchers);
        let listing = format!("group by (le) (last_over_time({metric}[{range}]))");
        let nearby = match source.query(&listing, at).await {
            Ok(QueryValue::Vector(samples)) => nearest_bounds(
                samples.iter().filter_map(|s| s.labels.get("le").cloned()),
                *threshold,
            ),
            _ => Vec::new(),
        };
        SloError::BucketMissing {
            metric,
            threshold_seconds: *threshold,
            nearby,
        }
    }
}

/// `name{matchers}`, or just `name` without matchers.
fn with_matchers(name: &str, matchers: &str) -> String {
    if matchers.is_empty() {
        name.to_owned()
    } else {
        format!("{name}{{{matchers}}}")
    }
}
