//! Running a Prometheus check (`prometheus.*`) against a [`MetricsSource`].
//!
//! Every string of the spec is filled from the service's fields first; values put into a
//! regular expression (`expr_pattern`, a recording rule's `name`) are regex-escaped so a
//! service name stands for itself. A source that cannot answer, a placeholder the service
//! cannot fill, an invalid pattern, a NaN compared with a number or a rule not evaluated yet
//! is an [`Error`](crate::verify::CheckOutcome::Error): nothing conclusive is known, so it
//! never passes.

mod alert_rule;
mod query;
mod recording_rule;
mod target_up;
#[cfg(test)]
mod tests;

use super::selector::{Matcher, parse_matchers};
use super::source::{MetricsSource, Rule, RuleKind};
use crate::domain::template::CheckSpec;
use crate::verify::CheckResult;
use crate::verify::placeholders::{ServiceFields, fill};
use alert_rule::alert_rule_check;
use query::query_check;
use recording_rule::recording_rule_check;
use regex::Regex;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use target_up::target_up_check;

/// Relative tolerance of `equals`.
const EQUALS_TOLERANCE: f64 = 1e-9;

/// Whether `spec` is a Prometheus check (`prometheus.*`), which [`run_prom_check`] runs.
pub fn is_prom_check(spec: &CheckSpec) -> bool {
    matches!(
        spec,
        CheckSpec::PrometheusQuery { .. }
            | CheckSpec::PrometheusAlertRule { .. }
            | CheckSpec::PrometheusTargetUp { .. }
            | CheckSpec::PrometheusRecordingRule { .. }
    )
}

/// Runs a Prometheus check for the service described by `fields`. Never panics; the
/// evidence's `observed` always carries the `kind`.
pub async fn run_prom_check(
    spec: &CheckSpec,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
) -> CheckResult {
    let mut result = match spec {
        CheckSpec::PrometheusQuery { query, op, value } => {
            query_check(query, *op, *value, fields, source).await
        }
        CheckSpec::PrometheusAlertRule {
            labels,
            annotations,
            expr_pattern,
        } => {
            alert_rule_check(
                labels.as_ref(),
                annotations.as_deref(),
                expr_pattern.as_deref(),
                fields,
                source,
            )
            .await
        }
        CheckSpec::PrometheusTargetUp { min_up_ratio } => {
            target_up_check(*min_up_ratio, fields, source).await
        }
        CheckSpec::PrometheusRecordingRule { name } => {
            recording_rule_check(name, fields, source).await
        }
        _ => Err(Box::new(CheckResult::error(
            format!("`{}` is not a Prometheus check", spec.kind()),
            json!({}),
        ))),
    }
    .unwrap_or_else(|e| *e);
    if !result.evidence.observed.is_object() {
        result.evidence.observed = json!({});
    }
    if let Some(observed) = result.evidence.observed.as_object_mut() {
        observed.insert("kind".into(), json!(spec.kind()));
    }
    result
}

/// A check's early exit: an error (or fail) result built before the main evaluation.
type Early<T> = Result<T, Box<CheckResult>>;

fn fill_or_error(template: &str, fields: &ServiceFields) -> Early<String> {
    fill(template, fields).map_err(|e| {
        Box::new(CheckResult::error(
            format!("Could not fill `{template}`: {e}"),
            json!({ "template": template, "error": e.to_string() }),
        ))
    })
}

/// The service's fields with every value regex-escaped, for filling regular expressions.
fn regex_fields(fields: &ServiceFields) -> ServiceFields {
    let esc = |v: &Option<String>| v.as_deref().map(regex::escape);
    ServiceFields {
        slug: regex::escape(&fields.slug),
        job: esc(&fields.job),
        namespace: esc(&fields.namespace),
        selector: esc(&fields.selector),
    }
}

fn compile(pattern: &str, anchored_start: bool) -> Early<Regex> {
    let source = if anchored_start {
        format!("^(?:{pattern})")
    } else {
        pattern.to_owned()
    };
    Regex::new(&source).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or_default().trim().to_owned();
        Box::new(CheckResult::error(
            format!("Invalid regular expression `{pattern}`: {last}"),
            json!({ "pattern": pattern }),
        ))
    })
}

