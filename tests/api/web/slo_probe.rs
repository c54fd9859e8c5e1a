//! "Test query" on the SLO form against a real Prometheus: the counts its queries return,
//! a query that counts nothing, and one Prometheus cannot run, each said in words — and
//! nothing saved by a test.

use super::html::{post, section};
use crate::helpers::{Backend, TestApp};
use crate::prom::server::{PromServer, PromSetup, TestExporter};
use orrery::config::SourceArgs;
use reqwest::StatusCode;

mod test_query_asks_prometheus {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::test_query_asks_prometheus(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::test_query_asks_prometheus(super::Backend::Postgres).await;
    }
}

async fn probe(app: &TestApp, good: &str, total: &str) -> String {
    let form = [
        ("name", "availability"),
        ("sli_kind", "ratio"),
        ("good_query", good),
        ("total_query", total),
        ("objective_percent", "99"),
        ("window_days", "28"),
        ("action", "test"),
    ];
    let res = post(app, "/services/checkout/slos/new", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    section(&res.text().await.unwrap(), "probe-title")
}

async fn test_query_asks_prometheus(backend: Backend) {
    let exporter = TestExporter::start().await;
    exporter.set("web_requests_total{code=\"200\"}", 0.0);
    let prom = PromServer::start(PromSetup::new().scrape("checkout", [exporter.address()])).await;
    prom.wait_targets_scraped().await;
    exporter.set("web_requests_total{code=\"200\"}", 5_000.0);
    prom.wait_for_series("web_requests_total{code=\"200\"} == 5000")
        .await;
    let sources = SourceArgs {
        prometheus_url: Some(prom.url().to_owned()),
        prometheus_timeout_secs: 2,
        ..SourceArgs::default()
    };
    let app = TestApp::spawn_with(backend, sources).await;
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;

    let counted = probe(
        &app,
        "web_requests_total{job=\"checkout\",code=\"200\"}",
        "web_requests_total{job=\"checkout\"}",
    )
    .await;
    assert!(
        counted.contains("Prometheus ran the queries and counted events"),
        "{counted}"
    );
    assert!(
        counted.contains("Good events over the SLO window"),
        "{counted}"
    );
    assert!(
        counted.contains("increase(web_requests_total"),
        "the PromQL sent: {counted}"
    );
    assert!(counted.contains("Nothing was saved by the test."));

    let nothing = probe(&app, "no_such_metric_total", "no_such_metric_total").await;
    assert!(nothing.contains("count no events yet"), "{nothing}");
    assert!(nothing.contains("no series matched"), "{nothing}");

    let refused = probe(
        &app,
        "sum(rate(web_requests_total[5m]))",
        "web_requests_total",
    )
    .await;
    assert!(refused.contains("could not run it"), "{refused}");

    let (_, page) = super::html::get(&app, "/services/checkout").await;
    assert!(
        section(&page, "slo-title").contains("No SLOs defined"),
        "a test saves nothing"
    );
}
