//! Verification end to end through `verifyService` with every source configured: a real
//! Prometheus (started here, scraping an exporter the test serves) and a GitHub fake shaped
//! like the REST API. Then Prometheus goes away: its items become errors with the reason,
//! and the earlier conclusive evidence stays.

use crate::github_fake::{FakeGitHub, load_dir};
use crate::helpers::{Backend, TestApp};
use crate::prom::server::{PromServer, PromSetup, TestExporter};
use orrery::config::SourceArgs;
use serde_json::{Value, json};
use std::path::Path;

const RULES: &str = r#"groups:
  - name: checkout
    rules:
      - alert: CheckoutErrors
        expr: sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m])) > 1
        labels: { severity: page }
        annotations: { summary: "Checkout is failing requests", runbook_url: "https://runbooks.example/checkout" }
      - record: slo:sli_error:ratio_rate5m
        expr: sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout"}[5m]))
"#;

const VERIFY: &str = "mutation($s: String!) { verifyService(slug: $s) {
    source commit items { itemKey outcome summary applied } skipped { itemKey reason } } }";

fn outcome(report: &Value, key: &str) -> String {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["itemKey"] == key)
        .unwrap_or_else(|| panic!("{key} missing from {report:#}"))["outcome"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn verifies_github_and_prometheus_end_to_end(backend: Backend) {
    let exporter = TestExporter::start().await;
    exporter.set(r#"http_requests_total{code="200"}"#, 1200.0);
    exporter.set(r#"http_requests_total{code="500"}"#, 3.0);
    let prom = PromServer::start(
        PromSetup::new()
            .rule_file("checkout.yml", RULES)
            .scrape("checkout", [exporter.address()]),
    )
    .await;
    prom.wait_targets_scraped().await;
    prom.wait_rules_evaluated(&[]).await;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/well-prepared");
    let github = FakeGitHub::default()
        .repo("acme/checkout", load_dir(&fixture))
        .required_reviews(2)
        .start()
        .await;
    let app = TestApp::spawn_with(
        backend,
        SourceArgs {
            prometheus_url: Some(prom.url().to_owned()),
            github_api_url: github.uri(),
            github_token: Some("test-token".into()),
            ..SourceArgs::default()
        },
    )
    .await;
    app.seed_team("shop").await;
    let review = app
        .ok(
            "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"shop\",
                tier: TIER2, repository: \"acme/checkout\", monitoring: {job: \"checkout\"}}) { currentReview { id } } }",
            json!({}),
        )
        .await["createService"]["currentReview"]["id"]
        .clone();

    let report = app.ok(VERIFY, json!({"s": "checkout"})).await["verifyService"].clone();
    assert_eq!(
        report["skipped"],
        json!([]),
        "every automated item ran: {report:#}"
    );
    assert!(
        report["source"].as_str().unwrap().contains("acme/checkout"),
        "{report:#}"
    );
    let commit = report["commit"].as_str().expect("GitHub commit recorded");
    assert_eq!(commit.len(), 40);
    // Repository checks against the GitHub fake: the well-prepared service passes, including
    // branch protection, which only a hosting service can answer.
    for key in [
        "ownership.codeowners",
        "change_management.code_review",
        "observability.slo_defined",
    ]
    .into_iter()
    .filter(|k| {
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["itemKey"] == *k)
    }) {
        assert_eq!(outcome(&report, key), "PASS", "{key}: {report:#}");
    }
    assert_eq!(outcome(&report, "change_management.code_review"), "PASS");
    // Prometheus checks against the real server.
    assert_eq!(outcome(&report, "observability.metrics_scraped"), "PASS");
    assert_eq!(outcome(&report, "observability.slos"), "PASS");
    assert_eq!(
        outcome(&report, "incident_response.actionable_alerts"),
        "PASS"
    );
    assert_eq!(outcome(&report, "observability.error_budget"), "FAIL");
    assert_eq!(outcome(&report, "observability.saturation_alerts"), "FAIL");
    assert_eq!(
        outcome(&report, "incident_response.burn_rate_alerts"),
        "FAIL"
    );

    // Prometheus goes away: its items are errors with the reason; the last conclusive
    // evidence is kept, and GitHub items are unaffected.
    drop(prom);
    let again = app.ok(VERIFY, json!({"s": "checkout"})).await["verifyService"].clone();
    assert_eq!(outcome(&again, "observability.metrics_scraped"), "ERROR");
    assert_eq!(outcome(&again, "change_management.code_review"), "PASS");
    let summary = again["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["itemKey"] == "observability.metrics_scraped")
        .unwrap()["summary"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(summary.to_lowercase().contains("unreachable"), "{summary}");
    let items = app
        .ok(
            "query($id: ID!) { review(id: $id) { items { key outcome verification { outcome lastConclusive } } } }",
            json!({"id": review}),
        )
        .await;
    let scraped = items["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "observability.metrics_scraped")
        .unwrap()
        .clone();
    assert_eq!(scraped["verification"]["outcome"], "ERROR");
    assert!(
        scraped["verification"]["lastConclusive"]["summary"].is_string(),
        "the pass evidence survives: {scraped:#}"
    );
}

mod end_to_end {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::verifies_github_and_prometheus_end_to_end(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::verifies_github_and_prometheus_end_to_end(super::Backend::Postgres).await;
    }
}
