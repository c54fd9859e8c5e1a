//! The readiness manifest in the GitHub App flow: a push to the default branch makes the
//! service follow its `orrery.yaml`; a pull request that adds an SLO to it is judged with
//! the SLO (NO_SLO cleared in the "after" scorecard).

use super::fake::{FakeChecks, Files};
use super::*;
use crate::dual_backend_test;
use crate::helpers::Backend;
use serde_json::json;

const MANIFEST: &str = "apiVersion: orrery.dev/v1
kind: Service
service:
  slug: orders
  name: Orders
  team: payments
  tier: tier2
  lifecycle: production
";

const SLO: &str = "slos:
  - name: availability
    sli:
      kind: ratio
      good_query: sum(rate(http_requests_total{job=\"orders\",code!~\"5..\"}[5m]))
      total_query: sum(rate(http_requests_total{job=\"orders\"}[5m]))
    objective_percent: 99.9
    window_days: 28
";

/// The well-prepared fixture with a manifest: without an SLO at the base, with one at the
/// head.
fn commits() -> Vec<(String, Files)> {
    let all = crate::github_fake::load_dir(&crate::helpers::fixture_repos().join("well-prepared"));
    let with = |manifest: String| {
        let mut files = all.clone();
        files.push(("orrery.yaml".to_owned(), manifest.into_bytes()));
        files
    };
    vec![
        (BASE.to_owned(), with(MANIFEST.to_owned())),
        (HEAD.to_owned(), with(format!("{MANIFEST}{SLO}"))),
    ]
}

async fn a_push_makes_the_service_follow_its_manifest(backend: Backend) {
    let (github, _fake) = FakeChecks::new(commits()).start().await;
    let app = spawn(backend, Some(&github.uri())).await;
    service_on(&app, "orders", "acme/orders").await;
    let push = json!({"ref": "refs/heads/main", "before": BASE, "after": HEAD, "deleted": false,
        "repository": {"name": "orders", "full_name": "acme/orders",
                       "owner": {"login": "acme"}, "default_branch": "main"},
        "installation": {"id": 77}});
    assert_eq!(deliver(&app, "push", "push-1", &push).await.status(), 202);
    let done = settled(&app).await;
    let outcome = done[0].outcome.clone().unwrap_or_default();
    assert!(
        outcome.starts_with("orders: synced from orrery.yaml"),
        "{outcome}"
    );
    let data = app
        .ok(
            "{ service(slug: \"orders\") { name lifecycle slos { name } manifest { commit } } }",
            json!({}),
        )
        .await;
    let s = &data["service"];
    assert_eq!(s["name"], "Orders");
    assert_eq!(s["lifecycle"], "PRODUCTION");
    assert_eq!(s["slos"][0]["name"], "availability");
    assert_eq!(s["manifest"]["commit"], HEAD);
}

async fn a_pull_request_adding_an_slo_is_judged_with_it(backend: Backend) {
    let (github, fake) = FakeChecks::new(commits()).start().await;
    let app = spawn(backend, Some(&github.uri())).await;
    service_on(&app, "orders", "acme/orders").await;
    let body = pull_request("opened", "acme/orders", HEAD);
    assert_eq!(
        deliver(&app, "pull_request", "pr-1", &body).await.status(),
        202
    );
    settled(&app).await;
    let runs = fake.runs();
    assert_eq!(runs.len(), 1);
    let last = runs[0].bodies.last().unwrap();
    let summary = last["output"]["summary"].as_str().unwrap();
    let head_blockers = summary
        .split("### What blocks launch at the head")
        .nth(1)
        .unwrap_or_default();
    assert!(!head_blockers.contains("NO_SLO"), "{summary}");
    // Nothing was synced from a pull request: the catalog still has no SLO.
    let data = app
        .ok("{ service(slug: \"orders\") { slos { name } } }", json!({}))
        .await;
    assert_eq!(data["service"]["slos"].as_array().unwrap().len(), 0);
}

dual_backend_test!(
    a_push_makes_the_service_follow_its_manifest,
    a_pull_request_adding_an_slo_is_judged_with_it,
);
