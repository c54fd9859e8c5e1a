//! What `repo.yaml_path` selects: nothing selected fails, rule files in YAML and JSON,
//! "every container" through a negated filter, and filters over the documents of every file.

use super::{DEPLOYMENTS, repo, yaml};
use crate::verify::CheckOutcome;
use crate::verify::repo::tests::{MemRepo, check};

#[tokio::test]
async fn nothing_selected_is_a_failure() {
    let repo = repo();
    let r = check(
        &yaml("$[?@.kind == 'Ingress']", "$.spec.tls", "exists", ""),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.starts_with(
            "No matching documents/objects selected by `$[?@.kind == 'Ingress']` in 2 file(s)"
        ),
        "{}",
        r.evidence.summary
    );
    let r = check(
        "kind: repo.yaml_path\npaths: ['nowhere/*.yaml']\npath: $.a\nop: absent",
        &repo,
    )
    .await;
    assert_eq!(
        r.outcome,
        CheckOutcome::Fail,
        "absent on no files is not a pass"
    );
    assert!(
        r.evidence
            .summary
            .contains("no file matches nowhere/*.yaml")
    );
}

#[tokio::test]
async fn alert_rules_in_plain_and_json_rule_files() {
    let repo = repo();
    let spec = |path: &str, op: &str| {
        format!(
            "kind: repo.yaml_path\npaths: ['prometheus/*.yaml', 'k8s/*.json']\nselect: '$..groups[*].rules[?@.alert]'\npath: '{path}'\nop: {op}"
        )
    };
    let r = check(&spec("$.annotations.runbook_url", "exists"), &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(
        r.evidence.observed["selected"], 3,
        "recording rules are not selected"
    );
    assert_eq!(r.evidence.observed["failing"], 2);
    let r = check(
        &format!(
            "{}\nvalue: '^(critical|warning)$'",
            spec("$.labels.severity", "matches")
        ),
        &repo,
    )
    .await;
    assert_eq!(r.evidence.observed["passing"], 2);
    assert_eq!(
        r.evidence.observed["first_failure"]["path"],
        "prometheus/alerts.yaml"
    );
    let r = check("kind: repo.yaml_path\npaths: ['prometheus/*.yaml']\npath: '$.groups[0].name'\nop: equals\nvalue: a", &repo).await;
    assert_eq!(
        r.outcome,
        CheckOutcome::Pass,
        "without select each document is a node"
    );
}

#[tokio::test]
async fn every_container_needs_a_negated_filter_with_absent() {
    // `containers[*].readinessProbe` + `exists` passes when any one container has a probe;
    // "every container" is spelled as "no container lacks one".
    let repo = MemRepo::new(&[(
        "deploy/app.yaml",
        "kind: Deployment\nspec: {template: {spec: {containers: [{name: a, readinessProbe: {}}, {name: b}]}}}\n",
    )]);
    let any = yaml(
        DEPLOYMENTS,
        "$.spec.template.spec.containers[*].readinessProbe",
        "exists",
        "",
    );
    assert_eq!(check(&any, &repo).await.outcome, CheckOutcome::Pass);
    let every = yaml(
        DEPLOYMENTS,
        "$.spec.template.spec.containers[?!@.readinessProbe].name",
        "absent",
        "",
    );
    let r = check(&every, &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("Deployment, container b (deploy/app.yaml:2): has `spec.template.spec.containers[1].name`"),
        "{}",
        r.evidence.summary
    );
}

#[tokio::test]
async fn select_filters_see_the_documents_of_every_file() {
    let hpa = "kind: Service\nmetadata: {name: web}\n---\nkind: HorizontalPodAutoscaler\nspec: {minReplicas: 3}\n";
    let deployment = "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n";
    let unless_autoscaled =
        "$[?@.kind == 'Deployment' && !$[?@.kind == 'HorizontalPodAutoscaler']]";
    let spec = yaml(unless_autoscaled, "$.spec.replicas", "gte", "value: 2");
    let both = MemRepo::new(&[("deploy/a.yaml", deployment), ("deploy/b.yaml", hpa)]);
    let r = check(&spec, &both).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .starts_with("No matching documents/objects selected by"),
        "the autoscaler in the other file is seen: {}",
        r.evidence.summary
    );
    assert_eq!(
        (
            r.evidence.observed["files"].as_u64(),
            r.evidence.observed["documents"].as_u64()
        ),
        (Some(2), Some(3))
    );
    let alone = MemRepo::new(&[("deploy/a.yaml", deployment)]);
    let r = check(&spec, &alone).await;
    assert!(
        r.evidence
            .summary
            .contains("Deployment/web (deploy/a.yaml:3): `spec.replicas` is 1"),
        "{}",
        r.evidence.summary
    );

    // Nodes are reported against their own file and document, whatever file came first.
    let r = check(
        &yaml(
            "$[?@.kind == 'HorizontalPodAutoscaler' || @.kind == 'Deployment']",
            "$.spec['replicas','minReplicas']",
            "gte",
            "value: 2",
        ),
        &both,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(
        r.evidence.observed["first_failure"]["path"],
        "deploy/a.yaml"
    );
    let r = check(
        &yaml(
            "$[?@.kind == 'HorizontalPodAutoscaler' || @.kind == 'Deployment']",
            "$.spec['replicas','minReplicas']",
            "gte",
            "value: 2\nrequire: any",
        ),
        &both,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert!(
        r.evidence
            .summary
            .ends_with("(HorizontalPodAutoscaler (deploy/b.yaml:4))."),
        "{}",
        r.evidence.summary
    );
    assert_eq!(r.evidence.path.as_deref(), Some("deploy/b.yaml"));

    // In `path`, `$` is the selected node.
    let r = check(
        &yaml(
            DEPLOYMENTS,
            "$.metadata[?$.spec.replicas >= 2]",
            "exists",
            "",
        ),
        &both,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("`metadata[?$.spec.replicas >= 2]` is missing"),
        "{}",
        r.evidence.summary
    );

    // `$` itself is one node: every document, reported against the first file.
    let r = check(
        &yaml(
            "$",
            "$[?@.kind == 'HorizontalPodAutoscaler'].spec.minReplicas",
            "gte",
            "value: 3",
        ),
        &both,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    assert_eq!(r.evidence.observed["selected"], 1);
    assert_eq!(r.evidence.path.as_deref(), Some("deploy/a.yaml"));
}
