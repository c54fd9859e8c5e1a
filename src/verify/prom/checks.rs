//! Running a Prometheus check (`prometheus.*`) against a [`MetricsSource`].
//!
//! Every string of the spec is filled from the service's fields first; values put into a
//! regular expression (`expr_pattern`, a recording rule's `name`) are regex-escaped so a
//! service name stands for itself. A source that cannot answer, a placeholder the service
//! cannot fill, an invalid pattern, a NaN compared with a number or a rule not evaluated yet
//! is an [`CheckOutcome::Error`]: nothing conclusive is known, so it never passes.

use super::selector::{Matcher, expr_uses_all, format_matchers, matches_all, parse_matchers};
use super::source::{MetricsSource, QueryValue, Rule, RuleKind, Sample, Target};
use crate::domain::template::{CheckSpec, PromOp};
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::placeholders::{ServiceFields, fill};
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use regex::Regex;
use serde_json::{Value, json};
use std::collections::BTreeMap;

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
async fn query_check(
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

/// `prometheus.alert_rule`.
async fn alert_rule_check(
    labels: Option<&BTreeMap<String, String>>,
    annotations: Option<&[String]>,
    expr_pattern: Option<&str>,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
) -> Early<CheckResult> {
    let mut required_labels = BTreeMap::new();
    for (k, v) in labels.into_iter().flatten() {
        required_labels.insert(fill_or_error(k, fields)?, fill_or_error(v, fields)?);
    }
    let required_annotations = annotations
        .unwrap_or_default()
        .iter()
        .map(|a| fill_or_error(a, fields))
        .collect::<Early<Vec<_>>>()?;
    let pattern = expr_pattern
        .map(|p| fill_or_error(p, &regex_fields(fields)))
        .transpose()?;
    let regex = pattern.as_deref().map(|p| compile(p, false)).transpose()?;
    let matchers = service_matchers(fields)?;
    let selector = matchers.as_deref().map(format_matchers);
    let rules = loaded_rules(source, RuleKind::Alerting).await?;

    let mut observed = json!({
        "selector": selector,
        "service_label": fields.slug,
        "required_labels": required_labels,
        "required_annotations": required_annotations,
        "expr_pattern": pattern,
        "alerting_rules_loaded": rules.len(),
    });
    let belongs = |r: &Rule| -> Option<&'static str> {
        if r.labels.get("service") == Some(&fields.slug) {
            Some("service label")
        } else if matchers
            .as_deref()
            .is_some_and(|m| expr_uses_all(&r.query, m))
        {
            Some("selector in expression")
        } else {
            None
        }
    };
    let candidates: Vec<(&LoadedRule, &'static str, Vec<String>)> = rules
        .iter()
        .filter_map(|r| {
            let why = belongs(&r.rule)?;
            let mut problems = Vec::new();
            for (k, want) in &required_labels {
                match r.rule.labels.get(k) {
                    Some(have) if have == want => {}
                    Some(have) => problems.push(format!("label {k} is {have:?}, not {want:?}")),
                    None => problems.push(format!("label {k} is missing")),
                }
            }
            for a in &required_annotations {
                match r.rule.annotations.get(a) {
                    Some(text) if !text.trim().is_empty() => {}
                    Some(_) => problems.push(format!("annotation {a} is empty")),
                    None => problems.push(format!("annotation {a} is missing")),
                }
            }
            if let (Some(re), Some(p)) = (&regex, &pattern)
                && !re.is_match(&r.rule.query)
            {
                problems.push(format!("expression does not match `{p}`"));
            }
            Some((r, why, problems))
        })
        .collect();
    let listed: Vec<Value> = candidates
        .iter()
        .take(MAX_LISTED * 2)
        .map(|(r, why, problems)| {
            let mut all = problems.clone();
            all.extend(health_problem(&r.rule));
            json!({
                "name": r.rule.name,
                "group": r.group,
                "file": r.file,
                "expr": r.rule.query,
                "health": r.rule.health,
                "last_error": r.rule.last_error,
                "belongs_by": why,
                "satisfies": all.is_empty(),
                "problems": all,
            })
        })
        .collect();
    if let Some(o) = observed.as_object_mut() {
        o.insert("candidate_count".into(), json!(candidates.len()));
        o.insert("candidates".into(), Value::Array(listed));
    }

    if candidates.is_empty() {
        let others: Vec<String> = rules
            .iter()
            .filter(|r| regex.as_ref().is_none_or(|re| re.is_match(&r.rule.query)))
            .map(|r| format!("{} ({})", r.rule.name, r.file))
            .collect();
        if let Some(o) = observed.as_object_mut() {
            o.insert(
                "other_rules".into(),
                json!(others.iter().take(MAX_LISTED).collect::<Vec<_>>()),
            );
        }
        let summary = match &selector {
            Some(sel) => format!(
                "No loaded alerting rule belongs to the service: none uses every matcher of \
                 `{sel}` in its expression or carries the label service=\"{}\" ({} alerting \
                 rules loaded{})",
                fields.slug,
                rules.len(),
                if others.is_empty() {
                    String::new()
                } else {
                    format!(", e.g. {}", list_some(&others, 3))
                }
            ),
            None => format!(
                "The service has no monitoring selector to match rule expressions against, and \
                 no loaded alerting rule carries the label service=\"{}\"; set its monitoring \
                 job or label the rules",
                fields.slug
            ),
        };
        return Ok(CheckResult::fail(Evidence::new(summary, observed)));
    }

    let fitting: Vec<&LoadedRule> = candidates
        .iter()
        .filter(|(_, _, problems)| problems.is_empty())
        .map(|(r, _, _)| *r)
        .collect();
    let named = |r: &LoadedRule| format!("{} ({}, group {})", r.rule.name, r.file, r.group);
    if let Some(ok) = fitting.iter().find(|r| r.rule.health == "ok") {
        let more = fitting.iter().filter(|r| r.rule.health == "ok").count() - 1;
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        return Ok(CheckResult::pass(Evidence::new(
            format!(
                "Alerting rule {}{more} is loaded, healthy and satisfies the check",
                named(ok)
            ),
            observed,
        )));
    }
    if let Some(pending) = fitting.iter().find(|r| r.rule.health != "err") {
        return Ok(CheckResult::new(
            CheckOutcome::Error,
            Evidence::new(
                format!(
                    "Alerting rule {} {}, so whether it works is not known yet",
                    named(pending),
                    health_problem(&pending.rule).unwrap_or_default()
                ),
                observed,
            ),
        ));
    }
    if let Some(broken) = fitting.first() {
        return Ok(CheckResult::fail(Evidence::new(
            format!(
                "Alerting rule {} {}",
                named(broken),
                health_problem(&broken.rule).unwrap_or_default()
            ),
            observed,
        )));
    }
    let mut reasons: Vec<String> = candidates
        .iter()
        .take(3)
        .map(|(r, _, problems)| format!("{} ({})", r.rule.name, problems.join(", ")))
        .collect();
    if candidates.len() > 3 {
        reasons.push(format!("{} more", candidates.len() - 3));
    }
    Ok(CheckResult::fail(Evidence::new(
        format!(
            "None of the service's {} alerting rules satisfies the check: {}",
            candidates.len(),
            reasons.join("; ")
        ),
        observed,
    )))
}

/// `prometheus.target_up`.
async fn target_up_check(
    min_up_ratio: Option<f64>,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
) -> Early<CheckResult> {
    let min = min_up_ratio.unwrap_or(1.0);
    if !(0.0..=1.0).contains(&min) {
        return Err(Box::new(CheckResult::error(
            format!(
                "`min_up_ratio` must be between 0 and 1, not {}",
                format_value(min)
            ),
            json!({ "min_up_ratio": value_json(min) }),
        )));
    }
    let Some(matchers) = service_matchers(fields)? else {
        return Ok(CheckResult::fail(Evidence::new(
            "The service has no monitoring selector, so no scrape target can be attributed to \
             it; set its monitoring job, namespace or matchers",
            json!({ "selector": null, "min_up_ratio": min }),
        )));
    };
    let selector = format_matchers(&matchers);
    let targets = source.targets().await.map_err(|e| {
        Box::new(CheckResult::error(
            format!("Could not read the scrape targets: {e}"),
            json!({ "selector": selector, "source": source.describe() }),
        ))
    })?;
    let matched: Vec<&Target> = targets
        .iter()
        .filter(|t| matches_all(&matchers, &t.labels))
        .collect();
    let target_json = |t: &Target| {
        json!({
            "scrape_url": t.scrape_url,
            "health": t.health,
            "last_error": t.last_error,
            "job": t.labels.get("job"),
            "instance": t.labels.get("instance"),
        })
    };
    let up = matched.iter().filter(|t| t.health == "up").count();
    let down: Vec<&&Target> = matched.iter().filter(|t| t.health == "down").collect();
    let unknown = matched.len() - up - down.len();
    let mut observed = json!({
        "selector": selector,
        "min_up_ratio": min,
        "active_targets": targets.len(),
        "matched": matched.len(),
        "up": up,
        "down": down.len(),
        "unknown": unknown,
        "targets": matched.iter().take(MAX_LISTED * 2).map(|t| target_json(t)).collect::<Vec<_>>(),
        "down_targets": down.iter().take(MAX_LISTED).map(|t| target_json(t)).collect::<Vec<_>>(),
    });
    if matched.is_empty() {
        let mut jobs: Vec<String> = targets
            .iter()
            .filter_map(|t| t.labels.get("job").cloned())
            .collect();
        jobs.sort();
        jobs.dedup();
        if let Some(o) = observed.as_object_mut() {
            o.insert(
                "jobs_seen".into(),
                json!(jobs.iter().take(MAX_LISTED).collect::<Vec<_>>()),
            );
        }
        return Ok(CheckResult::fail(Evidence::new(
            format!(
                "No scrape targets match {selector} ({} active targets{})",
                targets.len(),
                if jobs.is_empty() {
                    String::new()
                } else {
                    format!(", jobs {}", list_some(&jobs, 5))
                }
            ),
            observed,
        )));
    }
    #[allow(clippy::cast_precision_loss)]
    let ratio = |n: usize| n as f64 / matched.len() as f64;
    if let Some(o) = observed.as_object_mut() {
        o.insert("up_ratio".into(), json!(ratio(up)));
    }
    let share = format!(
        "{up} of {} scrape targets matching {selector} are up",
        matched.len()
    );
    let required = format!("at least {}% required", format_value(min * 100.0));
    if ratio(up) + EQUALS_TOLERANCE >= min {
        return Ok(CheckResult::pass(Evidence::new(
            format!("{share} ({required})"),
            observed,
        )));
    }
    let down_text: Vec<String> = down
        .iter()
        .map(|t| match &t.last_error {
            Some(e) => format!("{} ({e})", t.scrape_url),
            None => t.scrape_url.clone(),
        })
        .collect();
    if ratio(up + unknown) + EQUALS_TOLERANCE >= min {
        return Ok(CheckResult::new(
            CheckOutcome::Error,
            Evidence::new(
                format!(
                    "{share} and {unknown} not scraped yet, so whether {required} holds is not \
                     known yet"
                ),
                observed,
            ),
        ));
    }
    let down_note = if down_text.is_empty() {
        String::new()
    } else {
        format!("; down: {}", list_some(&down_text, 3))
    };
    Ok(CheckResult::fail(Evidence::new(
        format!("{share}, below the {required}{down_note}"),
        observed,
    )))
}

/// `prometheus.recording_rule`: the name regex is anchored at the start (`^(?:…)`), so a
/// pattern names a rule or a prefix of rule names.
async fn recording_rule_check(
    name: &str,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
) -> Early<CheckResult> {
    let pattern = fill_or_error(name, &regex_fields(fields))?;
    let regex = compile(&pattern, true)?;
    let rules = loaded_rules(source, RuleKind::Recording).await?;
    let matched: Vec<&LoadedRule> = rules
        .iter()
        .filter(|r| regex.is_match(&r.rule.name))
        .collect();
    let observed = json!({
        "name_pattern": pattern,
        "recording_rules_loaded": rules.len(),
        "matched_count": matched.len(),
        "matched": matched.iter().take(MAX_LISTED * 2).map(|r| json!({
            "name": r.rule.name,
            "group": r.group,
            "file": r.file,
            "expr": r.rule.query,
            "health": r.rule.health,
            "last_error": r.rule.last_error,
        })).collect::<Vec<_>>(),
    });
    let named = |r: &LoadedRule| format!("{} ({}, group {})", r.rule.name, r.file, r.group);
    let healthy: Vec<&&LoadedRule> = matched.iter().filter(|r| r.rule.health == "ok").collect();
    if let Some(first) = healthy.first() {
        let more = if healthy.len() > 1 {
            format!(" and {} more", healthy.len() - 1)
        } else {
            String::new()
        };
        return Ok(CheckResult::pass(Evidence::new(
            format!(
                "Recording rule {}{more} matches `{pattern}` and is healthy",
                named(first)
            ),
            observed,
        )));
    }
    if let Some(pending) = matched.iter().find(|r| r.rule.health != "err") {
        return Ok(CheckResult::new(
            CheckOutcome::Error,
            Evidence::new(
                format!(
                    "Recording rule {} {}, so whether it works is not known yet",
                    named(pending),
                    health_problem(&pending.rule).unwrap_or_default()
                ),
                observed,
            ),
        ));
    }
    if let Some(broken) = matched.first() {
        return Ok(CheckResult::fail(Evidence::new(
            format!(
                "Recording rule {} {}",
                named(broken),
                health_problem(&broken.rule).unwrap_or_default()
            ),
            observed,
        )));
    }
    Ok(CheckResult::fail(Evidence::new(
        format!(
            "No loaded recording rule is named like `{pattern}` ({} recording rules loaded)",
            rules.len()
        ),
        observed,
    )))
}
