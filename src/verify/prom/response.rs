//! Prometheus API answers: the `{"status", "data"}` envelope and the `data` of queries,
//! rules and targets, parsed into the source's types.

use super::source::{QueryValue, Rule, RuleGroup, RuleKind, Sample, Target};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Why a response body is not a successful API answer.
#[derive(Debug, PartialEq)]
pub(super) enum EnvelopeError {
    /// `status: "error"`.
    Api { kind: String, message: String },
    /// Not the API's JSON shape at all.
    NotApi,
}

/// Unwraps `{"status": "success", "data": …}`.
pub(super) fn parse_envelope(body: &[u8]) -> Result<Value, EnvelopeError> {
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return Err(EnvelopeError::NotApi);
    };
    match value.get("status").and_then(Value::as_str) {
        Some("success") => Ok(value
            .get_mut("data")
            .map(Value::take)
            .unwrap_or(Value::Null)),
        Some("error") => Err(EnvelopeError::Api {
            kind: value
                .get("errorType")
                .and_then(Value::as_str)
                .unwrap_or("error")
                .to_owned(),
            message: value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("(no message)")
                .to_owned(),
        }),
        _ => Err(EnvelopeError::NotApi),
    }
}

/// A sample value as Prometheus writes it: a decimal string, `NaN`, `+Inf` or `-Inf`.
pub(super) fn parse_float(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// `[timestamp, "value"]` → the value.
fn parse_pair(pair: &Value) -> Result<f64, String> {
    let text = pair
        .as_array()
        .filter(|a| a.len() == 2)
        .and_then(|a| a[1].as_str())
        .ok_or_else(|| format!("a sample is not [timestamp, \"value\"]: {pair}"))?;
    parse_float(text).ok_or_else(|| format!("the sample value `{text}` is not a number"))
}

fn string_map(value: Option<&Value>) -> Result<BTreeMap<String, String>, String> {
    match value {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("bad label set {v}: {e}")),
    }
}

/// `data` of `/api/v1/query` → a vector or scalar.
pub(super) fn parse_query_data(data: &Value) -> Result<QueryValue, String> {
    let kind = data
        .get("resultType")
        .and_then(Value::as_str)
        .ok_or("the answer has no resultType")?;
    let result = data.get("result").unwrap_or(&Value::Null);
    match kind {
        "vector" => {
            let items = match result {
                Value::Null => &Vec::new(),
                Value::Array(items) => items,
                _ => return Err("the vector result is not a list".into()),
            };
            let samples = items
                .iter()
                .map(|item| {
                    let labels = string_map(item.get("metric"))?;
                    let value = match item.get("value") {
                        Some(pair) => parse_pair(pair)?,
                        None if item.get("histogram").is_some() => {
                            return Err("it returned native histogram samples, which checks \
                                        cannot compare; apply histogram_count(), \
                                        histogram_sum() or histogram_quantile()"
                                .to_owned());
                        }
                        None => return Err(format!("a sample has no value: {item}")),
                    };
                    Ok(Sample { labels, value })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(QueryValue::Vector(samples))
        }
        "scalar" => Ok(QueryValue::Scalar(parse_pair(result)?)),
        "matrix" => Err(
            "it returned a range vector (matrix); checks need an instant vector or \
                         a scalar, e.g. wrap the range selector in rate() or last_over_time()"
                .into(),
        ),
        other => Err(format!(
            "it returned a {other}; checks need an instant vector or a scalar"
        )),
    }
}

#[derive(Deserialize)]
struct ApiRules {
    #[serde(default)]
    groups: Option<Vec<ApiGroup>>,
}

#[derive(Deserialize)]
struct ApiGroup {
    name: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    rules: Option<Vec<ApiRule>>,
}

#[derive(Deserialize)]
struct ApiRule {
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    annotations: Option<BTreeMap<String, String>>,
    #[serde(default)]
    health: Option<String>,
    #[serde(default, rename = "lastError")]
    last_error: Option<String>,
    #[serde(rename = "type")]
    kind: String,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// `data` of `/api/v1/rules` → rule groups in the server's order.
pub(super) fn parse_rules_data(data: Value) -> Result<Vec<RuleGroup>, String> {
    let rules: ApiRules =
        serde_json::from_value(data).map_err(|e| format!("unexpected rules answer: {e}"))?;
    rules
        .groups
        .unwrap_or_default()
        .into_iter()
        .map(|g| {
            let rules = g
                .rules
                .unwrap_or_default()
                .into_iter()
                .map(|r| {
                    let kind = match r.kind.as_str() {
                        "alerting" => RuleKind::Alerting,
                        "recording" => RuleKind::Recording,
                        other => {
                            return Err(format!("rule `{}` has unknown type `{other}`", r.name));
                        }
                    };
                    Ok(Rule {
                        kind,
                        name: r.name,
                        query: r.query,
                        labels: r.labels.unwrap_or_default(),
                        annotations: r.annotations.unwrap_or_default(),
                        health: non_empty(r.health).unwrap_or_else(|| "unknown".into()),
                        last_error: non_empty(r.last_error),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(RuleGroup {
                name: g.name,
                file: g.file,
                rules,
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct ApiTargets {
    #[serde(default, rename = "activeTargets")]
    active: Option<Vec<ApiTarget>>,
}

#[derive(Deserialize)]
struct ApiTarget {
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default, rename = "scrapeUrl")]
    scrape_url: String,
    #[serde(default)]
    health: Option<String>,
    #[serde(default, rename = "lastError")]
    last_error: Option<String>,
}

/// `data` of `/api/v1/targets?state=active` → the active targets.
pub(super) fn parse_targets_data(data: Value) -> Result<Vec<Target>, String> {
    let targets: ApiTargets =
        serde_json::from_value(data).map_err(|e| format!("unexpected targets answer: {e}"))?;
    Ok(targets
        .active
        .unwrap_or_default()
        .into_iter()
        .map(|t| Target {
            labels: t.labels.unwrap_or_default(),
            scrape_url: t.scrape_url,
            health: non_empty(t.health).unwrap_or_else(|| "unknown".into()),
            last_error: non_empty(t.last_error),
        })
        .collect())
}
