//! The four Prometheus check kinds against an in-memory source.

use super::checks::{compare, series_name, value_json};
use super::source::{MetricsSource, QueryValue, Rule, RuleGroup, RuleKind, Sample, Target};
use super::{is_prom_check, run_prom_check};
use crate::domain::template::{CheckSpec, PromOp};
use crate::verify::placeholders::ServiceFields;
use crate::verify::{CheckOutcome, CheckResult, SourceError};
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Answers from memory and records the queries it was asked.
#[derive(Default)]
struct Fake {
    answers: BTreeMap<String, QueryValue>,
    rules: Vec<RuleGroup>,
    targets: Vec<Target>,
    down: bool,
    asked: Mutex<Vec<String>>,
}

impl MetricsSource for Fake {
    fn describe(&self) -> String {
        "fake Prometheus".into()
    }
    fn query<'a>(
        &'a self,
        promql: &'a str,
        _at: Option<DateTime<Utc>>,
    ) -> BoxFuture<'a, Result<QueryValue, SourceError>> {
        self.asked.lock().unwrap().push(promql.to_owned());
        let answer = if self.down {
            Err(SourceError::new(
                "Prometheus at http://x is unreachable: refused",
            ))
        } else {
            Ok(self
                .answers
                .get(promql)
                .cloned()
                .unwrap_or(QueryValue::Vector(vec![])))
        };
        Box::pin(async move { answer })
    }
    fn rules(&self) -> BoxFuture<'_, Result<Vec<RuleGroup>, SourceError>> {
        let answer = if self.down {
            Err(SourceError::new(
                "Prometheus at http://x is unreachable: refused",
            ))
        } else {
            Ok(self.rules.clone())
        };
        Box::pin(async move { answer })
    }
    fn targets(&self) -> BoxFuture<'_, Result<Vec<Target>, SourceError>> {
        let answer = if self.down {
            Err(SourceError::new(
                "Prometheus at http://x is unreachable: refused",
            ))
        } else {
            Ok(self.targets.clone())
        };
        Box::pin(async move { answer })
    }
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn sample(pairs: &[(&str, &str)], value: f64) -> Sample {
    Sample {
        labels: map(pairs),
        value,
    }
}

