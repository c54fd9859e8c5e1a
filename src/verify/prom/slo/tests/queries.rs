//! Bucket boundaries and `le` spellings, and selectors refused or normalised before sending.

use super::*;
use crate::verify::prom::slo::buckets::{le_matcher, le_spellings, nearest_bounds};
use crate::verify::prom::slo::selector::Selector;

#[test]
fn le_spellings_cover_exporters_and_prometheus_3() {
    assert_eq!(le_spellings(0.3), ["0.3"]);
    assert_eq!(le_spellings(2.5), ["2.5"]);
    assert_eq!(le_spellings(10.0), ["10", "10.0"]);
    assert_eq!(le_spellings(0.00001), ["0.00001", "1e-05"]);
    assert_eq!(le_spellings(0.0001), ["0.0001"]);
    assert_eq!(le_matcher(0.5), "le=\"0.5\"");
    assert_eq!(le_matcher(2.5e-7), r#"le=~"0\\.00000025|2\\.5e-07""#);
}

#[test]
fn missing_bucket_lists_nearby_boundaries() {
    let def = latency("http_request_duration_seconds{job=\"checkout\"}", 0.3);
    let source = Fake::new(vec![
        (
            "group by (le)",
            le(&[
                "0.005", "0.01", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf",
            ]),
        ),
        ("_count", one(10_000.0)),
    ]);
    let e = run(&def, &source, None).unwrap_err();
    assert_eq!(
        e,
        SloError::BucketMissing {
            metric: r#"http_request_duration_seconds_bucket{job="checkout"}"#.into(),
            threshold_seconds: 0.3,
            nearby: vec![
                "0.05".into(),
                "0.1".into(),
                "0.25".into(),
                "0.5".into(),
                "1".into(),
                "2.5".into()
            ],
        }
    );
    assert!(e.to_string().contains("no bucket le=\"0.3\""), "{e}");
    assert!(
        e.to_string().contains("nearest: 0.05, 0.1, 0.25, 0.5"),
        "{e}"
    );
    // Asked after the counts and the coverage, once the bucket is known to be missing.
    let listing = &source.seen.lock().unwrap()[11].0;
    assert_eq!(
        listing,
        r#"group by (le) (last_over_time(http_request_duration_seconds_bucket{job="checkout"}[28d]))"#
    );
}

#[test]
fn nearest_bounds_near_the_ends() {
    let les = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let all = les(&["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "+Inf"]);
    assert_eq!(
        nearest_bounds(all.clone().into_iter(), 0.01),
        les(&["0.1", "0.2", "0.3", "0.4", "0.5", "0.6"])
    );
    assert_eq!(
        nearest_bounds(all.into_iter(), 100.0),
        les(&["0.3", "0.4", "0.5", "0.6", "0.7", "+Inf"])
    );
    assert_eq!(
        nearest_bounds(les(&["1", "1.0", "x"]).into_iter(), 2.0),
        les(&["1"])
    );
}

#[test]
fn expressions_are_refused_before_sending() {
    for (good, why) in [
        ("sum(rate(x_total[5m]))", "unexpected `(rate(x_total[5m]))`"),
        ("x_total[5m]", "unexpected `[5m]`"),
        ("x_total{a=\"b\"} offset 1h", "after the matchers"),
        ("x_total{a=\"b\"", "missing closing"),
        ("{}", "empty selector"),
        ("  ", "empty query"),
        ("x_total / y_total", "unexpected `/ y_total`"),
    ] {
        let source = Fake::new(vec![]);
        let e = run(&ratio(good, "y_total"), &source, None).unwrap_err();
        match &e {
            SloError::InvalidQuery { field, message, .. } => {
                assert_eq!(*field, "goodQuery");
                assert!(message.contains(why), "{good}: {message}");
            }
            other => panic!("{good}: {other:?}"),
        }
        assert!(source.seen.lock().unwrap().is_empty());
    }
    let e = run(&latency("{job=\"a\"}", 0.5), &Fake::new(vec![]), None).unwrap_err();
    assert!(matches!(
        e,
        SloError::InvalidQuery {
            field: "latencyMetric",
            ..
        }
    ));
}

#[test]
fn selectors_keep_quoted_braces_and_normalise_trailing_commas() {
    let s = Selector::parse(r#"x_total{path="/a}b", re=~'c\'}' , }"#).unwrap();
    assert_eq!(s.name.as_deref(), Some("x_total"));
    assert_eq!(s.matchers.as_deref(), Some(r#"path="/a}b", re=~'c\'}'"#));
    let s = Selector::parse(r#"{__name__="x_total"}"#).unwrap();
    assert_eq!(s.to_promql(), r#"{__name__="x_total"}"#);
    assert_eq!(
        Selector::parse("ns:x_total:sum").unwrap().to_promql(),
        "ns:x_total:sum"
    );
    assert!(Selector::parse("1x").is_err());
}
