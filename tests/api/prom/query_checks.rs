//! `prometheus.query` against a real Prometheus: comparisons with what the exporter serves,
//! and NaN, empty results, placeholders and bad PromQL told apart.

use super::checks::{
    QUEUE_DEPTH, REQUESTS_ERR, REQUESTS_OK, assert_outcome, check, checkout, observed_value, query,
    scenario, service,
};
use super::server::wait_until;
use orrery::domain::template::PromOp;
use orrery::verify::CheckOutcome;
use std::time::Duration;

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
