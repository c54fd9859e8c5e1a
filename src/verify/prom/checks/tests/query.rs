//! `prometheus.query`: comparisons, empty and NaN results, filled queries.

use super::*;
use crate::verify::prom::checks::query::compare;
use crate::verify::prom::checks::{series_name, value_json};
use serde_json::json;

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
