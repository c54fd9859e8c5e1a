//! Prometheus checks against a real Prometheus scraping a test exporter whose values the tests
//! set, with the rule files in `tests/fixtures/prometheus/`.

use crate::prom_server::{
    PROMETHEUS_ENV, PromServer, PromSetup, TestExporter, backfill_openmetrics, free_port,
    promtool_check_rules, require_binary, wait_until,
};
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

const CHECKOUT_RULES: &str = include_str!("../fixtures/prometheus/checkout-alerts.yml");
const OTHER_RULES: &str = include_str!("../fixtures/prometheus/other-alerts.yml");
const SLOW_RULES: &str = include_str!("../fixtures/prometheus/slow-rules.yml");

/// What the exporter serves; the tests compare observed values with these.
const REQUESTS_OK: f64 = 1234.0;
const REQUESTS_ERR: f64 = 17.0;
const QUEUE_DEPTH: f64 = 7.0;

/// A Prometheus scraping the exporter as `checkout`, `cart` and `payments` (plus a closed
/// port), and only a closed port as `ledger`, all in namespace `shop`.
struct Scenario {
    prom: PromServer,
    exporter: TestExporter,
    source: PrometheusHttp,
    closed: String,
}

async fn scenario() -> Scenario {
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

fn service(slug: &str, job: Option<&str>, namespace: Option<&str>) -> ServiceFields {
    ServiceFields::new(
        slug,
        &Monitoring {
            job: job.map(str::to_owned),
            namespace: namespace.map(str::to_owned),
            matchers: vec![],
        },
    )
}

fn checkout() -> ServiceFields {
    service("checkout", Some("checkout"), Some("shop"))
}

fn query(q: &str, op: PromOp, value: Option<f64>) -> CheckSpec {
    CheckSpec::PrometheusQuery {
        query: q.into(),
        op,
        value,
    }
}

fn alert_rule(annotations: &[&str], expr_pattern: Option<&str>) -> CheckSpec {
    CheckSpec::PrometheusAlertRule {
        labels: None,
        annotations: Some(annotations.iter().map(|a| (*a).to_owned()).collect()),
        expr_pattern: expr_pattern.map(str::to_owned),
    }
}

async fn check(s: &Scenario, spec: &CheckSpec, fields: &ServiceFields) -> CheckResult {
    assert!(is_prom_check(spec));
    let result = run_prom_check(spec, fields, &s.source).await;
    assert_eq!(result.evidence.observed["kind"], spec.kind(), "{result:#?}");
    result
}

fn assert_outcome(result: &CheckResult, outcome: CheckOutcome, needle: &str) {
    assert_eq!(result.outcome, outcome, "{result:#?}");
    assert!(
        result.evidence.summary.contains(needle),
        "summary should contain {needle:?}: {result:#?}"
    );
}

/// The observed value of the sample whose labels include `label=value`.
fn observed_value(result: &CheckResult, label: &str, value: &str) -> Value {
    result.evidence.observed["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["labels"][label] == value)
        .unwrap_or_else(|| panic!("no sample with {label}={value}: {result:#?}"))["value"]
        .clone()
}

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
async fn prom_query_checks_compare_what_the_exporter_serves() {
    let s = scenario().await;
    let svc = checkout();

    let r = check(
        &s,
        &query(
            "orrery_test_requests_total{ {{selector}} }",
            PromOp::NonEmpty,
            None,
        ),
        &svc,
    )
    .await;
    assert_outcome(&r, CheckOutcome::Pass, "returned 2 series");
    assert_eq!(
        r.evidence.query.as_deref(),
        Some(r#"orrery_test_requests_total{ job="checkout",namespace="shop" }"#)
    );
    assert_eq!(r.evidence.observed["result"], "values");
    assert_eq!(observed_value(&r, "code", "200"), REQUESTS_OK);
    assert_eq!(observed_value(&r, "code", "500"), REQUESTS_ERR);

    let total = r#"sum(orrery_test_requests_total{job="{{job}}",namespace="{{namespace}}"})"#;
    let r = check(
        &s,
        &query(total, PromOp::Gte, Some(REQUESTS_OK + REQUESTS_ERR)),
        &svc,
    )
    .await;
    assert_outcome(&r, CheckOutcome::Pass, "= 1251, which is ≥ 1251");
    assert_eq!(
        r.evidence.observed["samples"][0]["value"],
        REQUESTS_OK + REQUESTS_ERR
    );
    let r = check(
        &s,
        &query(total, PromOp::Gte, Some(REQUESTS_OK + REQUESTS_ERR + 1.0)),
        &svc,
    )
    .await;
    assert_outcome(&r, CheckOutcome::Fail, "= 1251, which is not ≥ 1252");
    let r = check(&s, &query(total, PromOp::Lte, Some(1000.0)), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "not ≤ 1000");

    let depth = "orrery_test_queue_depth{ {{selector}} }";
    let r = check(&s, &query(depth, PromOp::Equals, Some(QUEUE_DEPTH)), &svc).await;
    assert_outcome(&r, CheckOutcome::Pass, "= 7, which is = 7");
    let r = check(
        &s,
        &query(&format!("scalar({depth})"), PromOp::Lte, Some(10.0)),
        &svc,
    )
    .await;
    assert_outcome(&r, CheckOutcome::Pass, "which is ≤ 10");
    assert_eq!(r.evidence.observed["result_type"], "scalar");

    let none = r#"orrery_test_requests_total{ {{selector}}, code="503" }"#;
    let r = check(&s, &query(none, PromOp::Empty, None), &svc).await;
    assert_outcome(&r, CheckOutcome::Pass, "No series matched");
    let r = check(&s, &query(none, PromOp::NonEmpty, None), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "No series matched");
    let r = check(&s, &query(depth, PromOp::Empty, None), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "where none was expected");

    // The value is read live: change it and the check sees the new one.
    s.exporter.set("orrery_test_queue_depth", 150.0);
    wait_until("the new queue depth", Duration::from_secs(15), || async {
        s.prom
            .query(r#"orrery_test_queue_depth{job="checkout"}"#)
            .await["result"][0]["value"][1]
            == "150"
    })
    .await;
    let r = check(&s, &query(depth, PromOp::Lte, Some(100.0)), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "= 150, which is not ≤ 100");
    assert_eq!(r.evidence.observed["failing"][0]["value"], 150.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_query_nan_empty_placeholders_and_bad_promql_are_told_apart() {
    let s = scenario().await;
    let svc = checkout();
    // 0/0 on a series that exists but never moved: NaN, nothing can be concluded.
    let nan = "orrery_test_errors_total{ {{selector}} } / orrery_test_errors_total{ {{selector}} }";
    let r = check(&s, &query(nan, PromOp::Gte, Some(0.99)), &svc).await;
    assert_outcome(&r, CheckOutcome::Error, "returned NaN");
    assert!(r.evidence.summary.contains("cannot compare"), "{r:#?}");
    assert_eq!(r.evidence.observed["result"], "nan");
    assert_eq!(r.evidence.observed["samples"][0]["value"], "NaN");
    // The same ratio over a series that does not exist: empty, a plain failure.
    let empty =
        "orrery_test_absent_total{ {{selector}} } / orrery_test_absent_total{ {{selector}} }";
    let r = check(&s, &query(empty, PromOp::Gte, Some(0.99)), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "No series matched");
    assert_eq!(r.evidence.observed["result"], "empty");
    assert_eq!(r.evidence.observed["series_count"], 0);

    // The service lacks the field a placeholder needs.
    let no_namespace = service("checkout", Some("checkout"), None);
    let r = check(
        &s,
        &query(
            r#"up{job="{{job}}",namespace="{{namespace}}"}"#,
            PromOp::NonEmpty,
            None,
        ),
        &no_namespace,
    )
    .await;
    assert_outcome(&r, CheckOutcome::Error, "monitoring.namespace");
    let r = check(&s, &query("sum(", PromOp::NonEmpty, None), &svc).await;
    assert_outcome(&r, CheckOutcome::Error, "bad_data");
    assert!(r.evidence.summary.contains("`sum(`"), "{r:#?}");
    assert_eq!(r.evidence.query.as_deref(), Some("sum("));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_alert_rule_checks() {
    let s = scenario().await;
    let svc = checkout();

    // Present, healthy, annotated, expression uses the service's selector.
    let r = check(&s, &alert_rule(&["summary", "runbook_url"], None), &svc).await;
    assert_outcome(
        &r,
        CheckOutcome::Pass,
        "CheckoutHighErrorRate (checkout-alerts.yml, group checkout)",
    );
    let labels = CheckSpec::PrometheusAlertRule {
        labels: Some(BTreeMap::from([
            ("severity".to_owned(), "page".to_owned()),
            ("team".to_owned(), "{{slug}}".to_owned()),
        ])),
        annotations: None,
        expr_pattern: Some("orrery_test_requests_total".into()),
    };
    assert_outcome(
        &check(&s, &labels, &svc).await,
        CheckOutcome::Pass,
        "CheckoutHighErrorRate",
    );

    // The queue alert exists but has no runbook link.
    let r = check(&s, &alert_rule(&["runbook_url"], Some("queue")), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "annotation runbook_url is missing");
    let queue = r.evidence.observed["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "CheckoutQueueBacklog")
        .unwrap();
    assert_eq!(queue["satisfies"], false);
    assert_eq!(queue["file"], "checkout-alerts.yml");

    // CartDown belongs to job cart in shop, not to cart in another namespace, nor to checkout.
    let cart = service("cart", Some("cart"), Some("shop"));
    let up_rule = alert_rule(&["runbook_url"], Some(r"^up\{"));
    assert_outcome(
        &check(&s, &up_rule, &cart).await,
        CheckOutcome::Pass,
        "CartDown",
    );
    let staging = service("cart", Some("cart"), Some("shop-staging"));
    let r = check(&s, &up_rule, &staging).await;
    assert_outcome(
        &r,
        CheckOutcome::Fail,
        "No loaded alerting rule belongs to the service",
    );
    assert!(r.evidence.summary.contains("CartDown"), "{r:#?}");
    let r = check(&s, &up_rule, &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "expression does not match");

    // Payments' rule names no job but carries `service: payments`.
    let payments = service("payments", None, None);
    let r = check(&s, &alert_rule(&["runbook_url"], None), &payments).await;
    assert_outcome(&r, CheckOutcome::Pass, "PaymentsErrorBudgetBurn");
    let r = check(&s, &alert_rule(&[], None), &service("nobody", None, None)).await;
    assert_outcome(&r, CheckOutcome::Fail, "no monitoring selector");

    // Ledger's rule fails at every evaluation; checkout's weekly rule has not run yet.
    let ledger = service("ledger", Some("ledger"), Some("shop"));
    let r = check(&s, &alert_rule(&["summary"], None), &ledger).await;
    assert_outcome(&r, CheckOutcome::Fail, "LedgerBroken");
    assert!(r.evidence.summary.contains("fails to evaluate"), "{r:#?}");
    assert!(r.evidence.summary.contains("matching"), "{r:#?}");
    let r = check(&s, &alert_rule(&["summary"], Some("weekly")), &svc).await;
    assert_outcome(&r, CheckOutcome::Error, "CheckoutWeeklyReport");
    assert!(
        r.evidence.summary.contains("not been evaluated yet"),
        "{r:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_target_up_and_recording_rule_checks() {
    let s = scenario().await;
    let up = |min| CheckSpec::PrometheusTargetUp { min_up_ratio: min };

    let r = check(&s, &up(None), &checkout()).await;
    assert_outcome(
        &r,
        CheckOutcome::Pass,
        r#"1 of 1 scrape targets matching job="checkout",namespace="shop" are up"#,
    );
    assert_eq!(
        r.evidence.observed["targets"][0]["scrape_url"],
        format!("http://{}/metrics", s.exporter.address())
    );

    let ledger = service("ledger", Some("ledger"), Some("shop"));
    let r = check(&s, &up(None), &ledger).await;
    assert_outcome(&r, CheckOutcome::Fail, "0 of 1 scrape targets");
    assert!(r.evidence.summary.contains(&s.closed), "{r:#?}");
    assert!(r.evidence.summary.contains("connection refused"), "{r:#?}");
    assert_eq!(
        r.evidence.observed["down_targets"][0]["scrape_url"],
        format!("http://{}/metrics", s.closed)
    );

    let payments = service("payments", Some("payments"), Some("shop"));
    assert_outcome(
        &check(&s, &up(None), &payments).await,
        CheckOutcome::Fail,
        "1 of 2",
    );
    assert_outcome(
        &check(&s, &up(Some(0.5)), &payments).await,
        CheckOutcome::Pass,
        "1 of 2",
    );
    // Regex matchers from the service's extra matchers.
    let regex = ServiceFields::new(
        "shop",
        &Monitoring {
            job: None,
            namespace: Some("shop".into()),
            matchers: vec![r#"job=~"check.*|cart""#.into()],
        },
    );
    assert_outcome(
        &check(&s, &up(None), &regex).await,
        CheckOutcome::Pass,
        "2 of 2",
    );
    let nobody = service("nobody", Some("nobody"), Some("shop"));
    assert_outcome(
        &check(&s, &up(None), &nobody).await,
        CheckOutcome::Fail,
        r#"No scrape targets match job="nobody",namespace="shop""#,
    );

    let rec = |name: &str| CheckSpec::PrometheusRecordingRule { name: name.into() };
    let r = check(&s, &rec("{{slug}}:requests:"), &checkout()).await;
    assert_outcome(
        &r,
        CheckOutcome::Pass,
        "checkout:requests:rate1m (checkout-alerts.yml, group checkout)",
    );
    assert_eq!(
        r.evidence.observed["matched"][0]["file"],
        "checkout-alerts.yml"
    );
    assert_outcome(
        &check(&s, &rec("{{slug}}:latency:"), &checkout()).await,
        CheckOutcome::Fail,
        "No loaded recording rule is named like `checkout:latency:`",
    );
    assert_outcome(
        &check(&s, &rec("ledger:broken"), &ledger).await,
        CheckOutcome::Fail,
        "fails to evaluate",
    );
    assert_outcome(
        &check(&s, &rec("{{slug}}:weekly"), &checkout()).await,
        CheckOutcome::Error,
        "not been evaluated yet",
    );
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
