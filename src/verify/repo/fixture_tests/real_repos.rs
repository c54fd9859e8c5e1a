//! Repositories shaped like real ones: a Helm chart and a templated values file beside
//! rendered manifests, a multi-document file with one broken document, a Kustomize base
//! with an overlay's patches, and a repository with no manifests at all. Every item's
//! outcome, file, line and object is pinned by a snapshot; the claims that matter are
//! also asserted one by one.

use super::*;
use crate::verify::CheckOutcome::{Fail, Pass};

/// One line per item: `key OUTCOME path:line [object]`.
fn table(results: &BTreeMap<String, CheckResult>) -> String {
    results
        .iter()
        .map(|(key, r)| {
            let e = &r.evidence;
            let at = match (&e.path, e.line) {
                (Some(p), Some(l)) => format!(" {p}:{l}"),
                (Some(p), None) => format!(" {p}"),
                _ => String::new(),
            };
            let object = e
                .object
                .as_ref()
                .map(|o| format!(" [{o}]"))
                .unwrap_or_default();
            format!("{key} {:?}{at}{object}\n", r.outcome)
        })
        .collect()
}

fn summary<'a>(results: &'a BTreeMap<String, CheckResult>, key: &str) -> &'a str {
    &get(results, key).evidence.summary
}

#[tokio::test]
async fn a_helm_chart_and_a_templated_values_file_do_not_poison_rendered_manifests() {
    let results = run_all(&fixture("helm-chart")).await;
    insta::assert_snapshot!("helm_chart", table(&results));
    // Every manifest check is decided on the rendered objects and passes.
    for key in [
        "resilience.replicas",
        "resilience.readiness_probe",
        "resilience.resources",
        "resilience.graceful_shutdown",
        "resilience.pod_disruption_budget",
        "security.privileges",
        "security.secrets",
    ] {
        assert_eq!(
            get(&results, key).outcome,
            Pass,
            "{key}: {}",
            summary(&results, key)
        );
    }
    let replicas = summary(&results, "resilience.replicas");
    assert!(
        replicas.contains("Not read: the Helm chart deploy/chart (1 template"),
        "{replicas}"
    );
    assert!(replicas.contains("deploy/k8s/values.tpl.yaml (named as a template)"));
    assert!(replicas.contains("deploy/k8s/extra.yaml:8 (a document with template syntax"));
    let observed = &get(&results, "resilience.replicas").evidence.observed;
    assert_eq!(observed["helm_charts"][0]["path"], "deploy/chart");
    assert_eq!(observed["unparseable"], serde_json::json!([]));
    assert_eq!(
        (
            observed["skipped"][0]["path"].as_str(),
            observed["skipped"][0]["line"].as_u64()
        ),
        (Some("deploy/k8s/extra.yaml"), Some(8))
    );
}

#[tokio::test]
async fn one_broken_document_leaves_the_rest_of_its_file_judged() {
    let results = run_all(&fixture("multi-doc")).await;
    insta::assert_snapshot!("multi_doc", table(&results));
    assert!(results.values().all(|r| r.outcome != CheckOutcome::Error));
    let replicas = get(&results, "resilience.replicas");
    assert_eq!(replicas.outcome, Fail);
    assert_eq!(
        (replicas.evidence.path.as_deref(), replicas.evidence.line),
        (Some("deploy/app.yaml"), Some(7)),
        "the replicas line"
    );
    assert!(
        replicas.evidence.summary.contains(
            "Deployment/cart (deploy/app.yaml:7): `spec.replicas` is 1. \
             Could not parse, so left out: deploy/app.yaml:35:11 ("
        ),
        "{}",
        replicas.evidence.summary
    );
    assert_eq!(
        replicas.evidence.observed["unparseable"][0]["line"], 35,
        "the broken Service, with its line and column"
    );
    // The document after the broken one is read.
    assert_eq!(
        get(&results, "resilience.pod_disruption_budget").outcome,
        Pass
    );
    let probe = get(&results, "resilience.readiness_probe");
    assert_eq!(
        (probe.evidence.line, probe.evidence.object.as_deref()),
        (Some(22), Some("Deployment/cart, container envoy"))
    );
    let runbook = get(&results, "incident_response.runbook_links");
    assert_eq!(
        (runbook.evidence.line, runbook.evidence.object.as_deref()),
        (Some(10), Some("alert CartSlow"))
    );
    assert!(
        runbook
            .evidence
            .summary
            .contains("`annotations.runbook_url` is missing")
    );
}

#[tokio::test]
async fn kustomize_patches_are_set_aside_not_judged_as_whole_objects() {
    let results = run_all(&fixture("kustomize-overlay")).await;
    insta::assert_snapshot!("kustomize_overlay", table(&results));
    // The replicas patch alone has no containers; judged as a Deployment it would fail
    // every container check.
    for key in [
        "resilience.readiness_probe",
        "resilience.resources",
        "resilience.replicas",
    ] {
        assert_eq!(
            get(&results, key).outcome,
            Pass,
            "{key}: {}",
            summary(&results, key)
        );
    }
    assert!(
        summary(&results, "resilience.replicas").contains(
            "deploy/overlays/prod/replicas.yaml (a patch listed in \
             deploy/overlays/prod/kustomization.yaml)"
        ),
        "{}",
        summary(&results, "resilience.replicas")
    );
    let images = get(&results, "change_management.immutable_images");
    assert_eq!(
        images.outcome, Fail,
        "the base's image is judged as written"
    );
    assert_eq!(
        (images.evidence.line, images.evidence.object.as_deref()),
        (Some(16), Some("Deployment/ledger, container ledger"))
    );
}

#[tokio::test]
async fn a_repository_without_manifests_fails_each_check_saying_what_was_looked_for() {
    let results = run_all(&fixture("no-manifests")).await;
    insta::assert_snapshot!("no_manifests", table(&results));
    let replicas = get(&results, "resilience.replicas");
    assert_eq!(replicas.outcome, Fail);
    assert!(
        replicas
            .evidence
            .summary
            .starts_with("No matching documents/objects: no file matches deploy/**/*.y*ml"),
        "{}",
        replicas.evidence.summary
    );
    let root = get(&results, "security.non_root");
    assert_eq!(
        (root.evidence.path.as_deref(), root.evidence.line),
        (Some("Dockerfile"), Some(3))
    );
    assert!(
        root.evidence
            .summary
            .contains("Dockerfile:3 has `USER root` instead"),
        "{}",
        root.evidence.summary
    );
}

#[tokio::test]
async fn every_failure_in_a_file_points_at_a_line() {
    for name in [
        "well-prepared",
        "hpa-worker",
        "neglected",
        "helm-chart",
        "multi-doc",
        "kustomize-overlay",
        "no-manifests",
    ] {
        for (key, r) in run_all(&fixture(name)).await {
            assert_ne!(
                r.outcome,
                CheckOutcome::Error,
                "{name} {key}: {}",
                r.evidence.summary
            );
            if r.outcome == Fail && r.evidence.path.is_some() {
                assert!(
                    r.evidence.line.is_some(),
                    "{name} {key}: {}",
                    r.evidence.summary
                );
            }
        }
    }
}
