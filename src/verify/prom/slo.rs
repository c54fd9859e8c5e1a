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
//! `{{placeholders}}` in the queries are filled from the service first; one the service cannot
//! fill is an error, never a query run with the placeholder left in.

use super::source::{MetricsSource, QueryValue};
use crate::domain::FieldError;
use crate::domain::slo::{Objective, Sli, SliKind, WindowDays};
use crate::domain::slo_status::{
    self, BurnWindow, CountKind, CountWindow, SloInput, SloStatus, WindowCounts,
};
use crate::store::entities::slo;
use crate::verify::SourceError;
use crate::verify::placeholders::{FillError, ServiceFields, fill};
use chrono::{DateTime, Utc};
use futures_util::future::join_all;
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
    pub fn from_model(row: &slo::Model) -> Result<Self, FieldError> {
        let kind = SliKind::parse("sliKind", &row.sli_kind)?;
        Ok(Self {
            sli: Sli::parse(
                kind,
                row.good_query.as_deref(),
                row.total_query.as_deref(),
                row.latency_metric.as_deref(),
                row.latency_threshold_seconds,
            )?,
            objective: Objective::parse("objectivePercent", row.objective_percent)?,
            window: WindowDays::parse("windowDays", i64::from(row.window_days))?,
        })
    }
}

impl TryFrom<&slo::Model> for SloDefinition {
    type Error = FieldError;

