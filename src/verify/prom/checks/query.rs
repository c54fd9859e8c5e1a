//! `prometheus.query`: an instant query compared with a value; an empty result and a NaN are
//! distinct outcomes.

use super::{EQUALS_TOLERANCE, Early, fill_or_error, format_value, series_name, value_json};
use crate::domain::template::PromOp;
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::placeholders::ServiceFields;
use crate::verify::prom::source::{MetricsSource, QueryValue, Sample};
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn sample_json(sample: &Sample) -> Value {
    json!({ "series": series_name(&sample.labels), "labels": sample.labels, "value": value_json(sample.value) })
}

fn op_text(op: PromOp) -> &'static str {
    match op {
        PromOp::NonEmpty => "non_empty",
        PromOp::Empty => "empty",
        PromOp::Gte => "≥",
        PromOp::Lte => "≤",
        PromOp::Equals => "=",
    }
}

/// Whether `sample` satisfies a comparison (never for NaN).
pub(super) fn compare(op: PromOp, sample: f64, value: f64) -> bool {
    match op {
        PromOp::Gte => sample >= value,
        PromOp::Lte => sample <= value,
        PromOp::Equals => {
            sample == value
                || (sample - value).abs()
                    <= EQUALS_TOLERANCE * sample.abs().max(value.abs()).max(1.0)
        }
        PromOp::NonEmpty | PromOp::Empty => true,
    }
}

/// `prometheus.query`.
pub(super) async fn query_check(
    template: &str,
    op: PromOp,
    value: Option<f64>,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
) -> Early<CheckResult> {
    let promql = fill_or_error(template, fields)?;
    let with_query = |mut result: CheckResult| {
        result.evidence.query = Some(promql.clone());
        result
    };
    let base = json!({ "op": op, "value": value.map(value_json) });
    let comparison = matches!(op, PromOp::Gte | PromOp::Lte | PromOp::Equals);
    let threshold = match value {
        Some(v) if v.is_nan() => {
            return Err(Box::new(with_query(CheckResult::error(
                "The check's `value` is NaN, which nothing can be compared with",
                base,
            ))));
        }
        Some(v) => v,
        None if comparison => {
            return Err(Box::new(with_query(CheckResult::error(
                format!(
                    "`prometheus.query` with op {} needs a `value` to compare with",
                    op_name(op)
                ),
                base,
            ))));
        }
        None => 0.0,
    };
    let answer = source.query(&promql, None).await.map_err(|e| {
        Box::new(with_query(CheckResult::error(
            format!("Could not run the query: {e}"),
            base.clone(),
        )))
    })?;
    let (result_type, samples) = match answer {
        QueryValue::Vector(samples) => ("vector", samples),
        QueryValue::Scalar(v) => (
            "scalar",
            vec![Sample {
                labels: BTreeMap::new(),
                value: v,
            }],
        ),
    };
    let nan: Vec<&Sample> = samples.iter().filter(|s| s.value.is_nan()).collect();
    let result_kind = if samples.is_empty() {
        "empty"
    } else if nan.is_empty() {
        "values"
    } else {
        "nan"
    };
    let mut observed = base;
    if let Some(o) = observed.as_object_mut() {
        o.insert("result".into(), json!(result_kind));
        o.insert("result_type".into(), json!(result_type));
        o.insert("series_count".into(), json!(samples.len()));
        o.insert("nan_count".into(), json!(nan.len()));
        o.insert(
            "samples".into(),
            samples.iter().take(MAX_LISTED).map(sample_json).collect(),
        );
    }
    let first = samples
        .first()
        .map(|s| format!("{} = {}", series_name(&s.labels), format_value(s.value)));
    let result = match op {
        PromOp::NonEmpty if samples.is_empty() => CheckResult::fail(Evidence::new(
            format!("No series matched `{promql}`, so the metric does not exist (yet)"),
            observed,
        )),
        PromOp::NonEmpty => {
            let nan_note = if nan.is_empty() {
                String::new()
            } else {
                format!(" ({} of them NaN)", nan.len())
            };
            CheckResult::pass(Evidence::new(
                format!(
                    "`{promql}` returned {} series{nan_note}, e.g. {}",
                    samples.len(),
                    first.unwrap_or_default()
                ),
                observed,
            ))
        }
        PromOp::Empty if samples.is_empty() => CheckResult::pass(Evidence::new(
            format!("No series matched `{promql}`, as required"),
            observed,
        )),
        PromOp::Empty => CheckResult::fail(Evidence::new(
            format!(
                "`{promql}` returned {} series where none was expected, e.g. {}",
                samples.len(),
                first.unwrap_or_default()
            ),
            observed,
        )),
        _ if samples.is_empty() => CheckResult::fail(Evidence::new(
            format!(
                "No series matched `{promql}`, so there is no value to compare with {} {}",
                op_text(op),
                format_value(threshold)
            ),
            observed,
        )),
        _ if !nan.is_empty() => CheckResult::new(
            CheckOutcome::Error,
            Evidence::new(
                format!(
                    "`{promql}` returned NaN for {} (e.g. 0/0 with no events): cannot compare \
                     it with {} {}",
                    series_name(&nan[0].labels),
                    op_text(op),
                    format_value(threshold)
                ),
                observed,
            ),
        ),
        _ => compared(&promql, op, threshold, &samples, observed),
    };
    Ok(with_query(result))
}

fn op_name(op: PromOp) -> &'static str {
    match op {
        PromOp::NonEmpty => "non_empty",
        PromOp::Empty => "empty",
        PromOp::Gte => "gte",
        PromOp::Lte => "lte",
        PromOp::Equals => "equals",
    }
}

/// `gte`/`lte`/`equals` over samples that exist and are numbers.
fn compared(
    promql: &str,
    op: PromOp,
    threshold: f64,
    samples: &[Sample],
    mut observed: Value,
) -> CheckResult {
    let failing: Vec<&Sample> = samples
        .iter()
        .filter(|s| !compare(op, s.value, threshold))
        .collect();
    if let Some(o) = observed.as_object_mut() {
        o.insert(
            "failing".into(),
            failing
                .iter()
                .take(MAX_LISTED)
                .map(|s| sample_json(s))
                .collect(),
        );
        o.insert("failing_count".into(), json!(failing.len()));
    }
    let wanted = format!("{} {}", op_text(op), format_value(threshold));
    if failing.is_empty() {
        let values: Vec<f64> = samples.iter().map(|s| s.value).collect();
        let (label, extreme) = match op {
            PromOp::Lte => ("highest", values.iter().copied().fold(f64::MIN, f64::max)),
            _ => ("lowest", values.iter().copied().fold(f64::MAX, f64::min)),
        };
        let summary = if samples.len() == 1 {
            format!(
                "`{promql}` = {}, which is {wanted}",
                format_value(samples[0].value)
            )
        } else {
            format!(
                "All {} series of `{promql}` are {wanted} ({label} {})",
                samples.len(),
                format_value(extreme)
            )
        };
        return CheckResult::pass(Evidence::new(summary, observed));
    }
    let shown: Vec<String> = failing
        .iter()
        .map(|s| format!("{} = {}", series_name(&s.labels), format_value(s.value)))
        .collect();
    let summary = if samples.len() == 1 {
        format!(
            "`{promql}` = {}, which is not {wanted}",
            format_value(samples[0].value)
        )
    } else {
        format!(
            "{} of {} series of `{promql}` are not {wanted}: {}",
            failing.len(),
            samples.len(),
            list_some(&shown, 3)
        )
    };
    CheckResult::fail(Evidence::new(summary, observed))
}
