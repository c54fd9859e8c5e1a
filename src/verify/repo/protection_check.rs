//! `repo.branch_protection`: only a hosting service knows a branch's rules.

use super::source::{BranchProtection, RepoSource};
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use serde_json::json;

/// What `repo.branch_protection` asks of a branch.
#[derive(Debug, Clone, Copy)]
pub(super) struct Needs {
    /// Required approving reviews.
    pub(super) reviews: u32,
    /// Status checks must be required too.
    pub(super) status_checks: bool,
}

/// `repo.branch_protection`: only a hosting service knows branch rules; the effective
/// requirement is the strongest over classic protection and every active ruleset.
pub(super) async fn branch_protection(
    source: &dyn RepoSource,
    branch: Option<&str>,
    needs: Needs,
) -> CheckResult {
    let kind = "repo.branch_protection";
    if !source.supports_branch_protection() {
        return CheckResult::new(
            CheckOutcome::NotApplicable,
            Evidence::new(
                "branch protection can only be read from GitHub; this is a local checkout",
                json!({ "kind": kind, "source": source.describe() }),
            ),
        );
    }
    match source.branch_protection(branch).await {
        Ok(protection) => judge_protection(&protection, needs),
        Err(e) => CheckResult::error(
            format!(
                "Could not read the branch protection of {}: {e}",
                source.describe()
            ),
            json!({ "kind": kind, "source": source.describe(), "branch": branch }),
        ),
    }
}

/// Pass when the strongest rules give at least the reviews and status checks needed.
fn judge_protection(p: &BranchProtection, needs: Needs) -> CheckResult {
    let (reviews, reviews_rule) = p.required_reviews();
    let checks = p.required_status_checks();
    let check_origins: Vec<&str> = p.status_check_rules().map(|r| r.origin.as_str()).collect();
    let ok = !p.rules.is_empty()
        && reviews >= needs.reviews
        && (!needs.status_checks || !checks.is_empty());
    let approvals = |n: u32| format!("{n} approving review{}", if n == 1 { "" } else { "s" });
    let mut wanted = approvals(needs.reviews);
    if needs.status_checks {
        wanted.push_str(" and passing status checks");
    }
    let found_reviews = match reviews_rule {
        Some(rule) => format!("{} required by {}", approvals(reviews), rule.origin),
        None => "pull requests are not required".to_owned(),
    };
    let found_checks = match checks.is_empty() {
        true => "no status check is required".to_owned(),
        false => format!(
            "status checks {} required by {}",
            list_some(&checks, MAX_LISTED),
            check_origins.join(" and ")
        ),
    };
    let branch = &p.branch;
    let summary = if p.rules.is_empty() {
        format!(
            "{branch} is not protected: no classic branch protection and no active ruleset \
             applies ({wanted} needed)"
        )
    } else {
        let verdict = if ok {
            "is protected"
        } else {
            "is not protected enough"
        };
        format!("{branch} {verdict}: {found_reviews}; {found_checks} ({wanted} needed)")
    };
    let rules: Vec<_> = p
        .rules
        .iter()
        .map(|r| {
            json!({
                "origin": r.origin,
                "required_approving_reviews": r.required_approving_reviews,
                "required_status_checks": r.required_status_checks,
            })
        })
        .collect();
    let observed = json!({
        "kind": "repo.branch_protection",
        "branch": branch,
        "min_reviews": needs.reviews,
        "required_reviews": reviews,
        "reviews_from": reviews_rule.map(|r| r.origin.as_str()),
        "require_status_checks": needs.status_checks,
        "status_checks": checks,
        "status_checks_from": check_origins,
        "rules": rules,
    });
    let evidence = Evidence::new(summary, observed).with_commit(p.commit.clone());
    if ok {
        CheckResult::pass(evidence)
    } else {
        CheckResult::fail(evidence)
    }
}
