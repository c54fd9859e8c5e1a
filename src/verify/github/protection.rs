//! Branch protection, from the two REST routes octocrab has no handler for: classic
//! protection (`GET /repos/{o}/{r}/branches/{b}/protection`) and the active ruleset rules of
//! a branch (`GET /repos/{o}/{r}/rules/branches/{b}`). The check takes the strongest of both.
//! Both are conditional requests, so a later run whose rules did not change gets `304`s.

use super::repo::{GitHubRepo, encode};
use super::request::{Reply, Target};
use crate::verify::repo::{BranchProtection, ProtectionRule, SourceError};
use axum::http::StatusCode;
use serde::Deserialize;

/// Rules asked for per page of the rulesets route (GitHub's maximum).
const PER_PAGE: usize = 100;
/// Pages of rules read at most.
const MAX_PAGES: usize = 10;
/// GitHub's message on the classic route for a branch without classic protection.
const NOT_PROTECTED: &str = "Branch not protected";
/// Origin of the classic rule.
pub(super) const CLASSIC: &str = "classic branch protection";

/// The rules protecting `branch` (the default branch when `None`) of `repo`, read once per
/// run: the default branch and its head come from what the listing already resolved.
pub(super) async fn read(
    repo: &GitHubRepo,
    branch: Option<&str>,
) -> Result<BranchProtection, SourceError> {
    repo.check_name()?;
    let branch = match branch {
        Some(b) => b.to_owned(),
        None => repo.default_branch().await?,
    };
    repo.protection_of(&branch, || fetch(repo, &branch)).await
}

/// Classic protection and rulesets of `branch` (both conditional requests).
async fn fetch(repo: &GitHubRepo, branch: &str) -> Result<BranchProtection, SourceError> {
    let commit = repo.branch_head(branch).await?;
    let mut rules: Vec<ProtectionRule> = classic(repo, branch).await?.into_iter().collect();
    rules.extend(rulesets(repo, branch).await?);
    Ok(BranchProtection {
        branch: branch.to_owned(),
        commit: Some(commit),
        rules,
    })
}

/// An error for a 403/404 that means the credentials may not read what was asked.
fn no_permission(target: &Target<'_>, reply: &Reply, needs: &str) -> SourceError {
    target.fail(format!(
        "GitHub answered {} ({}) to GET {}; the configured credentials are probably not \
         allowed to read it ({needs})",
        reply.status,
        reply.message(),
        target.path
    ))
}

/// Classic protection, or `None` when the branch has none.
async fn classic(repo: &GitHubRepo, branch: &str) -> Result<Option<ProtectionRule>, SourceError> {
    let path = format!(
        "/repos/{}/branches/{}/protection",
        repo.full_name(),
        encode(branch)
    );
    let what = format!(
        "reading the classic branch protection of {branch} in {}",
        repo.full_name()
    );
    let target = repo.target(&what, &path);
    let reply = repo
        .gh()
        .client()
        .get_conditional(repo.gh().caches(), &target)
        .await?;
    match reply.status {
        StatusCode::NOT_FOUND if reply.message() == NOT_PROTECTED => return Ok(None),
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN => {
            let needs = "reading branch protection needs admin access to the repository; a \
                         GitHub App needs the Administration: read permission";
            return Err(no_permission(&target, &reply, needs));
        }
        _ => {}
    }
    #[derive(Deserialize)]
    struct Classic {
        required_pull_request_reviews: Option<Reviews>,
        required_status_checks: Option<Checks>,
    }
    #[derive(Deserialize)]
    struct Reviews {
        #[serde(default)]
        required_approving_review_count: u32,
    }
    #[derive(Deserialize)]
    struct Checks {
        #[serde(default)]
        contexts: Vec<String>,
        #[serde(default)]
        checks: Vec<Check>,
    }
    let found: Classic = target.parse(&reply)?;
    let checks = found.required_status_checks.map(|c| {
        let mut names = c.contexts;
        names.extend(c.checks.into_iter().map(|c| c.context));
        names.sort();
        names.dedup();
        names
    });
    Ok(Some(ProtectionRule {
        origin: CLASSIC.to_owned(),
        required_approving_reviews: found
            .required_pull_request_reviews
            .map(|r| r.required_approving_review_count),
        required_status_checks: checks,
    }))
}