    fn try_from(row: &slo::Model) -> Result<Self, Self::Error> {
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

/// How many `le` values [`SloError::BucketMissing`] lists at most.
const NEARBY_BUCKETS: usize = 6;

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
    let results = join_all(queries.iter().map(|q| source.query(&q.promql, at))).await;
    for (q, result) in queries.iter_mut().zip(results) {
        q.value = count(result.map_err(|e| classify(source, &q.promql, e))?);
    }

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
    });
    Ok(SloReport {
        status,
        queries,
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

/// The selectors counted for one SLI, placeholders filled and validated.
struct QueryPlan {
    plan: Plan,
}

enum Plan {
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
    fn new(sli: &Sli, fields: &ServiceFields) -> Result<Self, SloError> {
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

    fn selector(&self, kind: CountKind) -> String {
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

    fn count_query(&self, kind: CountKind, range: &str) -> String {
        format!("sum(increase({}[{range}]))", self.selector(kind))
    }

    /// The error for a threshold that is not a bucket boundary, with the nearest boundaries
    /// seen over the SLO window (left out if they cannot be listed).
    async fn bucket_missing(
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

/// The `le` values closest to `threshold`, in ascending order.
fn nearest_bounds(les: impl Iterator<Item = String>, threshold: f64) -> Vec<String> {
    let mut bounds: Vec<(f64, String)> = les
        .filter_map(|le| {
            let v = match le.as_str() {
                "+Inf" | "Inf" => f64::INFINITY,
                other => other.parse().ok()?,
            };
            Some((v, le))
        })
        .collect();
    bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
    bounds.dedup_by(|a, b| a.0 == b.0);
    // The NEARBY_BUCKETS values around the threshold's position.
    let split = bounds.partition_point(|(v, _)| *v < threshold);
    let start = split
        .saturating_sub(NEARBY_BUCKETS / 2)
        .min(bounds.len().saturating_sub(NEARBY_BUCKETS));
    bounds
        .into_iter()
        .skip(start)
        .take(NEARBY_BUCKETS)
        .map(|(_, le)| le)
        .collect()
}

/// The `le` matcher for a threshold: every spelling exporters and Prometheus versions use for
/// that boundary (`0.25`; `1` and `1.0`; `1e-05` for Go's exponent form of tiny values).
fn le_matcher(threshold: f64) -> String {
    let spellings = le_spellings(threshold);
    if let [only] = spellings.as_slice() {
        format!("le=\"{only}\"")
    } else {
        let alternatives: Vec<String> = spellings
            .iter()
            .map(|s| s.replace('.', "\\\\.").replace('+', "\\\\+"))
            .collect();
        format!("le=~\"{}\"", alternatives.join("|"))
    }
}

fn le_spellings(threshold: f64) -> Vec<String> {
    let plain = format!("{threshold}");
    let mut out = vec![plain.clone()];
    if threshold.fract() == 0.0 {
        out.push(format!("{plain}.0"));
    }
    // Go's strconv 'g' (client_golang) switches to an exponent below 1e-4: 1e-05, 2.5e-07.
    if threshold < 1e-4 {
        let sci = format!("{threshold:e}");
        if let Some((mantissa, exp)) = sci.split_once('e') {
            let exp: i32 = exp.parse().unwrap_or(0);
            let sign = if exp < 0 { '-' } else { '+' };
            out.push(format!("{mantissa}e{sign}{:02}", exp.abs()));
        }
    }
    out
}

/// A series selector split into its metric name and its matchers (the text between braces).
#[derive(Debug, PartialEq)]
struct Selector {
    name: Option<String>,
    matchers: Option<String>,
}

impl Selector {
    /// Parses `name`, `name{…}` or `{…}`; matchers are kept as written (Prometheus checks
    /// them), but quotes are respected when looking for the closing brace.
    fn parse(text: &str) -> Result<Self, String> {
        const HINT: &str = "expected a counter series selector such as \
                            `http_requests_total{job=\"api\",code!~\"5..\"}`; functions, \
                            ranges and operators are added by Orrery";
        let text = text.trim();
        let name_len = text
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
            })
            .map_or(text.len(), |(i, _)| i);
        let (name, rest) = text.split_at(name_len);
        let rest = rest.trim_start();
        let name = (!name.is_empty()).then(|| name.to_owned());
        if rest.is_empty() {
            return match name {
                Some(_) => Ok(Self {
                    name,
                    matchers: None,
                }),
                None => Err(format!("empty query; {HINT}")),
            };
        }
        let Some(body) = rest.strip_prefix('{') else {
            return Err(format!("unexpected `{}`; {HINT}", first_chars(rest)));
        };
        let mut quote: Option<char> = None;
        let mut escaped = false;
        let mut close = None;
        for (i, c) in body.char_indices() {
            match quote {
                Some(q) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' && q != '`' {
                        escaped = true;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '"' | '\'' | '`' => quote = Some(c),
                    '}' => {
                        close = Some(i);
                        break;
                    }
                    '{' | '(' | '[' => {
                        return Err(format!("unexpected `{c}` inside the matchers; {HINT}"));
                    }
                    _ => {}
                },
            }
        }
        let Some(close) = close else {
            return Err(format!("missing closing `}}`; {HINT}"));
        };
        let trailing = body[close + 1..].trim();
        if !trailing.is_empty() {
            return Err(format!(
                "unexpected `{}` after the matchers; {HINT}",
                first_chars(trailing)
            ));
        }
        let inner = body[..close].trim().trim_end_matches(',').trim_end();
        if name.is_none() && inner.is_empty() {
            return Err(format!("empty selector `{{}}`; {HINT}"));
        }
        Ok(Self {
            name,
            matchers: (!inner.is_empty()).then(|| inner.to_owned()),
        })
    }

    fn to_promql(&self) -> String {
        let name = self.name.as_deref().unwrap_or("");
        match &self.matchers {
            Some(m) => format!("{name}{{{m}}}"),
            None => name.to_owned(),
        }
    }
}

fn first_chars(text: &str) -> String {
    let short: String = text.chars().take(20).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::slo_status::Sufficiency;
    use crate::verify::prom::{RuleGroup, Sample, Target};
    use futures_util::future::BoxFuture;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Answers by the selector inside the query and the range: `(needle, answer)`, first match.
    struct Fake {
        answers: Vec<(String, Result<QueryValue, SourceError>)>,
        seen: Mutex<Vec<(String, Option<DateTime<Utc>>)>>,
    }

    impl Fake {
        fn new(answers: Vec<(&str, Result<QueryValue, SourceError>)>) -> Self {
            Self {
                answers: answers
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
                seen: Mutex::default(),
            }
        }
    }

    impl MetricsSource for Fake {
        fn describe(&self) -> String {
            "fake Prometheus".into()
        }

        fn query<'a>(
            &'a self,
            promql: &'a str,
            at: Option<DateTime<Utc>>,
        ) -> BoxFuture<'a, Result<QueryValue, SourceError>> {
            self.seen.lock().unwrap().push((promql.to_owned(), at));
            let answer = self
                .answers
                .iter()
                .find(|(needle, _)| promql.contains(needle.as_str()))
                .map_or(Ok(QueryValue::Vector(Vec::new())), |(_, a)| a.clone());
            Box::pin(async move { answer })
        }

        fn rules(&self) -> BoxFuture<'_, Result<Vec<RuleGroup>, SourceError>> {
            Box::pin(async { Ok(Vec::new()) })
        }

        fn targets(&self) -> BoxFuture<'_, Result<Vec<Target>, SourceError>> {
            Box::pin(async { Ok(Vec::new()) })
        }
    }

    fn one(v: f64) -> Result<QueryValue, SourceError> {
        Ok(QueryValue::Vector(vec![Sample {
            labels: BTreeMap::new(),
            value: v,
        }]))
    }

    fn le(values: &[&str]) -> Result<QueryValue, SourceError> {
        Ok(QueryValue::Vector(
            values
                .iter()
                .map(|v| Sample {
                    labels: BTreeMap::from([("le".to_owned(), (*v).to_owned())]),
                    value: 1.0,
                })
                .collect(),
        ))
    }

    fn fields() -> ServiceFields {
        ServiceFields {
            slug: "checkout".into(),
            job: Some("checkout".into()),
            namespace: None,
            selector: Some("job=\"checkout\"".into()),
        }
    }

    fn ratio(good: &str, total: &str) -> SloDefinition {
        SloDefinition {
            sli: Sli::Ratio {
                good_query: good.into(),
                total_query: total.into(),
            },
            objective: Objective::parse("o", 99.0).unwrap(),
            window: WindowDays::parse("w", 28).unwrap(),
        }
    }

    fn latency(metric: &str, threshold: f64) -> SloDefinition {
        SloDefinition {
            sli: Sli::Latency {
                metric: metric.into(),
                threshold_seconds: threshold,
            },
            ..ratio("a", "b")
        }
    }

    fn run(
        def: &SloDefinition,
        source: &Fake,
        at: Option<DateTime<Utc>>,
    ) -> Result<SloReport, SloError> {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(slo_status(def, &fields(), source, at))
    }

    #[test]
    fn ratio_queries_count_occurrences_per_window() {
        let def = ratio(
            r#"http_requests_total{ {{selector}}, code!~"5.." }"#,
            "http_requests_total{ {{selector}} }",
        );
        let source = Fake::new(vec![
            ("code!~\"5..\"}[28d]", one(99_500.0)),
            ("}[28d]", one(100_000.0)),
            ("code!~\"5..\"}[1h]", one(90.0)),
            ("}[1h]", one(100.0)),
        ]);
        let at = DateTime::from_timestamp(1_700_000_000, 0);
        let report = run(&def, &source, at).unwrap();
        let queries: Vec<&str> = report.queries.iter().map(|q| q.promql.as_str()).collect();
        assert_eq!(
            queries[..4],
            [
                r#"sum(increase(http_requests_total{job="checkout", code!~"5.."}[28d]))"#,
                r#"sum(increase(http_requests_total{job="checkout"}[28d]))"#,
                r#"sum(increase(http_requests_total{job="checkout", code!~"5.."}[1h]))"#,
                r#"sum(increase(http_requests_total{job="checkout"}[1h]))"#,
            ]
        );
        assert_eq!(queries.len(), 10);
        assert!(queries[9].ends_with("[3d]))"));
        assert!(source.seen.lock().unwrap().iter().all(|(_, a)| *a == at));
        assert_eq!(report.evaluated_at, at);
        assert_eq!(report.source, "fake Prometheus");
        assert_eq!(report.queries[0].value, Some(99_500.0));
        assert_eq!(report.queries[4].value, None);

        let s = &report.status;
        assert_eq!(s.sufficiency, Sufficiency::Sufficient);
        assert!((s.attainment.unwrap() - 0.995).abs() < 1e-12);
        assert!((s.budget.unwrap().consumed - 0.5).abs() < 1e-9);
        assert!((s.burn_rate(BurnWindow::OneHour).rate.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(s.burn_rate(BurnWindow::SixHours).rate, None);
    }

    #[test]
    fn latency_queries_use_bucket_and_count() {
        let def = latency("http_request_duration_seconds{ {{selector}} }", 0.25);
        let source = Fake::new(vec![
            ("le=\"0.25\"}[28d]", one(9_990.0)),
            ("_count{job=\"checkout\"}[28d]", one(10_000.0)),
        ]);
        let report = run(&def, &source, None).unwrap();
        assert_eq!(
            report.queries[0].promql,
            r#"sum(increase(http_request_duration_seconds_bucket{job="checkout",le="0.25"}[28d]))"#
        );
        assert_eq!(
            report.queries[1].promql,
            r#"sum(increase(http_request_duration_seconds_count{job="checkout"}[28d]))"#
        );
        assert!((report.status.attainment.unwrap() - 0.999).abs() < 1e-12);

        // No matchers, `_bucket` tolerated, whole-number thresholds match `1` and `1.0`.
        let def = latency("rpc_seconds_bucket", 1.0);
        let report = run(&def, &Fake::new(vec![]), None).unwrap();
        assert_eq!(
            report.queries[0].promql,
            r#"sum(increase(rpc_seconds_bucket{le=~"1|1\\.0"}[28d]))"#
        );
        assert_eq!(
            report.queries[1].promql,
            "sum(increase(rpc_seconds_count[28d]))"
        );
        assert_eq!(report.status.sufficiency, Sufficiency::NoData);
    }

    #[test]
    fn le_spellings_cover_exporters_and_prometheus_3() {
        assert_eq!(le_spellings(0.3), ["0.3"]);
        assert_eq!(le_spellings(2.5), ["2.5"]);
        assert_eq!(le_spellings(10.0), ["10", "10.0"]);
        assert_eq!(le_spellings(0.00001), ["0.00001", "1e-05"]);
        assert_eq!(le_spellings(0.0001), ["0.0001"]);
        assert_eq!(le_matcher(0.5), "le=\"0.5\"");
        assert_eq!(le_matcher(2.5e-7), r#"le=~"0\\.00000025|2\\.5e-07""#);
    }

    #[test]
    fn missing_bucket_lists_nearby_boundaries() {
        let def = latency("http_request_duration_seconds{job=\"checkout\"}", 0.3);
        let source = Fake::new(vec![
            (
                "group by (le)",
                le(&[
                    "0.005", "0.01", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf",
                ]),
            ),
            ("_count", one(10_000.0)),
        ]);
        let e = run(&def, &source, None).unwrap_err();
        assert_eq!(
            e,
            SloError::BucketMissing {
                metric: r#"http_request_duration_seconds_bucket{job="checkout"}"#.into(),
                threshold_seconds: 0.3,
                nearby: vec![
                    "0.05".into(),
                    "0.1".into(),
                    "0.25".into(),
                    "0.5".into(),
                    "1".into(),
                    "2.5".into()
                ],
            }
        );
        assert!(e.to_string().contains("no bucket le=\"0.3\""), "{e}");
        assert!(
            e.to_string().contains("nearest: 0.05, 0.1, 0.25, 0.5"),
            "{e}"
        );
        let listing = &source.seen.lock().unwrap()[10].0;
        assert_eq!(
            listing,
            r#"group by (le) (last_over_time(http_request_duration_seconds_bucket{job="checkout"}[28d]))"#
        );
    }

    #[test]
    fn nearest_bounds_near_the_ends() {
        let les = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let all = les(&["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "+Inf"]);
        assert_eq!(
            nearest_bounds(all.clone().into_iter(), 0.01),
            les(&["0.1", "0.2", "0.3", "0.4", "0.5", "0.6"])
        );
        assert_eq!(
            nearest_bounds(all.into_iter(), 100.0),
            les(&["0.3", "0.4", "0.5", "0.6", "0.7", "+Inf"])
        );
        assert_eq!(
            nearest_bounds(les(&["1", "1.0", "x"]).into_iter(), 2.0),
            les(&["1"])
        );
    }

    #[test]
    fn no_series_is_no_data() {
        let report = run(&ratio("a_total", "b_total"), &Fake::new(vec![]), None).unwrap();
        assert_eq!(report.status.sufficiency, Sufficiency::NoData);
        assert!(report.queries.iter().all(|q| q.value.is_none()));
    }

    #[test]
    fn missing_placeholder_is_an_error_and_nothing_is_queried() {
        let def = ratio(
            "ok_total{namespace=\"{{namespace}}\"}",
            "all_total{namespace=\"{{namespace}}\"}",
        );
        let source = Fake::new(vec![]);
        let e = run(&def, &source, None).unwrap_err();
        assert_eq!(
            e,
            SloError::Placeholder {
                field: "goodQuery",
                error: FillError::Missing {
                    placeholder: "namespace".into()
                }
            }
        );
        assert!(e.to_string().starts_with("goodQuery: "), "{e}");
        assert!(e.to_string().contains("monitoring.namespace"), "{e}");
        assert!(source.seen.lock().unwrap().is_empty());
    }

    #[test]
    fn expressions_are_refused_before_sending() {
        for (good, why) in [
            ("sum(rate(x_total[5m]))", "unexpected `(rate(x_total[5m]))`"),
            ("x_total[5m]", "unexpected `[5m]`"),
            ("x_total{a=\"b\"} offset 1h", "after the matchers"),
            ("x_total{a=\"b\"", "missing closing"),
            ("{}", "empty selector"),
            ("  ", "empty query"),
            ("x_total / y_total", "unexpected `/ y_total`"),
        ] {
            let source = Fake::new(vec![]);
            let e = run(&ratio(good, "y_total"), &source, None).unwrap_err();
            match &e {
                SloError::InvalidQuery { field, message, .. } => {
                    assert_eq!(*field, "goodQuery");
                    assert!(message.contains(why), "{good}: {message}");
                }
                other => panic!("{good}: {other:?}"),
            }
            assert!(source.seen.lock().unwrap().is_empty());
        }
        let e = run(&latency("{job=\"a\"}", 0.5), &Fake::new(vec![]), None).unwrap_err();
        assert!(matches!(
            e,
            SloError::InvalidQuery {
                field: "latencyMetric",
                ..
            }
        ));
    }

    #[test]
    fn selectors_keep_quoted_braces_and_normalise_trailing_commas() {
        let s = Selector::parse(r#"x_total{path="/a}b", re=~'c\'}' , }"#).unwrap();
        assert_eq!(s.name.as_deref(), Some("x_total"));
        assert_eq!(s.matchers.as_deref(), Some(r#"path="/a}b", re=~'c\'}'"#));
        let s = Selector::parse(r#"{__name__="x_total"}"#).unwrap();
        assert_eq!(s.to_promql(), r#"{__name__="x_total"}"#);
        assert_eq!(
            Selector::parse("ns:x_total:sum").unwrap().to_promql(),
            "ns:x_total:sum"
        );
        assert!(Selector::parse("1x").is_err());
    }

    #[test]
    fn source_errors_are_told_apart() {
        let rejected = SourceError::new(
            "Prometheus at http://p rejected the query `x`: bad_data: parse error at char 3",
        );
        let down = SourceError::new("Prometheus at http://p is unreachable: connection refused");
        let source = Fake::new(vec![("[28d]", Err(rejected))]);
        let e = run(&ratio("a_total", "b_total"), &source, None).unwrap_err();
        assert!(
            matches!(&e, SloError::QueryRejected { query, message }
                if query.contains("a_total") && message.contains("bad_data")),
            "{e:?}"
        );
        let source = Fake::new(vec![("", Err(down))]);
        let e = run(&ratio("a_total", "b_total"), &source, None).unwrap_err();
        assert!(
            matches!(&e, SloError::Unreachable { source, message }
                if source == "fake Prometheus" && message.contains("connection refused")),
            "{e:?}"
        );
        // The server timing out is the source failing, not the query being wrong.
        let busy = SourceError::new(
            "Prometheus at http://p rejected the query `x`: timeout: query timed out in expression evaluation",
        );
        let source = Fake::new(vec![("", Err(busy))]);
        let e = run(&ratio("a_total", "b_total"), &source, None).unwrap_err();
        assert!(matches!(e, SloError::Unreachable { .. }), "{e:?}");
    }

    #[test]
    fn definition_from_a_stored_row() {
        let now = DateTime::from_timestamp(0, 0).unwrap();
        let mut row = slo::Model {
            id: 1,
            service_id: 1,
            name: "latency".into(),
            description: None,
            sli_kind: "latency".into(),
            good_query: None,
            total_query: None,
            latency_metric: Some("h_seconds".into()),
            latency_threshold_seconds: Some(0.25),
            objective_percent: 99.5,
            window_days: 28,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let def = SloDefinition::try_from(&row).unwrap();
        assert_eq!(
            def.sli,
            Sli::Latency {
                metric: "h_seconds".into(),
                threshold_seconds: 0.25
            }
        );
        assert_eq!(def.objective.percent(), 99.5);
        assert_eq!(def.window.days(), 28);
        row.window_days = 0;
        assert_eq!(
            SloDefinition::from_model(&row).unwrap_err().field,
            "windowDays"
        );
        row.window_days = 28;
        row.sli_kind = "ratio".into();
        assert_eq!(
            SloDefinition::from_model(&row).unwrap_err().field,
            "goodQuery"
        );
        row.sli_kind = "weird".into();
        assert_eq!(
            SloDefinition::from_model(&row).unwrap_err().field,
            "sliKind"
        );
    }
}
