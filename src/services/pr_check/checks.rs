//! Running a template's repository checks at one commit, inside a service's directory.

use crate::domain::catalog::Tier;
use crate::domain::change::Finding;
use crate::domain::repo_subdir::RepoSubdir;
use crate::domain::template::{CheckSpec, Template};
use crate::verify::CheckResult;
use crate::verify::placeholders::{ServiceFields, fill_spec};
use crate::verify::repo::{RepoSource, Subdir, is_repo_check, run_repo_check};
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
        if let (Some(d), Some(path)) = (dir, result.evidence.path.as_mut()) {
            *path = d.join(path);
        }
        out.push((key.clone(), result));
    }
    out
}

/// A check result as the change judge sees it.
pub fn finding(r: &CheckResult) -> Finding {
    Finding {
        outcome: r.outcome.as_outcome(),
        summary: r.evidence.summary.clone(),
        path: r.evidence.path.clone(),
        line: r.evidence.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Monitoring;
    use crate::verify::CheckOutcome;
    use crate::verify::repo::LocalRepo;

    #[tokio::test]
    async fn evidence_inside_a_directory_points_at_the_repository_path() {
        let root = std::env::temp_dir().join(format!("orrery-prc-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("svc/pay")).unwrap();
        std::fs::write(root.join("svc/pay/Dockerfile"), "FROM x\nUSER root\n").unwrap();
        std::fs::write(root.join("Dockerfile"), "USER app\n").unwrap();
        let checks = vec![(
            "security.non_root".to_owned(),
            CheckSpec::RepoFileContains {
                paths: vec!["Dockerfile".into()],
                pattern: "^USER app".into(),
                case_insensitive: None,
                needs: None,
                near_miss: None,
            },
        )];
        let fields = ServiceFields::new("pay", &Monitoring::default());
        let local = LocalRepo::new(root.clone());
        let dir = RepoSubdir::parse("p", "svc/pay").unwrap();
        let inside = run_at_commit(&checks, &fields, dir.as_ref(), &local).await;
        assert_eq!(inside[0].1.outcome, CheckOutcome::Fail);
        assert_eq!(
            inside[0].1.evidence.path.as_deref(),
            Some("svc/pay/Dockerfile")
        );
        let whole = run_at_commit(&checks, &fields, None, &local).await;
        assert_eq!(whole[0].1.outcome, CheckOutcome::Pass);
        assert_eq!(whole[0].1.evidence.path.as_deref(), Some("Dockerfile"));
        assert_eq!(finding(&whole[0].1).line, Some(1));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn branch_protection_is_not_judged_per_commit() {
        let schema = crate::domain::template::TemplateSchema::compile(
            crate::services::templates::EMBEDDED_SCHEMA,
        )
        .unwrap();
        let t = schema
            .parse("t", crate::services::templates::EMBEDDED_DEFAULT)
            .unwrap();
        let keys: Vec<_> = per_commit_checks(&t, Tier::Tier1)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert!(keys.contains(&"security.non_root".to_owned()));
        assert!(!keys.contains(&"change_management.code_review".to_owned()));
    }
}
