//! The well-prepared service and a differently shaped one (a queue worker without Ingress
//! whose autoscaler owns its replicas) pass every repository check.

use super::*;

#[tokio::test]
async fn well_prepared_repository_passes_every_repo_check() {
    let results = run_all(&fixture("well-prepared")).await;
    assert_eq!(results.len(), 30, "repo checks in the shipped template");
    for (key, r) in &results {
        let expected = expected_on_a_well_run_repo(key);
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
    assert_eq!(
        at("ownership.design_doc"),
        (Some("docs/architecture.md"), None)
    );
    assert_eq!(at("security.tls"), (Some("deploy/service.yaml"), Some(15)));
    assert_eq!(
        get(&results, "security.tls").evidence.observed["selected"],
        1,
        "with an Ingress, only Ingresses are judged"
    );
    assert_eq!(
        at("change_management.ci"),
        (Some(".github/workflows/ci.yml"), Some(12))
    );
    assert_eq!(
        get(&results, "change_management.ci").evidence.observed["matched_line"],
        "- run: cargo test --locked"
    );
    assert_eq!(at("security.non_root"), (Some("Dockerfile"), Some(8)));
    assert_eq!(
        get(&results, "security.non_root").evidence.observed["matched_line"],
        "USER 10001:10001"
    );
    assert_eq!(
        at("resilience.replicas"),
        (Some("deploy/deployment.yaml"), Some(1))
    );
    assert_eq!(
        get(&results, "resilience.replicas").evidence.observed["selected"],
        2,
        "the Deployment, by its replicas, and the autoscaler, by its minimum"
    );
    assert_eq!(
        at("incident_response.runbook_links"),
        (Some("prometheus/alerts.yaml"), Some(6))
    );
    let alerts = &get(&results, "incident_response.runbook_links")
        .evidence
        .observed;
    assert_eq!(alerts["selected"], 3, "the recording rule is not an alert");
}

#[tokio::test]
async fn a_queue_worker_with_an_autoscaler_and_no_ingress_passes_every_repo_check() {
    let results = run_all(&fixture("hpa-worker")).await;
    assert_eq!(results.len(), 30);
    for (key, r) in &results {
        let expected = expected_on_a_well_run_repo(key);
        assert_eq!(r.outcome, expected, "{key}: {}", r.evidence.summary);
    }
    let at = |key: &str| {
        let r = get(&results, key);
        (r.evidence.path.as_deref(), r.evidence.line)
    };
    let summary = |key: &str| get(&results, key).evidence.summary.clone();
    // The Deployment leaves its replicas to the autoscaler, which keeps two.
    assert_eq!(
        at("resilience.replicas"),
        (Some("deploy/hpa.yaml"), Some(1))
    );
    assert!(
        summary("resilience.replicas").starts_with("The selected object meets"),
        "{}",
        summary("resilience.replicas")
    );
    // Non-root through the Dockerfile alone.
    assert_eq!(at("security.non_root"), (Some("Dockerfile"), Some(9)));
    // No Ingress: every manifest is selected and none is an Ingress without TLS.
    assert_eq!(
        get(&results, "security.tls").evidence.observed["selected"],
        6
    );
    // "0%" is zero.
    assert_eq!(
        at("change_management.zero_downtime"),
        (Some("deploy/deployment.yaml"), Some(2))
    );
    // Alerts in a PrometheusRule whose file name does not say "rule".
    assert_eq!(
        at("incident_response.runbook_links"),
        (Some("deploy/monitoring.yaml"), Some(11))
    );
    assert_eq!(
        at("incident_response.alert_severity"),
        (Some("deploy/monitoring.yaml"), Some(11))
    );
    assert_eq!(
        at("ownership.design_doc"),
        (Some("docs/architecture/overview.md"), None)
    );
    assert_eq!(
        at("change_management.ci"),
        (Some(".github/workflows/ci.yml"), Some(16)),
        "the test step, not the build before it"
    );
    assert!(
        summary("security.secrets").starts_with("The selected object meets"),
        "lower-case names from a Secret and envFrom of a Secret are fine: {}",
        summary("security.secrets")
    );
}
