//! Automated verification of local repositories: results, evidence, manual answers kept,
//! contradicted manual passes flagged.

use crate::dual_test;
use crate::helpers::TestApp;
use serde_json::{Value, json};

dual_test!(
    well_prepared_repository_passes,
    neglected_repository_fails_and_flags,
    services_without_a_repository_are_skipped,
    reverifying_unchanged_results_keeps_the_review_version
);

const REVIEW_VERSION: &str = "query($r: ID!) { review(id: $r) { version } }";

async fn review_version(app: &TestApp, review: &str) -> i64 {
    app.ok(REVIEW_VERSION, json!({"r": review})).await["review"]["version"]
        .as_i64()
        .unwrap()
}

const VERIFY: &str = "mutation($s: String!) { verifyService(slug: $s) {
    source commit items { itemKey outcome summary path line applied flagged } skipped { itemKey reason } } }";

fn fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repos")
        .join(name)
        .display()
        .to_string()
}

async fn service_with_repo(app: &TestApp, slug: &str, repo: Option<&str>) -> String {
    app.seed_team("payments").await;
    let data = app
        .ok(
            "mutation($s: String!, $r: String) { createService(input: {slug: $s, name: \"S\", teamSlug: \"payments\", tier: TIER2, repository: $r}) { currentReview { id } } }",
            json!({"s": slug, "r": repo}),
        )
        .await;
    data["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn item<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["itemKey"] == key)
        .unwrap_or_else(|| panic!("{key} in {report:#}"))
}

async fn well_prepared_repository_passes(app: TestApp) {
    let review = service_with_repo(&app, "checkout", Some(&fixture("well-prepared"))).await;
    let report = app.ok(VERIFY, json!({"s": "checkout"})).await["verifyService"].clone();
    let items = report["items"].as_array().unwrap();
    assert!(items.len() >= 15, "{report:#}");
    for i in items {
        let expected = if i["itemKey"] == "change_management.code_review" {
            "NOT_APPLICABLE"
        } else {
            "PASS"
        };
        assert_eq!(i["outcome"], expected, "{i:#}");
        assert_eq!(i["applied"], true);
        assert!(!i["summary"].as_str().unwrap().is_empty());
    }
    assert!(report["source"].as_str().unwrap().contains("well-prepared"));
    // Prometheus items are reported as skipped, with the reason.
    assert!(
        report["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s["reason"].as_str().unwrap().is_empty())
    );

    // The results became automated answers with their evidence, and the score moved.
    let q = "query($r: ID!) { review(id: $r) { items { key outcome response { source evidence } verification { outcome summary path flagged } } } }";
    let r = app.ok(q, json!({"r": review})).await;
    let ci = r["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "change_management.ci")
        .unwrap()
        .clone();
    assert_eq!(ci["outcome"], "PASS");
    assert_eq!(ci["response"]["source"], "AUTOMATED");
    assert_eq!(ci["verification"]["outcome"], "PASS");
    assert!(
        ci["verification"]["path"]
            .as_str()
            .unwrap()
            .starts_with(".github/workflows/"),
        "{ci:#}"
    );
    let card = app
        .ok(
            "{ service(slug: \"checkout\") { scorecard { score } } }",
            json!({}),
        )
        .await;
    assert!(card["service"]["scorecard"]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        app.audit_actions("review", &review).await[0],
        "review.verify"
    );
}

async fn neglected_repository_fails_and_flags(app: TestApp) {
    let review = service_with_repo(&app, "legacy", Some(&fixture("neglected"))).await;
    // The owner claims replicas are fine before automation looks.
    app.ok(
        "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"resilience.replicas\", outcome: PASS, evidence: \"trust me\", expectedVersion: 0) { version } }",
        json!({"r": review}),
    )
    .await;
    let report = app.ok(VERIFY, json!({"s": "legacy"})).await["verifyService"].clone();
    let failing = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["outcome"] == "FAIL")
        .count();
    assert!(
        failing >= 8,
        "most repository checks fail on a neglected repository: {report:#}"
    );
    let replicas = item(&report, "resilience.replicas");
    assert_eq!(replicas["outcome"], "FAIL");
    assert_eq!(
        replicas["applied"], false,
        "manual answers are never overwritten"
    );
    assert_eq!(
        replicas["flagged"], true,
        "automation contradicting a manual pass is flagged"
    );
    assert!(
        replicas["path"].as_str().unwrap().starts_with("deploy/"),
        "{replicas:#}"
    );

    let q = "query($r: ID!) { review(id: $r) { items { key outcome response { source evidence } verification { outcome flagged } } } }";
    let r = app.ok(q, json!({"r": review})).await;
    let row = r["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "resilience.replicas")
        .unwrap()
        .clone();
    assert_eq!(row["outcome"], "PASS");
    assert_eq!(
        row["response"],
        json!({"source": "MANUAL", "evidence": "trust me"})
    );
    assert_eq!(
        row["verification"],
        json!({"outcome": "FAIL", "flagged": true})
    );

    // Running again changes nothing it should not: still flagged, answer kept.
    let again = app.ok(VERIFY, json!({"s": "legacy"})).await["verifyService"].clone();
    assert_eq!(item(&again, "resilience.replicas")["flagged"], true);
}

async fn services_without_a_repository_are_skipped(app: TestApp) {
    let review = service_with_repo(&app, "norepo", None).await;
    let before = review_version(&app, &review).await;
    let report = app.ok(VERIFY, json!({"s": "norepo"})).await["verifyService"].clone();
    assert_eq!(report["items"], json!([]));
    let reasons: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("no repository")),
        "{reasons:?}"
    );
    assert_eq!(
        review_version(&app, &review).await,
        before,
        "a run that checked nothing leaves the review (and forms showing it) as it was"
    );
    let missing = app.gql(VERIFY, json!({"s": "ghost"})).await;
    assert_eq!(crate::helpers::code(&missing), "NOT_FOUND");
}

/// The scheduler re-verifies every service periodically. A run whose outcomes are all the
/// same must not bump the review's version, or every open sign-off and decision form would go
/// stale each interval; a run that changes an outcome must.
async fn reverifying_unchanged_results_keeps_the_review_version(app: TestApp) {
    let review = service_with_repo(&app, "steady", Some(&fixture("well-prepared"))).await;
    app.ok(VERIFY, json!({"s": "steady"})).await;
    let after_first = review_version(&app, &review).await;
    app.ok(VERIFY, json!({"s": "steady"})).await;
    assert_eq!(review_version(&app, &review).await, after_first);

    // Pointing the service at a neglected repository changes outcomes: the version moves.
    let svc = app
        .ok("query { service(slug: \"steady\") { version } }", json!({}))
        .await;
    app.ok(
        "mutation($v: Int!, $r: String!) { updateService(slug: \"steady\", expectedVersion: $v, input: {repository: $r}) { version } }",
        json!({"v": svc["service"]["version"], "r": fixture("neglected")}),
    )
    .await;
    app.ok(VERIFY, json!({"s": "steady"})).await;
    assert!(review_version(&app, &review).await > after_first);
}
