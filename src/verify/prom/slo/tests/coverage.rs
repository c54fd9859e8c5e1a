//! The coverage query: what is sent, at which instant, and how its answer reaches the status.

use super::*;
use crate::domain::slo_status::{Sufficiency, Verdict, WindowCoverage};

const TWO_DAYS: f64 = 2.0 * 86_400.0;

fn all_good() -> SloDefinition {
    ratio(
        r#"http_requests_total{ {{selector}}, code!~"5.." }"#,
        "http_requests_total{ {{selector}} }",
    )
}

#[test]
fn coverage_is_measured_on_the_total_series_at_the_same_instant() {
    let source = Fake::new(vec![
        ("timestamp(", one(TWO_DAYS)),
        ("[28d]", one(100_000.0)),
    ]);
    let at = DateTime::from_timestamp(1_700_000_000, 0);
    let report = run(&all_good(), &source, at).unwrap();
    assert_eq!(
        report.coverage.promql,
        r#"time() - min(min_over_time(timestamp(http_requests_total{job="checkout"})[40348m:28m]))"#
    );
    assert_eq!(report.coverage.age_seconds, Some(TWO_DAYS));
    let seen = source.seen.lock().unwrap();
    assert_eq!(seen.len(), 11);
    assert!(seen.iter().all(|(_, a)| *a == at));
    assert!(seen.iter().any(|(q, _)| *q == report.coverage.promql));
    // The counts stay the ten they were.
    assert_eq!(report.queries.len(), 10);

    let s = &report.status;
    assert_eq!(s.sufficiency, Sufficiency::Sufficient);
    assert_eq!(s.objective_met, Some(true));
    assert_eq!(s.coverage.fraction(), 2.0 / 28.0);
    assert_eq!(s.verdict(), Verdict::PartialWindow);
}

#[test]
fn latency_coverage_reads_the_histogram_count() {
    let def = latency("http_request_duration_seconds{ {{selector}} }", 0.25);
    let report = run(&def, &Fake::new(vec![]), None).unwrap();
    assert_eq!(
        report.coverage.promql,
        r#"time() - min(min_over_time(timestamp(http_request_duration_seconds_count{job="checkout"})[40348m:28m]))"#
    );
    // No series: no coverage, and no data.
    assert_eq!(report.coverage.age_seconds, None);
    assert_eq!(report.status.coverage, WindowCoverage::NONE);
    assert_eq!(report.status.verdict(), Verdict::NoData);
}

#[test]
fn old_enough_data_covers_the_window() {
    let source = Fake::new(vec![
        ("timestamp(", one(28.0 * 86_400.0 + 60.0)),
        ("[28d]", one(100_000.0)),
    ]);
    let report = run(&all_good(), &source, None).unwrap();
    assert_eq!(report.status.coverage, WindowCoverage::FULL);
    assert_eq!(report.status.verdict(), Verdict::Meeting);
}

#[test]
fn a_refused_coverage_query_is_reported_as_such() {
    let refused = SourceError::new(
        "Prometheus at http://p rejected the query `x`: bad_data: subqueries are not supported",
    );
    let source = Fake::new(vec![("timestamp(", Err(refused))]);
    match run(&all_good(), &source, None).unwrap_err() {
        SloError::QueryRejected { query, message } => {
            assert!(
                query.starts_with("time() - min(min_over_time(timestamp("),
                "{query}"
            );
            assert!(message.contains("subqueries"), "{message}");
        }
        other => panic!("expected a refused query, got {other:?}"),
    }
}