/// The service's selector as matchers: `Ok(None)` when it has none.
fn service_matchers(fields: &ServiceFields) -> Early<Option<Vec<Matcher>>> {
    let Some(selector) = fields.selector.as_deref().filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let matchers = parse_matchers(selector).map_err(|e| {
        Box::new(CheckResult::error(
            format!("The service's monitoring selector is not a valid list of label matchers: {e}"),
            json!({ "selector": selector }),
        ))
    })?;
    Ok((!matchers.is_empty()).then_some(matchers))
}

/// A value for JSON: numbers when finite, else `"NaN"`, `"+Inf"`, `"-Inf"`.
pub(super) fn value_json(value: f64) -> Value {
    if value.is_finite() {
        json!(value)
    } else {
        json!(format_value(value))
    }
}

/// A value as Prometheus writes it.
pub(super) fn format_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value == f64::INFINITY {
        "+Inf".into()
    } else if value == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        format!("{value}")
    }
}

/// `name{label="value",…}`, or `{}` for a series without labels.
pub(super) fn series_name(labels: &BTreeMap<String, String>) -> String {
    let name = labels.get("__name__").map_or("", String::as_str);
    let rest: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k.as_str() != "__name__")
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect();
    if rest.is_empty() && !name.is_empty() {
        name.to_owned()
    } else {
        format!("{name}{{{}}}", rest.join(","))
    }
}

/// Every rule of the given kind with its group and file.
struct LoadedRule {
    rule: Rule,
    group: String,
    file: String,
}

async fn loaded_rules(source: &dyn MetricsSource, kind: RuleKind) -> Early<Vec<LoadedRule>> {
    let groups = source.rules().await.map_err(|e| {
        Box::new(CheckResult::error(
            format!("Could not read the loaded rules: {e}"),
            json!({ "source": source.describe() }),
        ))
    })?;
    Ok(groups
        .into_iter()
        .flat_map(|g| {
            let (group, file) = (g.name, g.file);
            g.rules.into_iter().map(move |rule| LoadedRule {
                rule,
                group: group.clone(),
                file: file.clone(),
            })
        })
        .filter(|r| r.rule.kind == kind)
        .collect())
}

/// Judges the rules that satisfy a check by their health: a healthy one passes ("{kind} rule
/// NAME … {pass_tail}"), else one not evaluated yet is an error, else a broken one fails.
/// Gives `observed` back when there is no rule to judge.
fn judge_by_health(
    kind: &str,
    rules: &[&LoadedRule],
    pass_tail: &str,
    observed: Value,
) -> Result<CheckResult, Value> {
    use crate::verify::{CheckOutcome, Evidence};
    let named = |r: &LoadedRule| format!("{} ({}, group {})", r.rule.name, r.file, r.group);
    let healthy: Vec<&&LoadedRule> = rules.iter().filter(|r| r.rule.health == "ok").collect();
    if let Some(first) = healthy.first() {
        let more = match healthy.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        return Ok(CheckResult::pass(Evidence::new(
            format!("{kind} rule {}{more} {pass_tail}", named(first)),
            observed,
        )));
    }
    let problem = |r: &LoadedRule| health_problem(&r.rule).unwrap_or_default();
    if let Some(pending) = rules.iter().find(|r| r.rule.health != "err") {
        return Ok(CheckResult::new(
            CheckOutcome::Error,
            Evidence::new(
                format!(
                    "{kind} rule {} {}, so whether it works is not known yet",
                    named(pending),
                    problem(pending)
                ),
                observed,
            ),
        ));
    }
    match rules.first() {
        Some(broken) => Ok(CheckResult::fail(Evidence::new(
            format!("{kind} rule {} {}", named(broken), problem(broken)),
            observed,
        ))),
        None => Err(observed),
    }
}

fn health_problem(rule: &Rule) -> Option<String> {
    match rule.health.as_str() {
        "ok" => None,
        "err" => Some(format!(
            "fails to evaluate: {}",
            rule.last_error.as_deref().unwrap_or("(no error message)")
        )),
        "unknown" => Some("has not been evaluated yet (health unknown)".into()),
        other => Some(format!("has health `{other}`")),
    }
}