#[derive(Deserialize)]
struct Check {
    context: String,
}

/// One active rule for the branch, as the rulesets route lists it.
#[derive(Deserialize)]
struct Rule {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    parameters: Option<serde_json::Value>,
    ruleset_id: Option<u64>,
    ruleset_source_type: Option<String>,
    ruleset_source: Option<String>,
}

#[derive(Deserialize)]
struct PullRequest {
    #[serde(default)]
    required_approving_review_count: u32,
}

#[derive(Deserialize)]
struct StatusChecks {
    #[serde(default)]
    required_status_checks: Vec<Check>,
}

/// The active rules of every ruleset applying to the branch, one [`ProtectionRule`] per
/// ruleset, in the order GitHub lists them.
async fn rulesets(repo: &GitHubRepo, branch: &str) -> Result<Vec<ProtectionRule>, SourceError> {
    let what = format!(
        "reading the rulesets for branch {branch} of {}",
        repo.full_name()
    );
    let mut rules: Vec<(Option<u64>, ProtectionRule)> = Vec::new();
    for page in 1..=MAX_PAGES {
        let path = format!(
            "/repos/{}/rules/branches/{}?per_page={PER_PAGE}&page={page}",
            repo.full_name(),
            encode(branch)
        );
        let target = repo.target(&what, &path);
        let reply = repo
            .gh()
            .client()
            .get_conditional(repo.gh().caches(), &target)
            .await?;
        if matches!(reply.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN) {
            let needs = "reading rules needs read access to the repository; a GitHub App \
                         needs the Metadata: read permission";
            return Err(no_permission(&target, &reply, needs));
        }
        let listed: Vec<Rule> = target.parse(&reply)?;
        let full_page = listed.len() >= PER_PAGE;
        for rule in listed {
            add_rule(&mut rules, rule, &target)?;
        }
        if !full_page {
            break;
        }
    }
    Ok(rules.into_iter().map(|(_, r)| r).collect())
}

/// Folds `rule` into the entry of its ruleset.
fn add_rule(
    rules: &mut Vec<(Option<u64>, ProtectionRule)>,
    rule: Rule,
    target: &Target<'_>,
) -> Result<(), SourceError> {
    let index = match rules.iter().position(|(id, _)| *id == rule.ruleset_id) {
        Some(i) if rule.ruleset_id.is_some() => i,
        _ => {
            let origin = match (
                rule.ruleset_id,
                &rule.ruleset_source_type,
                &rule.ruleset_source,
            ) {
                (Some(id), Some(kind), Some(source)) => format!("ruleset {id} ({kind} {source})"),
                (Some(id), _, _) => format!("ruleset {id}"),
                (None, ..) => "a ruleset".to_owned(),
            };
            rules.push((
                rule.ruleset_id,
                ProtectionRule {
                    origin,
                    required_approving_reviews: None,
                    required_status_checks: None,
                },
            ));
            rules.len() - 1
        }
    };
    let entry = &mut rules[index].1;
    let parameters = rule.parameters.unwrap_or(serde_json::Value::Null);
    let bad = |e: serde_json::Error| {
        target.fail(format!(
            "the parameters of a `{}` rule are not what was expected: {e}",
            rule.kind
        ))
    };
    match rule.kind.as_str() {
        "pull_request" => {
            let p: PullRequest = serde_json::from_value(parameters).map_err(bad)?;
            let n = p.required_approving_review_count;
            entry.required_approving_reviews =
                Some(entry.required_approving_reviews.map_or(n, |m| m.max(n)));
        }
        "required_status_checks" => {
            let p: StatusChecks = serde_json::from_value(parameters).map_err(bad)?;
            let names = entry.required_status_checks.get_or_insert_with(Vec::new);
            names.extend(p.required_status_checks.into_iter().map(|c| c.context));
            names.sort();
            names.dedup();
        }
        _ => {}
    }
    Ok(())
}
