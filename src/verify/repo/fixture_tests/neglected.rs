//! The neglected service fails nearly every repository check, with evidence pointing at the
//! right files.

use super::*;

#[tokio::test]
async fn neglected_repository_fails_with_evidence() {
    let results = run_all(&fixture("neglected")).await;
    let outcome = |key: &str| get(&results, key).outcome;
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
    assert_eq!(
        outcome("incident_response.alert_rules"),
        CheckOutcome::Pass,
        "it has alerts, just poor ones"
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
        // What was found is in the summary or, for values not quoted there, in `observed`.
        let said = format!("{} {}", r.evidence.summary, r.evidence.observed);
        assert!(said.contains(text), "{key}: {said}");
    };
    check(
        "ownership.readme",
        "README.md",
        Some(1),
        "smaller than the 500 bytes required",
    );
    check(
        "incident_response.runbooks",
        "RUNBOOK.md",
        Some(1),
        "RUNBOOK.md (",
    );
    check(
        "resilience.replicas",
        "deploy/deployment.yaml",
        Some(6),
        "Deployment/orders-worker (deploy/deployment.yaml:6): `spec.replicas` is 1",
    );
    check(
        "change_management.immutable_images",
        "deploy/deployment.yaml",
        Some(17),
        "orders-worker:latest",
    );
    // The literal token, the password from a ConfigMap key and the secret-named ConfigMap
    // imported whole.
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        Some(21),
        "['env'][1]",
    );
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        Some(21),
        "['env'][2]",
    );
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        Some(21),
        "['envFrom'][0]",
    );
    check(
        "security.tls",
        "deploy/ingress.yaml",
        Some(6),
        "Ingress/orders-worker-admin (deploy/ingress.yaml:6)",
    );
    // The empty runbook_url does not count, and the PrometheusRule under deploy/ is read.
    check(
        "incident_response.runbook_links",
        "prometheus/alerts.yaml",
        Some(11),
        "3 of 3",
    );
    check(
        "incident_response.runbook_links",
        "prometheus/alerts.yaml",
        Some(11),
        "`annotations.runbook_url` is \"\"",
    );
    check(
        "incident_response.alert_severity",
        "prometheus/alerts.yaml",
        Some(8),
        "alert OrdersWorkerDown (prometheus/alerts.yaml:8): `labels.severity` is \"page\"",
    );
    check(
        "change_management.zero_downtime",
        "deploy/deployment.yaml",
        Some(1),
        "`spec.strategy.rollingUpdate.maxUnavailable` is missing",
    );
    let summary = |key: &str| get(&results, key).evidence.summary.clone();
    assert!(summary("ownership.owner").starts_with("No CODEOWNERS file"));
    assert!(summary("ownership.security_contact").ends_with("(searched SECURITY.md)"));
    assert!(
        summary("change_management.ci").ends_with("(searched .github/workflows/build.yml)"),
        "it builds but never tests: {}",
        summary("change_management.ci")
    );
    assert!(
        summary("security.non_root")
            .contains("Dockerfile:6 has `USER root` instead (searched Dockerfile, deploy/"),
        "USER root does not count: {}",
        summary("security.non_root")
    );
    assert!(
        summary("ownership.design_doc").starts_with("No file matches"),
        "{}",
        summary("ownership.design_doc")
    );
    let pdb = get(&results, "resilience.pod_disruption_budget");
    assert!(
        pdb.evidence
            .summary
            .contains("no matching documents/objects"),
        "{}",
        pdb.evidence.summary
    );
    assert_eq!(
        pdb.evidence.observed["documents"], 5,
        "both budgets were read, 0 and \"0%\", and neither counts"
    );
    assert!(summary("capacity.autoscaling").contains("no matching documents/objects"));
    assert!(
        !serde_json::to_string(&results)
            .unwrap_or_default()
            .contains("s3cr3t")
    );
}
