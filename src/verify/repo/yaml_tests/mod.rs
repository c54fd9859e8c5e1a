//! Unit tests of `repo.yaml_path`, over a small repository of Kubernetes manifests and rule
//! files: the operators, what a selection covers, and parsing.

mod operators;
mod parsing;
mod selection;

use crate::verify::repo::tests::MemRepo;

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
