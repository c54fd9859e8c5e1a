//! The real-Prometheus harness itself: valid fixture rule files, scraping and rule evaluation,
//! clear failures, and backfilled history.

use super::checks::{CHECKOUT_RULES, OTHER_RULES, SLOW_RULES};
use super::server::{
    PROMETHEUS_ENV, PromServer, PromSetup, TestExporter, backfill_openmetrics,
    promtool_check_rules, require_binary, wait_until,
};
use orrery::verify::prom::{MetricsSource, PrometheusHttp, QueryValue};
use std::time::Duration;

#[test]
fn prom_fixture_rule_files_are_valid() {
    for rules in [CHECKOUT_RULES, OTHER_RULES, SLOW_RULES] {
        promtool_check_rules(rules).unwrap();
    }
}

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

#[test]
#[should_panic(expected = "Install the Debian `prometheus` package")]
fn prom_missing_binary_fails_clearly() {
    require_binary(
        "/nonexistent/prometheus".into(),
        PROMETHEUS_ENV,
        "prometheus",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[should_panic(expected = "unclosed left parenthesis")]
async fn prom_harness_reports_why_prometheus_did_not_start() {
    PromServer::start(PromSetup::new().rule_file(
        "bad.yml",
        "groups:\n- name: b\n  rules:\n  - record: x\n    expr: sum(\n",
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_harness_serves_backfilled_history() {
    let dir = std::env::temp_dir().join(format!(
        "orrery-backfill-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    // Hourly samples of a counter growing by 100, starting 30 days ago: older than the
    // default 15-day retention, so only a long retention keeps them.
    let start = chrono::Utc::now().timestamp() - 30 * 86_400;
    let mut text = String::from("# TYPE orrery_backfill_requests counter\n");
    for hour in 0..=10 {
        text.push_str(&format!(
            "orrery_backfill_requests_total{{job=\"old\"}} {} {}\n",
            hour * 100,
            start + hour * 3600
        ));
    }
    text.push_str("# EOF\n");
    backfill_openmetrics(&text, &dir);
    let prom = PromServer::start(PromSetup::new().data_dir(&dir).retention("3650d")).await;
    let source = PrometheusHttp::new(prom.url(), Duration::from_secs(10)).unwrap();
    let at = chrono::DateTime::from_timestamp(start + 5 * 3600, 0).unwrap();
    let QueryValue::Vector(v) = source
        .query(r#"orrery_backfill_requests_total{job="old"}"#, Some(at))
        .await
        .unwrap()
    else {
        panic!("vector expected");
    };
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].value, 500.0);
    drop(prom);
    let _ = std::fs::remove_dir_all(&dir);
}
