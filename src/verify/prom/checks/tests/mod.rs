//! The four Prometheus check kinds against an in-memory source: the fake, shared helpers and
//! what holds for every kind.

mod alert_rule;
mod query;
mod recording_rule;
mod target_up;

use super::{is_prom_check, run_prom_check};
use crate::domain::template::{CheckSpec, PromOp};
use crate::verify::placeholders::ServiceFields;
use crate::verify::prom::source::{
    MetricsSource, QueryValue, Rule, RuleGroup, RuleKind, Sample, Target,
};
use crate::verify::{CheckOutcome, CheckResult, SourceError};
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
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
