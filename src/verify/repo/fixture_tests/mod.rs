//! The shipped template's repository checks against the fixture repositories in
//! `tests/fixtures/repos`: a well-prepared service passes all of them, and so does a
//! differently shaped one (a queue worker without Ingress whose autoscaler owns its
//! replicas); a neglected one fails nearly all, with evidence pointing at the right files.
//! Then single items of the shipped template against small in-memory repositories: the
//! cases a review found judged wrongly, next to the cases they must still catch.

mod deployment;
mod neglected;
mod operations;
mod prepared;
mod real_repos;
mod tls_and_secrets;

use super::tests::MemRepo;
use super::{LocalRepo, RepoSource, is_repo_check, run_repo_check};
use crate::domain::template::{CheckSpec, Template, TemplateSchema};
use crate::verify::{CheckOutcome, CheckResult};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn template() -> Template {
    let schema = TemplateSchema::compile(include_str!("../../../../checklists/schema.json"))
        .expect("schema compiles");
    schema
        .parse(
            "orr-standard.yaml",
            include_str!("../../../../checklists/orr-standard.yaml"),
        )
        .expect("shipped template parses")
}

fn fixture(name: &str) -> LocalRepo {
    LocalRepo::new(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/repos")
            .join(name),
    )
}

/// Runs every repository check of the shipped template, keyed by item.
async fn run_all(repo: &dyn RepoSource) -> BTreeMap<String, CheckResult> {
    let mut results = BTreeMap::new();
    for (_, item) in template().items() {
        if let Some(spec) = item.check.as_ref().filter(|s| is_repo_check(s)) {
            results.insert(item.key.clone(), run_repo_check(spec, repo).await);
        }
    }
    results
}

fn get<'a>(results: &'a BTreeMap<String, CheckResult>, key: &str) -> &'a CheckResult {
    results
        .get(key)
        .unwrap_or_else(|| panic!("no result for {key}"))
}

/// The outcome every repository check of a well-run fixture must reach.
fn expected_on_a_well_run_repo(key: &str) -> CheckOutcome {
    if key == "change_management.code_review" {
        CheckOutcome::NotApplicable
    } else {
        CheckOutcome::Pass
    }
}

/// The shipped template's check of item `key`.
fn item_check(key: &str) -> CheckSpec {
    template()
        .item(key)
        .and_then(|(_, i)| i.check.clone())
        .unwrap_or_else(|| panic!("{key} has a check"))
}

/// An in-memory repository (path, text), the outcome expected and why.
type Case<'a> = (&'a [(&'a str, &'a str)], CheckOutcome, &'a str);

/// Runs the shipped check of `key` on each in-memory repository and compares outcomes.
async fn expect_outcomes(key: &str, cases: &[Case<'_>]) {
    let spec = item_check(key);
    for (files, expected, why) in cases {
        let r = run_repo_check(&spec, &MemRepo::new(files)).await;
        assert_eq!(r.outcome, *expected, "{key}, {why}: {}", r.evidence.summary);
    }
}

const DEPLOYMENT: &str = "kind: Deployment\nmetadata: {name: api}\nspec: {template: {spec: {containers: [{name: api, image: api:1}]}}}\n";
const DEPLOYMENT_2: &str = "kind: Deployment\nmetadata: {name: api}\nspec: {replicas: 2}\n";
const DEPLOYMENT_1: &str = "kind: Deployment\nmetadata: {name: api}\nspec: {replicas: 1}\n";
const HPA_3: &str = "kind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: {kind: Deployment, name: api}, minReplicas: 3, maxReplicas: 9}\n";
const HPA_1: &str = "kind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: {kind: Deployment, name: api}, minReplicas: 1, maxReplicas: 9}\n";
