//! Running a template's repository checks at one commit, inside a service's directory.

use crate::domain::catalog::Tier;
use crate::domain::change::Finding;
use crate::domain::repo_subdir::RepoSubdir;
use crate::domain::review::Outcome;
use crate::domain::template::{CheckSpec, Template};
use crate::verify::placeholders::{ServiceFields, fill_spec};
use crate::verify::repo::{RepoSource, Subdir, is_repo_check, run_repo_check};
use crate::verify::{CheckOutcome, CheckResult};
use serde_json::json;

/// The template's items a commit can answer: repository checks that apply to `tier`, except
/// branch protection (a setting of the repository, the same at every commit).
pub fn per_commit_checks(template: &Template, tier: Tier) -> Vec<(String, CheckSpec)> {
    template
        .items()
        .filter(|(_, i)| i.applies_to(tier))
        .filter_map(|(_, i)| i.check.as_ref().map(|c| (i.key.clone(), c.clone())))
        .filter(|(_, c)| is_repo_check(c) && !matches!(c, CheckSpec::RepoBranchProtection { .. }))
        .collect()
}

/// Runs `checks` against `source` seen from `dir` (the whole repository when `None`).
/// Evidence paths come back relative to the repository root, so annotations land on the
/// right file.
pub async fn run_at_commit(
    checks: &[(String, CheckSpec)],
    fields: &ServiceFields,
    dir: Option<&RepoSubdir>,
    source: &dyn RepoSource,
) -> Vec<(String, CheckResult)> {
    let sub = dir.map(|d| Subdir::new(source, d.clone()));
    let view: &dyn RepoSource = match &sub {
        Some(s) => s,
        None => source,
    };
    let mut out = Vec::with_capacity(checks.len());
    for (key, spec) in checks {
        let mut result = match fill_spec(spec, fields) {
            Ok(spec) => run_repo_check(&spec, view).await,
            Err(e) => CheckResult::error(e.to_string(), json!({"kind": spec.kind()})),
        };
        if let Some(d) = dir
            && let Some(path) = result.evidence.path.take()
        {
            result.evidence.path = Some(d.join(&path));
        }
        out.push((key.clone(), result));
    }
    out
}

/// A check result as the change judge sees it.
pub fn finding(r: &CheckResult) -> Finding {
    Finding {
        outcome: outcome(r.outcome),
        summary: r.evidence.summary.clone(),
        path: r.evidence.path.clone(),
        line: r.evidence.line,
    }
}

/// The review outcome a check outcome records.
pub fn outcome(o: CheckOutcome) -> Outcome {
    match o {
        CheckOutcome::Pass => Outcome::Pass,
        CheckOutcome::Fail => Outcome::Fail,
        CheckOutcome::Error => Outcome::Error,
        CheckOutcome::NotApplicable => Outcome::NotApplicable,
    }
}
