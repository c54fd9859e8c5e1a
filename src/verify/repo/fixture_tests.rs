//! The shipped template's repository checks against the fixture repositories in
//! `tests/fixtures/repos`: a well-prepared service passes all of them, a neglected one
//! fails nearly all, with evidence pointing at the right files.

use super::{LocalRepo, is_repo_check, run_repo_check};
use crate::domain::template::{CheckSpec, Template, TemplateSchema};
use crate::verify::{CheckOutcome, CheckResult};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn template() -> Template {
    let schema = TemplateSchema::compile(include_str!("../../../checklists/schema.json"))
        .expect("schema compiles");
    schema
        .parse(
            "orr-standard.yaml",
            include_str!("../../../checklists/orr-standard.yaml"),
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
async fn run_all(repo: &LocalRepo) -> BTreeMap<String, CheckResult> {
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

#[tokio::test]
async fn well_prepared_repository_passes_every_repo_check() {
    let results = run_all(&fixture("well-prepared")).await;
    assert_eq!(results.len(), 27, "repo checks in the shipped template");
    for (key, r) in &results {
        let expected = if key == "change_management.code_review" {
            CheckOutcome::NotApplicable
        } else {
            CheckOutcome::Pass
        };
        assert_eq!(r.outcome, expected, "{key}: {}", r.evidence.summary);
        assert_eq!(r.evidence.commit, None, "fixtures are not git checkouts");
    }
    let at = |key: &str| {
        let r = get(&results, key);
        (r.evidence.path.as_deref(), r.evidence.line)
    };
    assert_eq!(at("ownership.owner"), (Some(".github/CODEOWNERS"), Some(2)));
    assert_eq!(
        at("ownership.security_contact"),
        (Some("SECURITY.md"), Some(4))
    );
    assert_eq!(
        at("security.vulnerability_scanning"),
        (Some(".github/workflows/ci.yml"), Some(17))
    );
    assert_eq!(at("ownership.readme"), (Some("README.md"), None));
    assert_eq!(at("security.tls"), (Some("deploy/service.yaml"), None));
    assert_eq!(
        at("resilience.replicas"),
        (Some("deploy/deployment.yaml"), None)
    );
    assert_eq!(
        at("incident_response.runbook_links"),
        (Some("prometheus/alerts.yaml"), None)
    );
    let alerts = &get(&results, "incident_response.runbook_links")
        .evidence
        .observed;
    assert_eq!(alerts["selected"], 3, "the recording rule is not an alert");
}

#[tokio::test]
async fn neglected_repository_fails_with_evidence() {
    let results = run_all(&fixture("neglected")).await;
    let outcome = |key: &str| get(&results, key).outcome;
    assert_eq!(
        outcome("change_management.ci"),
        CheckOutcome::Pass,
        "it does have a build"
    );
    assert_eq!(
        outcome("change_management.code_review"),
        CheckOutcome::NotApplicable
    );
    let failing: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.outcome == CheckOutcome::Fail)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        failing.len(),
        results.len() - 2,
        "everything else fails: {failing:?}"
    );

    let check = |key: &str, path: &str, line: Option<u32>, text: &str| {
        let r = get(&results, key);
        assert_eq!(
            r.evidence.path.as_deref(),
            Some(path),
            "{key}: {}",
            r.evidence.summary
        );
        assert_eq!(r.evidence.line, line, "{key}");
        assert!(
            r.evidence.summary.contains(text),
            "{key}: {}",
            r.evidence.summary
        );
    };
    check(
        "ownership.readme",
        "README.md",
        None,
        "smaller than the 500 bytes required",
    );
    check(
        "incident_response.runbooks",
        "RUNBOOK.md",
        None,
        "RUNBOOK.md (",
    );
    check(
        "resilience.replicas",
        "deploy/deployment.yaml",
        None,
        "document 1 (found 1)",
    );
    check(
        "change_management.immutable_images",
        "deploy/deployment.yaml",
        None,
        "orders-worker:latest",
    );
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        None,
        "['env'][1]",
    );
    check(
        "security.tls",
        "deploy/ingress.yaml",
        None,
        "`$.spec.tls` exists",
    );
    check(
        "incident_response.runbook_links",
        "prometheus/alerts.yaml",
        None,
        "2 of 2",
    );
    check(
        "incident_response.alert_severity",
        "prometheus/alerts.yaml",
        None,
        "\"page\"",
    );
    let summary = |key: &str| get(&results, key).evidence.summary.clone();
    assert!(summary("ownership.owner").starts_with("No CODEOWNERS file"));
    assert!(summary("ownership.security_contact").ends_with("in SECURITY.md"));
    assert!(
        summary("resilience.pod_disruption_budget").starts_with("No matching documents/objects")
    );
    assert!(summary("capacity.autoscaling").starts_with("No matching documents/objects"));
    assert!(
        !serde_json::to_string(&results)
            .unwrap_or_default()
            .contains("s3cr3t")
    );
}

#[tokio::test]
async fn dockerfile_user_is_reported_with_its_line() {
    let spec: CheckSpec = serde_saphyr::from_str(
        "kind: repo.file_contains\npaths: [Dockerfile, '**/Dockerfile']\npattern: '^USER\\s+[0-9a-z]'",
    )
    .expect("spec");
    let r = run_repo_check(&spec, &fixture("well-prepared")).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert_eq!(
        (r.evidence.path.as_deref(), r.evidence.line),
        (Some("Dockerfile"), Some(8))
    );
    assert_eq!(r.evidence.observed["matched_line"], "USER 10001:10001");
    let r = run_repo_check(&spec, &fixture("neglected")).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.ends_with("in Dockerfile"),
        "{}",
        r.evidence.summary
    );
}
