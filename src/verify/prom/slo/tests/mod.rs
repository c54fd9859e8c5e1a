//! SLO status against an in-memory source: the fake and shared definitions.

mod coverage;
mod queries;
mod status;

use super::*;
use crate::verify::prom::{RuleGroup, Sample, Target};
use futures_util::future::BoxFuture;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Answers by the selector inside the query and the range: `(needle, answer)`, first match.
struct Fake {
    answers: Vec<(String, Result<QueryValue, SourceError>)>,
    seen: Mutex<Vec<(String, Option<DateTime<Utc>>)>>,
}

impl Fake {
    fn new(answers: Vec<(&str, Result<QueryValue, SourceError>)>) -> Self {
        Self {
            answers: answers
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            seen: Mutex::default(),
        }
    }
}

impl MetricsSource for Fake {
    fn describe(&self) -> String {
        "fake Prometheus".into()
    }

    fn query<'a>(
        &'a self,
        promql: &'a str,
        at: Option<DateTime<Utc>>,
    ) -> BoxFuture<'a, Result<QueryValue, SourceError>> {
        self.seen.lock().unwrap().push((promql.to_owned(), at));
        let answer = self
            .answers
            .iter()
            .find(|(needle, _)| promql.contains(needle.as_str()))
            .map_or(Ok(QueryValue::Vector(Vec::new())), |(_, a)| a.clone());
        Box::pin(async move { answer })
    }

    fn rules(&self) -> BoxFuture<'_, Result<Vec<RuleGroup>, SourceError>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    fn targets(&self) -> BoxFuture<'_, Result<Vec<Target>, SourceError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

fn one(v: f64) -> Result<QueryValue, SourceError> {
    Ok(QueryValue::Vector(vec![Sample {
        labels: BTreeMap::new(),
        value: v,
    }]))
}

fn le(values: &[&str]) -> Result<QueryValue, SourceError> {
    Ok(QueryValue::Vector(
        values
            .iter()
            .map(|v| Sample {
                labels: BTreeMap::from([("le".to_owned(), (*v).to_owned())]),
                value: 1.0,
            })
            .collect(),
    ))
}

fn fields() -> ServiceFields {
    ServiceFields {
        slug: "checkout".into(),
        job: Some("checkout".into()),
        namespace: None,
        selector: Some("job=\"checkout\"".into()),
    }
}

fn ratio(good: &str, total: &str) -> SloDefinition {
    SloDefinition {
        sli: Sli::Ratio {
            good_query: good.into(),
            total_query: total.into(),
        },
        objective: Objective::parse("o", 99.0).unwrap(),
        window: WindowDays::parse("w", 28).unwrap(),
    }
}

fn latency(metric: &str, threshold: f64) -> SloDefinition {
    SloDefinition {
        sli: Sli::Latency {
            metric: metric.into(),
            threshold_seconds: threshold,
        },
        ..ratio("a", "b")
    }
}

fn run(
    def: &SloDefinition,
    source: &Fake,
    at: Option<DateTime<Utc>>,
) -> Result<SloReport, SloError> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(slo_status(def, &fields(), source, at))
}
