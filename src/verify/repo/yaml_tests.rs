//! Unit tests of `repo.yaml_path`.

use super::tests::{MemRepo, check};
use crate::verify::CheckOutcome;

const MANIFESTS: &str = "\
apiVersion: v1
kind: Service
metadata: {name: web}
---
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2.0
  template:
    spec:
      containers:
        - name: web
          image: web:1.2
          env:
            - {name: DB_PASSWORD, value: hunter2}
        - name: sidecar
          image: proxy@sha256:abc
---
---
kind: Deployment
metadata: {name: admin}
spec:
  replicas: 1
  template: {spec: {containers: [{name: admin, image: admin:latest}]}}
";

const ALERTS: &str = "\
groups:
  - name: a
    rules:
      - record: r
        expr: up
      - alert: Down
        labels: {severity: critical}
        annotations: {runbook_url: 'https://x'}
      - alert: Slow
        labels: {severity: page}
";

pub(super) fn repo() -> MemRepo {
    MemRepo::new(&[
        ("deploy/app.yaml", MANIFESTS),
        ("deploy/extra/empty.yml", "# nothing yet\n"),
        ("prometheus/alerts.yaml", ALERTS),
        (
            "k8s/rule.json",
            r#"{"spec": {"groups": [{"rules": [{"alert": "J", "labels": {"severity": "warning"}}]}]}}"#,
        ),
        ("bad/broken.yaml", "a: [1, 2\nb: 3\n"),
    ])
}

pub(super) fn yaml(select: &str, path: &str, op: &str, extra: &str) -> String {
    format!(
        "kind: repo.yaml_path\npaths: ['deploy/**/*.y*ml']\nselect: \"{select}\"\npath: \"{path}\"\nop: {op}\n{extra}"
    )
}

pub(super) const DEPLOYMENTS: &str = "$[?@.kind == 'Deployment']";

#[tokio::test]
async fn numeric_ops_compare_by_value_and_require_all_or_any() {
    let repo = repo();
    let r = check(
        &yaml(DEPLOYMENTS, "$.spec.replicas", "gte", "value: 2"),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(r.evidence.path.as_deref(), Some("deploy/app.yaml"));
    let o = &r.evidence.observed;
    assert_eq!(
        (o["files"].as_u64(), o["documents"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(
        (
            o["selected"].as_u64(),
            o["passing"].as_u64(),
            o["failing"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(
        o["first_failure"]["document"], 3,
        "empty documents are skipped"
    );
    assert!(
        r.evidence.summary.contains("found 1"),
        "{}",
        r.evidence.summary
    );

    let r = check(
        &yaml(
            DEPLOYMENTS,
            "$.spec.replicas",
            "gte",
            "value: 2\nrequire: any",
        ),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    let r = check(
        &yaml(
            "$[?@.metadata.name == 'web' && @.kind == 'Deployment']",
            "$.spec.replicas",
            "equals",
            "value: 2",
        ),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "2 equals 2.0");
    let r = check(
        &yaml(DEPLOYMENTS, "$.metadata.name", "lte", "value: 5"),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail, "strings are not numbers");
    let r = check(
        &yaml(DEPLOYMENTS, "$.spec.replicas", "not_equals", "value: 0"),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
}

#[tokio::test]
async fn matches_exists_and_absent() {
    let repo = repo();
    let images = "$.spec.template.spec.containers[*].image";
    let r = check(
        &yaml(
            DEPLOYMENTS,
            images,
            "matches",
            "value: '(:[0-9.]+|@sha256:.*)$'",
        ),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("\"admin:latest\""),
        "{}",
        r.evidence.summary
    );

    let r = check(
        &yaml(
            DEPLOYMENTS,
            "$.spec.template.spec..readinessProbe",
            "exists",
            "",
        ),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains("nothing there"));

    let secrets =
        "$.spec.template.spec.containers[*].env[?search(@.name, 'PASSWORD|TOKEN') && @.value]";
    let r = check(&yaml(DEPLOYMENTS, secrets, "absent", ""), &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    let text = serde_json::to_string(&r).unwrap_or_default();
    assert!(
        !text.contains("hunter2"),
        "secret values never reach evidence: {text}"
    );
    assert!(
        r.evidence.summary.contains("['env'][0]"),
        "{}",
        r.evidence.summary
    );
}

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
        r.evidence.summary.contains("['containers'][1]['name']"),
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
            .contains("deploy/a.yaml document 1 (found 1)"),
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
        r.evidence.summary.ends_with("(deploy/b.yaml document 2)"),
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
    assert!(r.evidence.summary.contains("(nothing there)"));

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

#[tokio::test]
async fn matches_reads_numbers_as_their_text_and_nothing_else() {
    let repo = MemRepo::new(&[(
        "deploy/app.yaml",
        "kind: Deployment\nmetadata: {name: a}\nspec: {n: 0}\n---\nkind: Deployment\nmetadata: {name: b}\nspec: {n: '0%'}\n---\nkind: Deployment\nmetadata: {name: c}\nspec: {n: 10}\n---\nkind: Deployment\nmetadata: {name: d}\nspec: {n: false}\n---\nkind: Deployment\nmetadata: {name: e}\nspec: {n: null}\n",
    )]);
    let r = check(
        &yaml(DEPLOYMENTS, "$.spec.n", "matches", "value: '^0+%?$'"),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    let o = &r.evidence.observed;
    assert_eq!(
        (o["passing"].as_u64(), o["failing"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(o["first_failure"]["document"], 3);
    assert!(
        r.evidence.summary.contains("(found 10)"),
        "{}",
        r.evidence.summary
    );
    let r = check(
        &yaml(
            DEPLOYMENTS,
            "$.spec.n",
            "matches",
            "value: '^(false|null)$'",
        ),
        &repo,
    )
    .await;
    assert_eq!(
        r.evidence.observed["passing"], 0,
        "booleans and null are not text"
    );
    let r = check(
        &yaml(DEPLOYMENTS, "$.spec.n", "matches", "value: '^1'"),
        &repo,
    )
    .await;
    assert_eq!(r.evidence.observed["passing"], 1, "10 is read as `10`");
}
