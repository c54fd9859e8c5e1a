//! `prometheus.recording_rule`: a healthy recording rule with a matching name is loaded.

use super::{
    Early, LoadedRule, compile, fill_or_error, judge_by_health, loaded_rules, regex_fields,
};
use crate::verify::listing::MAX_LISTED;
use crate::verify::placeholders::ServiceFields;
use crate::verify::prom::source::{MetricsSource, RuleKind};
use crate::verify::{CheckResult, Evidence};
use serde_json::json;

/// `prometheus.recording_rule`: the name regex is anchored at the start (`^(?:…)`), so a
/// pattern names a rule or a prefix of rule names.
pub(super) async fn recording_rule_check(
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
    let observed = match judge_by_health(
        "Recording",
        &matched,
        &format!("matches `{pattern}` and is healthy"),
        observed,
    ) {
        Ok(result) => return Ok(result),
        Err(observed) => observed,
    };
    Ok(CheckResult::fail(Evidence::new(
        format!(
            "No loaded recording rule is named like `{pattern}` ({} recording rules loaded)",
            rules.len()
        ),
        observed,
    )))
}
