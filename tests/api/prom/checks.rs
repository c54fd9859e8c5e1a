//! Prometheus checks against a real Prometheus scraping a test exporter whose values the tests
//! set, with the rule files in `tests/fixtures/prometheus/`: the shared scenario and helpers,
//! the source itself and an unreachable server. The checks of each kind are in
//! `prom_query_checks`, `prom_alert_rule_checks` and `prom_target_and_recording_checks`; the
//! harness's own tests in `prom_harness`.

use super::server::{PromServer, PromSetup, TestExporter, free_port};
use orrery::domain::catalog::Monitoring;
use orrery::domain::template::{CheckSpec, PromOp};
use orrery::verify::placeholders::ServiceFields;
use orrery::verify::prom::{
    MetricsSource, PrometheusHttp, QueryValue, RuleKind, is_prom_check, run_prom_check,
};
use orrery::verify::{CheckOutcome, CheckResult};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

pub(crate) const CHECKOUT_RULES: &str =
    include_str!("../../fixtures/prometheus/checkout-alerts.yml");
pub(crate) const OTHER_RULES: &str = include_str!("../../fixtures/prometheus/other-alerts.yml");
pub(crate) const SLOW_RULES: &str = include_str!("../../fixtures/prometheus/slow-rules.yml");

/// What the exporter serves; the tests compare observed values with these.
pub(crate) const REQUESTS_OK: f64 = 1234.0;
pub(crate) const REQUESTS_ERR: f64 = 17.0;
pub(crate) const QUEUE_DEPTH: f64 = 7.0;

/// A Prometheus scraping the exporter as `checkout`, `cart` and `payments` (plus a closed
/// port), and only a closed port as `ledger`, all in namespace `shop`.
pub(crate) struct Scenario {
    pub(crate) prom: PromServer,
    pub(crate) exporter: TestExporter,
    pub(crate) source: PrometheusHttp,
    pub(crate) closed: String,
}