fn fields() -> ServiceFields {
    ServiceFields {
        slug: "checkout".into(),
        job: Some("checkout".into()),
        namespace: Some("shop".into()),
        selector: Some(r#"job="checkout",namespace="shop""#.into()),
    }
}

fn query(q: &str, op: PromOp, value: Option<f64>) -> CheckSpec {
    CheckSpec::PrometheusQuery {
        query: q.into(),
        op,
        value,
    }
}

async fn run(spec: &CheckSpec, source: &Fake) -> CheckResult {
    run_prom_check(spec, &fields(), source).await
}

fn with_answer(q: &str, v: QueryValue) -> Fake {
    let mut f = Fake::default();
    f.answers.insert(q.into(), v);
    f
}

#[test]
fn only_prometheus_kinds_are_prom_checks() {
    assert!(is_prom_check(&query("up", PromOp::NonEmpty, None)));
    assert!(is_prom_check(&CheckSpec::PrometheusTargetUp {
        min_up_ratio: None
    }));
    assert!(is_prom_check(&CheckSpec::PrometheusRecordingRule {
        name: "x".into()
    }));
    assert!(is_prom_check(&CheckSpec::PrometheusAlertRule {
        labels: None,
        annotations: None,
        expr_pattern: None
    }));
    assert!(!is_prom_check(&CheckSpec::RepoCodeowners { paths: None }));
}

#[tokio::test]
async fn a_repository_spec_is_an_error_not_a_pass() {
    let r = run(&CheckSpec::RepoCodeowners { paths: None }, &Fake::default()).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert_eq!(r.evidence.observed["kind"], "repo.codeowners");
}

#[test]
fn comparisons_and_value_rendering() {
    assert!(compare(PromOp::Gte, 5.0, 5.0) && !compare(PromOp::Gte, 4.9, 5.0));
    assert!(compare(PromOp::Lte, 5.0, 5.0) && !compare(PromOp::Lte, 5.1, 5.0));
    assert!(
        compare(PromOp::Equals, 0.1 + 0.2, 0.3),
        "float noise is equal"
    );
    assert!(!compare(PromOp::Equals, 0.31, 0.3));
    assert!(compare(PromOp::Equals, f64::INFINITY, f64::INFINITY));
    assert!(compare(PromOp::Gte, f64::INFINITY, 1e300));
    assert!(!compare(PromOp::Gte, f64::NAN, 0.0) && !compare(PromOp::Lte, f64::NAN, 0.0));
    assert_eq!(value_json(2.5), json!(2.5));
    assert_eq!(value_json(f64::NAN), json!("NaN"));
    assert_eq!(value_json(f64::NEG_INFINITY), json!("-Inf"));
    assert_eq!(
        series_name(&map(&[("__name__", "up"), ("job", "a")])),
        r#"up{job="a"}"#
    );
    assert_eq!(series_name(&map(&[("__name__", "up")])), "up");
    assert_eq!(series_name(&BTreeMap::new()), "{}");
}

#[tokio::test]
async fn query_fills_placeholders_and_reports_the_filled_query() {
    let q = r#"up{ {{selector}} }"#;
    let filled = r#"up{ job="checkout",namespace="shop" }"#;
    let f = with_answer(
        filled,
        QueryValue::Vector(vec![sample(&[("__name__", "up")], 1.0)]),
    );
    let r = run(&query(q, PromOp::NonEmpty, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(f.asked.lock().unwrap().as_slice(), [filled]);
    assert_eq!(r.evidence.query.as_deref(), Some(filled));
    assert_eq!(r.evidence.observed["kind"], "prometheus.query");
    assert_eq!(r.evidence.observed["result"], "values");
    assert_eq!(r.evidence.observed["series_count"], 1);
    assert_eq!(r.evidence.observed["samples"][0]["value"], 1.0);
}

#[tokio::test]
async fn a_placeholder_the_service_cannot_fill_is_an_error_naming_the_field() {
    let f = Fake::default();
    let no_ns = ServiceFields {
        namespace: None,
        ..fields()
    };
    let spec = query(r#"up{namespace="{{namespace}}"}"#, PromOp::NonEmpty, None);
    let r = run_prom_check(&spec, &no_ns, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("monitoring.namespace"), "{r:?}");
    assert!(f.asked.lock().unwrap().is_empty(), "nothing was queried");
    // Also in rule checks: label values, annotations, patterns and names.
    for spec in [
        CheckSpec::PrometheusAlertRule {
            labels: Some(map(&[("namespace", "{{namespace}}")])),
            annotations: None,
            expr_pattern: None,
        },
        CheckSpec::PrometheusAlertRule {
            labels: None,
            annotations: None,
            expr_pattern: Some("{{namespace}}".into()),
        },
        CheckSpec::PrometheusRecordingRule {
            name: "{{namespace}}:x".into(),
        },
    ] {
        let r = run_prom_check(&spec, &no_ns, &f).await;
        assert_eq!(r.outcome, CheckOutcome::Error, "{spec:?}");
        assert!(r.evidence.summary.contains("namespace"), "{r:?}");
    }
}

#[tokio::test]
async fn empty_and_non_empty() {
    let some = QueryValue::Vector(vec![sample(&[("job", "a")], 3.0)]);
    let f = with_answer("x", some);
    let r = run(&query("x", PromOp::NonEmpty, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    let r = run(&query("x", PromOp::Empty, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains(r#"{job="a"} = 3"#), "{r:?}");

    let r = run(&query("missing", PromOp::NonEmpty, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains("No series matched"), "{r:?}");
    assert_eq!(r.evidence.observed["result"], "empty");
    let r = run(&query("missing", PromOp::Empty, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
}

#[tokio::test]
async fn comparisons_need_every_sample_to_hold() {
    let f = with_answer(
        "x",
        QueryValue::Vector(vec![sample(&[("i", "a")], 5.0), sample(&[("i", "b")], 7.0)]),
    );
    let r = run(&query("x", PromOp::Gte, Some(5.0)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert!(r.evidence.summary.contains("lowest 5"), "{r:?}");
    let r = run(&query("x", PromOp::Gte, Some(6.0)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains(r#"{i="a"} = 5"#), "{r:?}");
    assert_eq!(r.evidence.observed["failing_count"], 1);
    let r = run(&query("x", PromOp::Lte, Some(7.0)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert!(r.evidence.summary.contains("highest 7"), "{r:?}");
    let r = run(&query("x", PromOp::Equals, Some(5.0)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);

    // A scalar counts as one sample.
    let f = with_answer("s", QueryValue::Scalar(0.999));
    let r = run(&query("s", PromOp::Equals, Some(0.999)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(r.evidence.observed["result_type"], "scalar");
    let r = run(&query("s", PromOp::Lte, Some(0.5)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("0.999, which is not ≤ 0.5"),
        "{r:?}"
    );
}

#[tokio::test]
async fn nan_and_empty_are_distinct() {
    let f = with_answer(
        "ratio",
        QueryValue::Vector(vec![
            sample(&[("i", "a")], f64::NAN),
            sample(&[("i", "b")], 1.0),
        ]),
    );
    let r = run(&query("ratio", PromOp::Gte, Some(0.9)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{r:?}");
    assert!(r.evidence.summary.contains("NaN"), "{r:?}");
    assert!(r.evidence.summary.contains("cannot compare"), "{r:?}");
    assert_eq!(r.evidence.observed["result"], "nan");
    assert_eq!(r.evidence.observed["nan_count"], 1);
    assert_eq!(r.evidence.observed["samples"][0]["value"], "NaN");
    // The series exists, so non_empty holds.
    let r = run(&query("ratio", PromOp::NonEmpty, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert!(r.evidence.summary.contains("1 of them NaN"), "{r:?}");

    let r = run(&query("absent", PromOp::Gte, Some(0.9)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail, "{r:?}");
    assert!(r.evidence.summary.contains("No series matched"), "{r:?}");
    assert_eq!(r.evidence.observed["result"], "empty");

    let f = with_answer("s", QueryValue::Scalar(f64::NAN));
    let r = run(&query("s", PromOp::Lte, Some(1.0)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
}

#[tokio::test]
async fn a_comparison_without_a_value_or_an_unreachable_source_is_an_error() {
    let f = with_answer("x", QueryValue::Scalar(1.0));
    let r = run(&query("x", PromOp::Gte, None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("needs a `value`"), "{r:?}");
    assert!(f.asked.lock().unwrap().is_empty());
    let r = run(&query("x", PromOp::Gte, Some(f64::NAN)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);

    let down = Fake {
        down: true,
        ..Fake::default()
    };
    for spec in [
        query("x", PromOp::NonEmpty, None),
        CheckSpec::PrometheusTargetUp { min_up_ratio: None },
        CheckSpec::PrometheusRecordingRule { name: "x".into() },
        CheckSpec::PrometheusAlertRule {
            labels: None,
            annotations: None,
            expr_pattern: None,
        },
    ] {
        let r = run(&spec, &down).await;
        assert_eq!(r.outcome, CheckOutcome::Error, "{spec:?}");
        assert!(r.evidence.summary.contains("unreachable"), "{r:?}");
        assert_eq!(r.evidence.observed["kind"], spec.kind());
    }
}

fn rule(kind: RuleKind, name: &str, expr: &str) -> Rule {
    Rule {
        kind,
        name: name.into(),
        query: expr.into(),
        labels: BTreeMap::new(),
        annotations: BTreeMap::new(),
        health: "ok".into(),
        last_error: None,
    }
}

fn alert(name: &str, expr: &str, annotations: &[(&str, &str)]) -> Rule {
    Rule {
        annotations: map(annotations),
        ..rule(RuleKind::Alerting, name, expr)
    }
}

fn with_rules(rules: Vec<Rule>) -> Fake {
    Fake {
        rules: vec![RuleGroup {
            name: "g".into(),
            file: "alerts.yml".into(),
            rules,
        }],
        ..Fake::default()
    }
}

fn alert_spec(
    labels: &[(&str, &str)],
    annotations: &[&str],
    expr_pattern: Option<&str>,
) -> CheckSpec {
    CheckSpec::PrometheusAlertRule {
        labels: (!labels.is_empty()).then(|| map(labels)),
        annotations: (!annotations.is_empty())
            .then(|| annotations.iter().map(|a| (*a).to_owned()).collect()),
        expr_pattern: expr_pattern.map(str::to_owned),
    }
}

#[tokio::test]
async fn alert_rule_belongs_by_selector_or_service_label() {
    let ours = alert(
        "CheckoutDown",
        r#"up{namespace = "shop", job="checkout"} == 0"#,
        &[("summary", "down"), ("runbook_url", "https://r")],
    );
    let f = with_rules(vec![ours.clone()]);
    let spec = alert_spec(&[], &["summary", "runbook_url"], None);
    let r = run(&spec, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert!(
        r.evidence.summary.contains("CheckoutDown (alerts.yml"),
        "{r:?}"
    );
    assert_eq!(
        r.evidence.observed["candidates"][0]["belongs_by"],
        "selector in expression"
    );
    assert_eq!(r.evidence.observed["candidates"][0]["satisfies"], true);

    // Another job's rule does not count.
    let theirs = alert(
        "CartDown",
        r#"up{job="cart",namespace="shop"} == 0"#,
        &[("summary", "down"), ("runbook_url", "https://r")],
    );
    let f = with_rules(vec![theirs.clone()]);
    let r = run(&spec, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("No loaded alerting rule belongs"),
        "{r:?}"
    );
    assert!(r.evidence.summary.contains("CartDown"), "{r:?}");

    // ...unless it carries `service: <slug>`.
    let labelled = Rule {
        labels: map(&[("service", "checkout")]),
        ..theirs
    };
    let r = run(&spec, &with_rules(vec![labelled.clone()])).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(
        r.evidence.observed["candidates"][0]["belongs_by"],
        "service label"
    );

    // Without a selector only the label can tie a rule to the service.
    let bare = ServiceFields {
        job: None,
        namespace: None,
        selector: None,
        ..fields()
    };
    let r = run_prom_check(&spec, &bare, &with_rules(vec![ours])).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("no monitoring selector"),
        "{r:?}"
    );
    let r = run_prom_check(&spec, &bare, &with_rules(vec![labelled])).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
}

#[tokio::test]
async fn alert_rule_requires_labels_annotations_and_pattern() {
    let expr = r#"rate(errors_total{job="checkout",namespace="shop"}[5m]) > 1"#;
    let mut r1 = alert(
        "HighErrors",
        expr,
        &[("summary", "s"), ("runbook_url", " ")],
    );
    r1.labels = map(&[("severity", "ticket"), ("team", "checkout")]);
    let f = with_rules(vec![r1.clone()]);

    let r = run(&alert_spec(&[], &["summary", "runbook_url"], None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("annotation runbook_url is empty"),
        "{r:?}"
    );
    let r = run(&alert_spec(&[], &["description"], None), &f).await;
    assert!(
        r.evidence
            .summary
            .contains("annotation description is missing"),
        "{r:?}"
    );

    let r = run(&alert_spec(&[("severity", "page")], &[], None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains(r#"label severity is "ticket", not "page""#),
        "{r:?}"
    );
    // Label values are filled from the service.
    let r = run(&alert_spec(&[("team", "{{slug}}")], &["summary"], None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(r.evidence.observed["required_labels"]["team"], "checkout");

    let r = run(&alert_spec(&[], &[], Some("errors_total|latency")), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    let r = run(&alert_spec(&[], &[], Some("latency_seconds")), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("does not match `latency_seconds`"),
        "{r:?}"
    );
    // A placeholder in a pattern stands for the literal value.
    let r = run(&alert_spec(&[], &[], Some(r#"job="{{job}}""#)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    let r = run(&alert_spec(&[], &[], Some("(")), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence.summary.contains("Invalid regular expression"),
        "{r:?}"
    );
}

#[tokio::test]
async fn alert_rule_health_err_fails_and_unknown_is_an_error() {
    let expr = r#"up{job="checkout",namespace="shop"} == 0"#;
    let broken = Rule {
        health: "err".into(),
        last_error: Some("many-to-many matching not allowed".into()),
        ..alert("Broken", expr, &[("summary", "s")])
    };
    let pending = Rule {
        health: "unknown".into(),
        ..alert("Pending", expr, &[("summary", "s")])
    };
    let spec = alert_spec(&[], &["summary"], None);
    let r = run(&spec, &with_rules(vec![broken.clone()])).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains("Broken"), "{r:?}");
    assert!(r.evidence.summary.contains("many-to-many"), "{r:?}");
    let r = run(&spec, &with_rules(vec![broken.clone(), pending.clone()])).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{r:?}");
    assert!(
        r.evidence.summary.contains("not been evaluated yet"),
        "{r:?}"
    );
    let healthy = alert("Fine", expr, &[("summary", "s")]);
    let r = run(&spec, &with_rules(vec![broken, pending, healthy])).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert!(r.evidence.summary.contains("Fine"), "{r:?}");
    assert_eq!(r.evidence.observed["candidate_count"], 3);
}

#[tokio::test]
async fn an_invalid_service_selector_is_an_error() {
    let odd = ServiceFields {
        selector: Some("job=checkout".into()),
        ..fields()
    };
    for spec in [
        CheckSpec::PrometheusTargetUp { min_up_ratio: None },
        alert_spec(&[], &[], None),
    ] {
        let r = run_prom_check(&spec, &odd, &Fake::default()).await;
        assert_eq!(r.outcome, CheckOutcome::Error);
        assert!(r.evidence.summary.contains("monitoring selector"), "{r:?}");
    }
}

fn target(url: &str, labels: &[(&str, &str)], health: &str, error: Option<&str>) -> Target {
    Target {
        labels: map(labels),
        scrape_url: url.into(),
        health: health.into(),
        last_error: error.map(str::to_owned),
    }
}

fn with_targets(targets: Vec<Target>) -> Fake {
    Fake {
        targets,
        ..Fake::default()
    }
}

#[tokio::test]
async fn target_up_counts_the_services_targets() {
    let ours = [("job", "checkout"), ("namespace", "shop")];
    let f = with_targets(vec![
        target("http://a/metrics", &ours, "up", None),
        target(
            "http://b/metrics",
            &ours,
            "down",
            Some("connection refused"),
        ),
        target(
            "http://c/metrics",
            &[("job", "cart"), ("namespace", "shop")],
            "down",
            None,
        ),
    ]);
    let up = |ratio| CheckSpec::PrometheusTargetUp {
        min_up_ratio: ratio,
    };
    let r = run(&up(None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("1 of 2 scrape targets"),
        "{r:?}"
    );
    assert!(
        r.evidence
            .summary
            .contains("http://b/metrics (connection refused)"),
        "{r:?}"
    );
    assert_eq!(
        r.evidence.observed["down_targets"][0]["last_error"],
        "connection refused"
    );
    let r = run(&up(Some(0.5)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(r.evidence.observed["up_ratio"], 0.5);

    // Regex and negative matchers, anchored.
    for (selector, matched) in [
        (r#"job=~"check.*""#, 2),
        (r#"job=~"heck""#, 0),
        (r#"job!="checkout""#, 1),
        (r#"job!~"c.*""#, 0),
        (r#"namespace="shop""#, 3),
    ] {
        let fs = ServiceFields {
            selector: Some(selector.into()),
            ..fields()
        };
        let r = run_prom_check(&up(Some(0.0)), &fs, &f).await;
        assert_eq!(r.evidence.observed["matched"], matched, "{selector}: {r:?}");
        if matched == 0 {
            assert_eq!(r.outcome, CheckOutcome::Fail);
            assert!(
                r.evidence.summary.starts_with("No scrape targets match"),
                "{r:?}"
            );
        }
    }
}

#[tokio::test]
async fn target_up_unknown_targets_an_invalid_ratio_and_no_selector() {
    let ours = [("job", "checkout"), ("namespace", "shop")];
    let f = with_targets(vec![
        target("http://a/metrics", &ours, "up", None),
        target("http://b/metrics", &ours, "unknown", None),
    ]);
    let r = run(&CheckSpec::PrometheusTargetUp { min_up_ratio: None }, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{r:?}");
    assert!(r.evidence.summary.contains("not scraped yet"), "{r:?}");
    let r = run(
        &CheckSpec::PrometheusTargetUp {
            min_up_ratio: Some(1.5),
        },
        &f,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("between 0 and 1"), "{r:?}");
    let bare = ServiceFields {
        selector: None,
        ..fields()
    };
    let spec = CheckSpec::PrometheusTargetUp { min_up_ratio: None };
    let r = run_prom_check(&spec, &bare, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("no monitoring selector"),
        "{r:?}"
    );
}

#[tokio::test]
async fn recording_rule_by_start_anchored_name() {
    let f = Fake {
        rules: vec![
            RuleGroup {
                name: "sloth-slo-sli-recordings-checkout".into(),
                file: "slo.yml".into(),
                rules: vec![
                    rule(RuleKind::Recording, "slo:sli_error:ratio_rate5m", "x"),
                    rule(RuleKind::Recording, "slo:sli_error:ratio_rate30m", "x"),
                ],
            },
            RuleGroup {
                name: "other".into(),
                file: "other.yml".into(),
                rules: vec![
                    alert("sli_error_alert", "x", &[]),
                    Rule {
                        health: "err".into(),
                        last_error: Some("boom".into()),
                        ..rule(RuleKind::Recording, "checkout:broken", "x")
                    },
                    Rule {
                        health: "unknown".into(),
                        ..rule(RuleKind::Recording, "checkout:pending", "x")
                    },
                ],
            },
        ],
        ..Fake::default()
    };
    let spec = |name: &str| CheckSpec::PrometheusRecordingRule { name: name.into() };
    let r = run(&spec("^slo:sli_error:ratio_rate"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert!(
        r.evidence
            .summary
            .contains("slo:sli_error:ratio_rate5m (slo.yml, group sloth-slo-sli-recordings-checkout) and 1 more"),
        "{r:?}"
    );
    assert_eq!(r.evidence.observed["matched"][0]["file"], "slo.yml");
    // Anchored at the start: a name in the middle does not match, and alerts never do.
    let r = run(&spec("sli_error"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("No loaded recording rule"),
        "{r:?}"
    );
    let r = run(&spec("{{slug}}:broken"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains("boom"), "{r:?}");
    let r = run(&spec("{{slug}}:pending"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    let r = run(&spec("[oops"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert_eq!(r.evidence.observed["kind"], "prometheus.recording_rule");
}
