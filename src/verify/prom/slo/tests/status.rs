//! Status queries per window, no data, placeholders, source errors and stored rows.

use super::*;
use crate::domain::records;
use crate::domain::slo::SliKind;
use crate::domain::slo_status::Sufficiency;

#[test]
fn ratio_queries_count_occurrences_per_window() {
    let def = ratio(
        r#"http_requests_total{ {{selector}}, code!~"5.." }"#,
        "http_requests_total{ {{selector}} }",
    );
    let source = Fake::new(vec![
        ("code!~\"5..\"}[28d]", one(99_500.0)),
        ("}[28d]", one(100_000.0)),
        ("code!~\"5..\"}[1h]", one(90.0)),
        ("}[1h]", one(100.0)),
    ]);
    let at = DateTime::from_timestamp(1_700_000_000, 0);
    let report = run(&def, &source, at).unwrap();
    let queries: Vec<&str> = report.queries.iter().map(|q| q.promql.as_str()).collect();
    assert_eq!(
        queries[..4],
        [
            r#"sum(increase(http_requests_total{job="checkout", code!~"5.."}[28d]))"#,
            r#"sum(increase(http_requests_total{job="checkout"}[28d]))"#,
            r#"sum(increase(http_requests_total{job="checkout", code!~"5.."}[1h]))"#,
            r#"sum(increase(http_requests_total{job="checkout"}[1h]))"#,
        ]
    );
    assert_eq!(queries.len(), 10);
    assert!(queries[9].ends_with("[3d]))"));
    assert!(source.seen.lock().unwrap().iter().all(|(_, a)| *a == at));
    assert_eq!(report.evaluated_at, at);
    assert_eq!(report.source, "fake Prometheus");
    assert_eq!(report.queries[0].value, Some(99_500.0));
    assert_eq!(report.queries[4].value, None);

    let s = &report.status;
    assert_eq!(s.sufficiency, Sufficiency::Sufficient);
    assert!((s.attainment.unwrap() - 0.995).abs() < 1e-12);
    assert!((s.budget.unwrap().consumed - 0.5).abs() < 1e-9);
    assert!((s.burn_rate(BurnWindow::OneHour).rate.unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(s.burn_rate(BurnWindow::SixHours).rate, None);
}

#[test]
fn latency_queries_use_bucket_and_count() {
    let def = latency("http_request_duration_seconds{ {{selector}} }", 0.25);
    let source = Fake::new(vec![
        ("le=\"0.25\"}[28d]", one(9_990.0)),
        ("_count{job=\"checkout\"}[28d]", one(10_000.0)),
    ]);
    let report = run(&def, &source, None).unwrap();
    assert_eq!(
        report.queries[0].promql,
        r#"sum(increase(http_request_duration_seconds_bucket{job="checkout",le="0.25"}[28d]))"#
    );
    assert_eq!(
        report.queries[1].promql,
        r#"sum(increase(http_request_duration_seconds_count{job="checkout"}[28d]))"#
    );
    assert!((report.status.attainment.unwrap() - 0.999).abs() < 1e-12);

    // No matchers, `_bucket` tolerated, whole-number thresholds match `1` and `1.0`.
    let def = latency("rpc_seconds_bucket", 1.0);
    let report = run(&def, &Fake::new(vec![]), None).unwrap();
    assert_eq!(
        report.queries[0].promql,
        r#"sum(increase(rpc_seconds_bucket{le=~"1|1\\.0"}[28d]))"#
    );
    assert_eq!(
        report.queries[1].promql,
        "sum(increase(rpc_seconds_count[28d]))"
    );
    assert_eq!(report.status.sufficiency, Sufficiency::NoData);
}

#[test]
fn no_series_is_no_data() {
    let report = run(&ratio("a_total", "b_total"), &Fake::new(vec![]), None).unwrap();
    assert_eq!(report.status.sufficiency, Sufficiency::NoData);
    assert!(report.queries.iter().all(|q| q.value.is_none()));
}

#[test]
fn missing_placeholder_is_an_error_and_nothing_is_queried() {
    let def = ratio(
        "ok_total{namespace=\"{{namespace}}\"}",
        "all_total{namespace=\"{{namespace}}\"}",
    );
    let source = Fake::new(vec![]);
    let e = run(&def, &source, None).unwrap_err();
    assert_eq!(
        e,
        SloError::Placeholder {
            field: "goodQuery",
            error: FillError::Missing {
                placeholder: "namespace".into()
            }
        }
    );
    assert!(e.to_string().starts_with("goodQuery: "), "{e}");
    assert!(e.to_string().contains("monitoring.namespace"), "{e}");
    assert!(source.seen.lock().unwrap().is_empty());
}

#[test]
fn source_errors_are_told_apart() {
    let rejected = SourceError::new(
        "Prometheus at http://p rejected the query `x`: bad_data: parse error at char 3",
    );
    let down = SourceError::new("Prometheus at http://p is unreachable: connection refused");
    let source = Fake::new(vec![("[28d]", Err(rejected))]);
    let e = run(&ratio("a_total", "b_total"), &source, None).unwrap_err();
    assert!(
        matches!(&e, SloError::QueryRejected { query, message }
            if query.contains("a_total") && message.contains("bad_data")),
        "{e:?}"
    );
    let source = Fake::new(vec![("", Err(down))]);
    let e = run(&ratio("a_total", "b_total"), &source, None).unwrap_err();
    assert!(
        matches!(&e, SloError::Unreachable { source, message }
            if source == "fake Prometheus" && message.contains("connection refused")),
        "{e:?}"
    );
    // The server timing out is the source failing, not the query being wrong.
    let busy = SourceError::new(
        "Prometheus at http://p rejected the query `x`: timeout: query timed out in expression evaluation",
    );
    let source = Fake::new(vec![("", Err(busy))]);
    let e = run(&ratio("a_total", "b_total"), &source, None).unwrap_err();
    assert!(matches!(e, SloError::Unreachable { .. }), "{e:?}");
}

#[test]
fn definition_from_a_stored_row() {
    let now = DateTime::from_timestamp(0, 0).unwrap();
    let mut row = records::Slo {
        id: 1,
        service_id: 1,
        name: "latency".into(),
        description: None,
        sli_kind: SliKind::Latency,
        good_query: None,
        total_query: None,
        latency_metric: Some("h_seconds".into()),
        latency_threshold_seconds: Some(0.25),
        objective_percent: 99.5,
        window_days: 28,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let def = SloDefinition::try_from(&row).unwrap();
    assert_eq!(
        def.sli,
        Sli::Latency {
            metric: "h_seconds".into(),
            threshold_seconds: 0.25
        }
    );
    assert_eq!(def.objective.percent(), 99.5);
    assert_eq!(def.window.days(), 28);
    row.window_days = 0;
    assert_eq!(
        SloDefinition::from_model(&row).unwrap_err().field,
        "window_days"
    );
    row.window_days = 28;
    row.sli_kind = SliKind::Ratio;
    assert_eq!(
        SloDefinition::from_model(&row).unwrap_err().field,
        "good_query"
    );
}