pub(crate) async fn scenario() -> Scenario {
    let exporter = TestExporter::start().await;
    exporter.set(r#"orrery_test_requests_total{code="200"}"#, REQUESTS_OK);
    exporter.set(r#"orrery_test_requests_total{code="500"}"#, REQUESTS_ERR);
    // A counter that never moved: x/x on it is 0/0 = NaN.
    exporter.set("orrery_test_errors_total", 0.0);
    exporter.set("orrery_test_queue_depth", QUEUE_DEPTH);
    let closed = format!("127.0.0.1:{}", free_port());
    let shop = [("namespace", "shop")];
    let prom = PromServer::start(
        PromSetup::new()
            .rule_file("checkout-alerts.yml", CHECKOUT_RULES)
            .rule_file("other-alerts.yml", OTHER_RULES)
            .rule_file("slow-rules.yml", SLOW_RULES)
            .scrape_with_labels("checkout", [exporter.address()], &shop)
            .scrape_with_labels("cart", [exporter.address()], &shop)
            .scrape_with_labels("payments", [exporter.address(), closed.clone()], &shop)
            .scrape_with_labels("ledger", [closed.clone()], &shop),
    )
    .await;
    prom.wait_targets_scraped().await;
    prom.wait_rules_evaluated(&[
        "CheckoutHighErrorRate",
        "CheckoutQueueBacklog",
        "checkout:requests:rate1m",
        "CartDown",
        "PaymentsErrorBudgetBurn",
        "LedgerBroken",
        "ledger:broken:sum",
    ])
    .await;
    let source = PrometheusHttp::new(prom.url(), Duration::from_secs(10)).unwrap();
    Scenario {
        prom,
        exporter,
        source,
        closed,
    }
}

pub(crate) fn service(slug: &str, job: Option<&str>, namespace: Option<&str>) -> ServiceFields {
    ServiceFields::new(
        slug,
        &Monitoring {
            job: job.map(str::to_owned),
            namespace: namespace.map(str::to_owned),
            matchers: vec![],
        },
    )
}

pub(crate) fn checkout() -> ServiceFields {
    service("checkout", Some("checkout"), Some("shop"))
}

pub(crate) fn query(q: &str, op: PromOp, value: Option<f64>) -> CheckSpec {
    CheckSpec::PrometheusQuery {
        query: q.into(),
        op,
        value,
    }
}

pub(crate) fn alert_rule(annotations: &[&str], expr_pattern: Option<&str>) -> CheckSpec {
    CheckSpec::PrometheusAlertRule {
        labels: None,
        annotations: Some(annotations.iter().map(|a| (*a).to_owned()).collect()),
        expr_pattern: expr_pattern.map(str::to_owned),
    }
}

pub(crate) async fn check(s: &Scenario, spec: &CheckSpec, fields: &ServiceFields) -> CheckResult {
    assert!(is_prom_check(spec));
    let result = run_prom_check(spec, fields, &s.source).await;
    assert_eq!(result.evidence.observed["kind"], spec.kind(), "{result:#?}");
    result
}

pub(crate) fn assert_outcome(result: &CheckResult, outcome: CheckOutcome, needle: &str) {
    assert_eq!(result.outcome, outcome, "{result:#?}");
    assert!(
        result.evidence.summary.contains(needle),
        "summary should contain {needle:?}: {result:#?}"
    );
}

/// The observed value of the sample whose labels include `label=value`.
pub(crate) fn observed_value(result: &CheckResult, label: &str, value: &str) -> Value {
    result.evidence.observed["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["labels"][label] == value)
        .unwrap_or_else(|| panic!("no sample with {label}={value}: {result:#?}"))["value"]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_source_reads_queries_rules_and_targets() {
    let s = scenario().await;
    let src = &s.source;
    assert_eq!(src.describe(), format!("Prometheus at {}", s.prom.url()));
    assert!(matches!(src.query("0/0", None).await.unwrap(), QueryValue::Scalar(v) if v.is_nan()));
    let QueryValue::Vector(inf) = src.query("vector(1)/0", None).await.unwrap() else {
        panic!("vector expected");
    };
    assert_eq!(inf[0].value, f64::INFINITY);
    assert_eq!(
        src.query("-1/0", None).await.unwrap(),
        QueryValue::Scalar(f64::NEG_INFINITY)
    );
    let at = chrono::Utc::now();
    let QueryValue::Vector(v) = src
        .query(r#"orrery_test_queue_depth{job="checkout"}"#, Some(at))
        .await
        .unwrap()
    else {
        panic!("vector expected");
    };
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].value, QUEUE_DEPTH);
    assert_eq!(v[0].labels["namespace"], "shop");

    let e = src.query("sum(", None).await.unwrap_err();
    assert!(e.message.contains("`sum(`"), "{e}");
    assert!(e.message.contains("bad_data"), "{e}");
    assert!(e.message.contains("parse error"), "{e}");
    let e = src.query("up[1m]", None).await.unwrap_err();
    assert!(e.message.contains("range vector"), "{e}");

    let groups = src.rules().await.unwrap();
    let files: BTreeMap<&str, &str> = groups
        .iter()
        .map(|g| (g.name.as_str(), g.file.as_str()))
        .collect();
    assert_eq!(files["checkout"], "checkout-alerts.yml");
    assert_eq!(files["checkout-weekly"], "slow-rules.yml");
    let all: Vec<_> = groups.iter().flat_map(|g| &g.rules).collect();
    let by_name = |n: &str| *all.iter().find(|r| r.name == n).unwrap();
    let high = by_name("CheckoutHighErrorRate");
    assert_eq!(high.kind, RuleKind::Alerting);
    assert_eq!(high.health, "ok");
    assert_eq!(high.labels["severity"], "page");
    assert!(high.annotations["runbook_url"].starts_with("https://"));
    assert_eq!(
        by_name("checkout:requests:rate1m").kind,
        RuleKind::Recording
    );
    assert_eq!(by_name("LedgerBroken").health, "err");
    assert!(
        by_name("LedgerBroken")
            .last_error
            .as_deref()
            .unwrap()
            .contains("matching")
    );
    assert_eq!(by_name("checkout:weekly:sum").health, "unknown");

    let targets = src.targets().await.unwrap();
    assert_eq!(targets.len(), 5);
    let ledger = targets
        .iter()
        .find(|t| t.labels["job"] == "ledger")
        .unwrap();
    assert_eq!(ledger.health, "down");
    assert_eq!(ledger.scrape_url, format!("http://{}/metrics", s.closed));
    assert!(ledger.last_error.as_deref().unwrap().contains("refused"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_unreachable_prometheus_is_an_error_for_every_kind() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let source = PrometheusHttp::new(&url, Duration::from_secs(2))
        .unwrap()
        .with_retries(1, Duration::from_millis(20));
    for spec in [
        query("up", PromOp::NonEmpty, None),
        alert_rule(&["summary"], None),
        CheckSpec::PrometheusTargetUp { min_up_ratio: None },
        CheckSpec::PrometheusRecordingRule { name: "x".into() },
    ] {
        let r = run_prom_check(&spec, &checkout(), &source).await;
        assert_eq!(r.outcome, CheckOutcome::Error, "{r:#?}");
        assert!(
            r.evidence
                .summary
                .contains(&format!("Prometheus at {url} is unreachable")),
            "{r:#?}"
        );
    }
}
