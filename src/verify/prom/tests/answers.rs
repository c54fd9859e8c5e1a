//! Parsing the Prometheus API's answers to instant queries: the envelope, vectors and
//! scalars, special float values, and results a check cannot compare.

use crate::verify::prom::response::*;
use crate::verify::prom::source::QueryValue;
use serde_json::json;

#[test]
fn parses_special_float_values() {
    assert!(parse_float("NaN").unwrap().is_nan());
    assert_eq!(parse_float("+Inf"), Some(f64::INFINITY));
    assert_eq!(parse_float("-Inf"), Some(f64::NEG_INFINITY));
    assert_eq!(parse_float("1e+00"), Some(1.0));
    assert_eq!(parse_float("-0.25"), Some(-0.25));
    assert_eq!(parse_float("x"), None);
}

#[test]
fn unwraps_the_envelope_or_reports_the_api_error() {
    let ok = parse_envelope(br#"{"status":"success","data":{"a":1}}"#).unwrap();
    assert_eq!(ok, json!({"a": 1}));
    let err = parse_envelope(
        br#"{"status":"error","errorType":"bad_data","error":"parse error: unclosed left parenthesis"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err,
        EnvelopeError::Api {
            kind: "bad_data".into(),
            message: "parse error: unclosed left parenthesis".into()
        }
    );
    assert_eq!(
        parse_envelope(b"<html>502</html>").unwrap_err(),
        EnvelopeError::NotApi
    );
    assert_eq!(
        parse_envelope(br#"{"x":1}"#).unwrap_err(),
        EnvelopeError::NotApi
    );
}

#[test]
fn parses_vectors_scalars_and_special_values() {
    let data = json!({"resultType": "vector", "result": [
        {"metric": {"__name__": "up", "job": "a"}, "value": [1795458483.777, "1"]},
        {"metric": {}, "value": [1795458483.777, "NaN"]},
        {"metric": {"x": "y"}, "value": [1795458483.777, "+Inf"]},
        {"metric": {"x": "z"}, "value": [1795458483.777, "-Inf"]},
    ]});
    let QueryValue::Vector(samples) = parse_query_data(&data).unwrap() else {
        panic!("vector expected");
    };
    assert_eq!(samples.len(), 4);
    assert_eq!(samples[0].labels["job"], "a");
    assert_eq!(samples[0].value, 1.0);
    assert!(samples[1].value.is_nan() && samples[1].labels.is_empty());
    assert_eq!(samples[2].value, f64::INFINITY);
    assert_eq!(samples[3].value, f64::NEG_INFINITY);

    let empty = json!({"resultType": "vector", "result": []});
    assert_eq!(
        parse_query_data(&empty).unwrap(),
        QueryValue::Vector(vec![])
    );
    let null = json!({"resultType": "vector", "result": null});
    assert_eq!(parse_query_data(&null).unwrap(), QueryValue::Vector(vec![]));
    let scalar = json!({"resultType": "scalar", "result": [1795458483.789, "NaN"]});
    assert!(matches!(parse_query_data(&scalar).unwrap(), QueryValue::Scalar(v) if v.is_nan()));
}

#[test]
fn rejects_results_checks_cannot_compare() {
    for (data, needle) in [
        (
            json!({"resultType": "matrix", "result": []}),
            "range vector",
        ),
        (
            json!({"resultType": "string", "result": [1, "s"]}),
            "returned a string",
        ),
        (
            json!({"resultType": "vector", "result": [{"metric": {}, "histogram": [1, {}]}]}),
            "native histogram",
        ),
        (
            json!({"resultType": "vector", "result": [{"metric": {}, "value": [1, "abc"]}]}),
            "`abc` is not a number",
        ),
        (
            json!({"resultType": "vector", "result": [{"metric": {}, "value": [1]}]}),
            "not [timestamp",
        ),
        (json!({"result": []}), "no resultType"),
    ] {
        let e = parse_query_data(&data).unwrap_err();
        assert!(e.contains(needle), "{data}: {e}");
    }
}
