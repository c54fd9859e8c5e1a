//! The operators of `repo.yaml_path`: numeric comparisons by value with `all`/`any`,
//! `matches`, `exists` and `absent`, and `matches` reading numbers as their text.

use super::{DEPLOYMENTS, repo, yaml};
use crate::verify::CheckOutcome;
use crate::verify::repo::tests::{MemRepo, check};

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
        o["first_failure"]["line"], 23,
        "the replicas line of the third document"
    );
    assert!(
        r.evidence.summary.contains("`spec.replicas` is 1"),
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
    assert!(
        r.evidence
            .summary
            .contains("`spec.template.spec..readinessProbe` is missing"),
        "{}",
        r.evidence.summary
    );

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
        r.evidence
            .summary
            .contains("has `spec.template.spec.containers[0].env[0]`"),
        "{}",
        r.evidence.summary
    );
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
    assert_eq!(o["first_failure"]["object"], "Deployment/c");
    assert!(
        r.evidence.summary.contains("`spec.n` is 10"),
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
