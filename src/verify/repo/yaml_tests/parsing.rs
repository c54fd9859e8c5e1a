//! Unit tests of YAML/JSON parsing in `repo.yaml_path`: errors with locations, and the YAML
//! features real manifests use.

use super::{DEPLOYMENTS, repo, yaml};
use crate::verify::CheckOutcome;
use crate::verify::repo::tests::{MemRepo, check};
use crate::verify::repo::yaml_docs::parse_file;
use serde_json::json;

#[test]
fn anchors_merge_keys_and_scalar_types_parse_like_kubernetes_reads_them() {
    let text = "\
base: &base {cpu: 100m, memory: 128Mi}
limits:
  <<: *base
  memory: 256Mi
on: push
port: 8080
ratio: 0.5
empty:
quoted: '3'
---
# a comment-only document is skipped
---
second: true
";
    let parsed = parse_file("x.yaml", text);
    assert!(parsed.broken.is_empty(), "{:?}", parsed.broken);
    let docs: Vec<_> = parsed.documents.into_iter().map(|d| d.value).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["limits"], json!({"cpu": "100m", "memory": "256Mi"}));
    assert_eq!(docs[0]["on"], json!("push"), "YAML 1.2: `on` is a string");
    assert_eq!(
        (docs[0]["port"].clone(), docs[0]["ratio"].clone()),
        (json!(8080), json!(0.5))
    );
    assert_eq!(
        (docs[0]["empty"].clone(), docs[0]["quoted"].clone()),
        (json!(null), json!("3"))
    );
    assert_eq!(docs[1], json!({"second": true}));
    assert!(parse_file("x.yaml", "").documents.is_empty());
    let json_docs = parse_file("a.json", "[1]").documents;
    assert_eq!(json_docs.len(), 1);
    assert_eq!(json_docs[0].value, json!([1]));
}

#[tokio::test]
async fn unparseable_files_and_invalid_paths_are_errors() {
    let repo = repo();
    let r = check(
        "kind: repo.yaml_path\npaths: ['bad/*.yaml']\npath: $.a\nop: exists",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence
            .summary
            .contains("Could not parse, so left out: bad/broken.yaml:"),
        "{}",
        r.evidence.summary
    );
    assert_eq!(r.evidence.path.as_deref(), Some("bad/broken.yaml"));
    assert!(r.evidence.line.is_some());
    let broken_json = MemRepo::new(&[("x.json", "{\"a\": }")]);
    let r = check(
        "kind: repo.yaml_path\npaths: ['*.json']\npath: $.a\nop: exists",
        &broken_json,
    )
    .await;
    assert!(
        r.evidence.summary.contains("x.json:1:7 ("),
        "{}",
        r.evidence.summary
    );
    assert_eq!(
        (r.evidence.path.as_deref(), r.evidence.line),
        (Some("x.json"), Some(1))
    );

    let r = check(&yaml("$[?@.kind ==]", "$.a", "exists", ""), &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence
            .summary
            .starts_with("Invalid JSONPath in `select`"),
        "{}",
        r.evidence.summary
    );
    let r = check(
        &yaml(
            DEPLOYMENTS,
            "$.spec.template.spec.containers[*].image",
            "matches",
            "value: '(unclosed'",
        ),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    let r = check(
        &yaml(DEPLOYMENTS, "$.spec.replicas", "gte", "value: two"),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("numeric"));
}

#[test]
fn deep_nesting_parses_to_a_limit_and_then_is_a_broken_document() {
    let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let ok = parse_file("x.yaml", &format!("a: {}\n", nested(40)));
    assert_eq!((ok.documents.len(), ok.broken.len()), (1, 0));
    let hostile = parse_file(
        "x.yaml",
        &format!("a: 1\n---\nb: {}\n---\nc: 3\n", nested(100_000)),
    );
    assert_eq!(
        hostile.documents.len(),
        2,
        "the documents around it are read"
    );
    assert_eq!(hostile.broken.len(), 1);
    assert_eq!(hostile.broken[0].at.line, 3);
}

#[test]
fn documents_are_cut_at_markers_with_their_first_lines() {
    use crate::verify::repo::yaml_docs::split_documents;
    let text = "# header\n%YAML 1.2\n---\na: 1\n...\n---\nb: [x,\n---\nc: 3\n--- {d: 4}\n";
    let cut: Vec<u32> = split_documents(text)
        .iter()
        .map(|(line, _)| *line)
        .collect();
    assert_eq!(
        cut,
        vec![1, 6, 8, 10],
        "the header stays with the first document"
    );
    let parsed = parse_file("x.yaml", text);
    let values: Vec<_> = parsed.documents.iter().map(|d| d.value.clone()).collect();
    assert_eq!(
        values,
        vec![json!({"a": 1}), json!({"c": 3}), json!({"d": 4})]
    );
    assert_eq!(
        parsed
            .documents
            .iter()
            .map(|d| d.start.line)
            .collect::<Vec<_>>(),
        vec![4, 9, 10]
    );
    assert_eq!(parsed.broken.len(), 1);
    assert_eq!(parsed.broken[0].at.line, 7, "the unclosed list");
}
