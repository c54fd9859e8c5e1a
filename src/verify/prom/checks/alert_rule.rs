//! `prometheus.alert_rule`: a healthy alerting rule of the service with the required labels,
//! annotations and expression.

use super::{
    Early, LoadedRule, compile, fill_or_error, health_problem, judge_by_health, loaded_rules,
    regex_fields, service_matchers,
};
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::placeholders::ServiceFields;
use crate::verify::prom::selector::{expr_uses_all, format_matchers};
use crate::verify::prom::source::{MetricsSource, Rule, RuleKind};
use crate::verify::{CheckResult, Evidence};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `prometheus.alert_rule`.
pub(super) async fn alert_rule_check(
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
    let observed = match judge_by_health(
        "Alerting",
        &fitting,
        "is loaded, healthy and satisfies the check",
        observed,
    ) {
        Ok(result) => return Ok(result),
        Err(observed) => observed,
    };
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
