//! Prometheus checks against a real Prometheus scraping a test exporter.

use crate::prom_server::{PromServer, PromSetup, TestExporter, wait_until};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_harness_scrapes_exporter_and_evaluates_rules() {
    let exporter = TestExporter::start().await;
    exporter.set(r#"harness_requests_total{code="200"}"#, 42.0);
    let prom = PromServer::start(
        PromSetup::new()
            .rule_file(
                "harness.yml",
                "groups:\n- name: h\n  rules:\n  - record: harness:requests:sum\n    expr: sum(harness_requests_total)\n",
            )
            .scrape_with_labels("harness", [exporter.address()], &[("namespace", "test")])
            .retention("3650d"),
    )
    .await;
    prom.wait_targets_scraped().await;
    prom.wait_rules_evaluated(&[]).await;
    let samples = prom.wait_for_series("harness:requests:sum").await;
    assert_eq!(samples[0]["value"][1], "42");
    let up = prom.query(r#"up{job="harness",namespace="test"}"#).await;
    assert_eq!(up["result"][0]["value"][1], "1", "{up:#}");
    exporter.set(r#"harness_requests_total{code="200"}"#, 43.0);
    wait_until(
        "the new value to be scraped",
        Duration::from_secs(10),
        || async { prom.query("harness:requests:sum").await["result"][0]["value"][1] == "43" },
    )
    .await;
    let flags = prom.api("/api/v1/status/flags").await;
    // Prometheus prints 3650d in its largest unit.
    assert_eq!(flags["storage.tsdb.retention.time"], "10y");
}
