//! Parsing Prometheus API answers, URL handling and the HTTP client against a local server.

use super::http::PrometheusHttp;
use super::response::*;
use super::source::{MetricsSource, QueryValue, RuleKind};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

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

/// Trimmed from a real Prometheus 2.42 answer.
fn rules_answer() -> Value {
    json!({"groups": [
        {"name": "g1", "file": "alerts.yml", "interval": 1, "rules": [
            {"state": "inactive", "name": "A1", "query": "up{job=\"prometheus\"} == 0",
             "duration": 0, "labels": {"severity": "page"},
             "annotations": {"runbook_url": "http://r", "summary": "x"}, "alerts": [],
             "health": "ok", "evaluationTime": 0.0009, "lastEvaluation": "2026-11-23T18:28:01Z",
             "type": "alerting"},
            {"name": "job:up:sum", "query": "sum by (job) (up)", "health": "ok",
             "lastError": "", "type": "recording"},
            {"state": "inactive", "name": "Err1", "query": "x + on () y", "labels": {},
             "annotations": {}, "health": "err",
             "lastError": "multiple matches for labels: many-to-one matching must be explicit",
             "type": "alerting"},
        ]},
        {"name": "slow", "file": "slow.yml", "rules": [
            {"name": "slow:rule", "query": "vector(1)", "health": "unknown",
             "lastEvaluation": "0001-01-01T00:00:00Z", "type": "recording"},
        ]},
        {"name": "empty", "file": "e.yml", "rules": null},
    ]})
}

#[test]
fn parses_rule_groups() {
    let groups = parse_rules_data(rules_answer()).unwrap();
    assert_eq!(groups.len(), 3);
    assert_eq!(
        (groups[0].name.as_str(), groups[0].file.as_str()),
        ("g1", "alerts.yml")
    );
    let a1 = &groups[0].rules[0];
    assert_eq!(a1.kind, RuleKind::Alerting);
    assert_eq!(a1.labels["severity"], "page");
    assert_eq!(a1.annotations["runbook_url"], "http://r");
    assert_eq!((a1.health.as_str(), a1.last_error.as_deref()), ("ok", None));
    let rec = &groups[0].rules[1];
    assert_eq!(rec.kind, RuleKind::Recording);
    assert!(rec.labels.is_empty() && rec.annotations.is_empty());
    assert_eq!(rec.last_error, None, "an empty lastError is no error");
    assert_eq!(groups[0].rules[2].health, "err");
    assert!(
        groups[0].rules[2]
            .last_error
            .as_deref()
            .unwrap()
            .contains("many-to-one")
    );
    assert_eq!(groups[1].rules[0].health, "unknown");
    assert!(groups[2].rules.is_empty());
    assert!(
        parse_rules_data(json!({"groups": null}))
            .unwrap()
            .is_empty()
    );

    let odd = json!({"groups": [{"name": "g", "file": "f", "rules": [
        {"name": "r", "query": "1", "health": "ok", "type": "weird"}]}]});
    assert!(
        parse_rules_data(odd)
            .unwrap_err()
            .contains("unknown type `weird`")
    );
}

#[test]
fn parses_active_targets() {
    let data = json!({"activeTargets": [
        {"discoveredLabels": {"__address__": "127.0.0.1:1"},
         "labels": {"instance": "127.0.0.1:1", "job": "dead", "namespace": "shop"},
         "scrapePool": "dead", "scrapeUrl": "http://127.0.0.1:1/metrics",
         "lastError": "Get \"http://127.0.0.1:1/metrics\": dial tcp 127.0.0.1:1: connect: connection refused",
         "health": "down"},
        {"labels": {"instance": "127.0.0.1:9090", "job": "prometheus"},
         "scrapeUrl": "http://127.0.0.1:9090/metrics", "lastError": "", "health": "up"},
    ], "droppedTargets": []});
    let targets = parse_targets_data(data).unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0].labels["namespace"], "shop");
    assert_eq!(targets[0].health, "down");
    assert!(
        targets[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("connection refused")
    );
    assert_eq!(targets[1].last_error, None);
    assert!(parse_targets_data(json!({})).unwrap().is_empty());
}

#[test]
fn validates_the_base_url() {
    let t = Duration::from_secs(5);
    for (url, needle) in [
        ("prometheus:9090", "scheme must be http or https"),
        ("ftp://prom", "scheme must be http or https"),
        ("not a url", "relative URL"),
        ("http://prom:9090/?x=1", "query string"),
        ("http://prom:9090/#top", "fragment"),
    ] {
        let e = PrometheusHttp::new(url, t).unwrap_err();
        assert!(e.message.contains(needle), "{url}: {e}");
    }
    assert!(
        PrometheusHttp::new("http://prom:9090", Duration::ZERO)
            .unwrap_err()
            .message
            .contains("timeout")
    );
    let p = PrometheusHttp::new(" http://prom:9090/sub/path ", t).unwrap();
    assert_eq!(p.url(), "http://prom:9090/sub/path");
    assert_eq!(p.describe(), "Prometheus at http://prom:9090/sub/path");
}

#[test]
fn credentials_never_show() {
    let p = PrometheusHttp::new(
        "https://admin:s3cr%40t@prom.example/",
        Duration::from_secs(5),
    )
    .unwrap();
    let shown = format!("{p:?} {} {}", p.describe(), p.url());
    assert!(
        !shown.contains("s3cr") && !shown.contains("admin"),
        "{shown}"
    );
    assert!(shown.contains("basic_auth: true"), "{shown}");
    let e = PrometheusHttp::new("gopher://admin:s3cret@prom/", Duration::from_secs(5)).unwrap_err();
    assert!(!e.message.contains("s3cret"), "{e}");
    assert!(e.message.contains("***@prom"), "{e}");
}

/// A fake Prometheus API answering the way the test says, counting requests.
struct FakeApi {
    url: String,
    hits: Arc<AtomicU32>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct FakeState {
    hits: Arc<AtomicU32>,
    /// The first `failures` requests get a 503.
    failures: u32,
}

async fn fake_api(failures: u32) -> FakeApi {
    let hits = Arc::new(AtomicU32::new(0));
    let state = FakeState {
        hits: hits.clone(),
        failures,
    };
    async fn query(
        State(s): State<FakeState>,
        headers: HeaderMap,
        Query(q): Query<HashMap<String, String>>,
    ) -> (StatusCode, String) {
        let n = s.hits.fetch_add(1, Ordering::SeqCst);
        if n < s.failures {
            return (StatusCode::SERVICE_UNAVAILABLE, "overloaded".into());
        }
        let promql = q.get("query").cloned().unwrap_or_default();
        match promql.as_str() {
            "sum(" => (
                StatusCode::BAD_REQUEST,
                json!({"status": "error", "errorType": "bad_data",
                       "error": "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"})
                .to_string(),
            ),
            "html" => (StatusCode::OK, "<html>proxy login</html>".into()),
            "slow" => {
                tokio::time::sleep(Duration::from_secs(3)).await;
                (StatusCode::OK, String::new())
            }
            "auth" => {
                let auth = headers
                    .get("authorization")
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("")
                    .to_owned();
                // "admin:s3cr@t" in base64.
                let ok = auth == "Basic YWRtaW46czNjckB0";
                let value = if ok { "1" } else { "0" };
                (
                    StatusCode::OK,
                    json!({"status": "success", "data": {"resultType": "scalar", "result": [1, value]}})
                        .to_string(),
                )
            }
            _ => (
                StatusCode::OK,
                json!({"status": "success", "data": {"resultType": "vector", "result": [
                    {"metric": {"time": q.get("time").cloned().unwrap_or_default()}, "value": [1, "+Inf"]}
                ]}})
                .to_string(),
            ),
        }
    }
    let app = Router::new()
        .route("/prefix/api/v1/query", get(query))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    FakeApi {
        url: format!("http://{addr}/prefix"),
        hits,
        task,
    }
}

#[tokio::test]
async fn retries_5xx_then_reads_the_answer_and_sends_the_time() {
    let api = fake_api(2).await;
    let p = PrometheusHttp::new(&api.url, Duration::from_secs(5))
        .unwrap()
        .with_retries(2, Duration::from_millis(10));
    let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05.678Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let QueryValue::Vector(samples) = p.query("up", Some(at)).await.unwrap() else {
        panic!("vector expected");
    };
    assert_eq!(api.hits.load(Ordering::SeqCst), 3, "two 503s, then success");
    assert_eq!(samples[0].value, f64::INFINITY);
    assert_eq!(samples[0].labels["time"], "2026-01-02T03:04:05.678Z");
}

#[tokio::test]
async fn gives_up_after_the_retries_with_the_status() {
    let api = fake_api(10).await;
    let p = PrometheusHttp::new(&api.url, Duration::from_secs(5))
        .unwrap()
        .with_retries(1, Duration::from_millis(10));
    let e = p.query("up", None).await.unwrap_err();
    assert_eq!(api.hits.load(Ordering::SeqCst), 2);
    assert!(e.message.contains("503"), "{e}");
    assert!(e.message.contains("overloaded"), "{e}");
    assert!(e.message.contains(&api.url), "{e}");
}

#[tokio::test]
async fn api_errors_name_the_query_and_error_type() {
    let api = fake_api(0).await;
    let p = PrometheusHttp::new(&api.url, Duration::from_secs(5)).unwrap();
    let e = p.query("sum(", None).await.unwrap_err();
    assert!(e.message.contains("`sum(`"), "{e}");
    assert!(e.message.contains("bad_data"), "{e}");
    assert!(e.message.contains("unclosed left parenthesis"), "{e}");
    assert_eq!(api.hits.load(Ordering::SeqCst), 1, "a 400 is not retried");
    let e = p.query("html", None).await.unwrap_err();
    assert!(e.message.contains("not Prometheus API JSON"), "{e}");
    assert!(e.message.contains("proxy login"), "{e}");
}

#[tokio::test]
async fn sends_url_credentials_as_basic_auth() {
    let api = fake_api(0).await;
    let with_auth = api.url.replace("http://", "http://admin:s3cr%40t@");
    let p = PrometheusHttp::new(&with_auth, Duration::from_secs(5)).unwrap();
    assert_eq!(
        p.query("auth", None).await.unwrap(),
        QueryValue::Scalar(1.0)
    );
    assert!(!p.describe().contains("s3cr"));
}

#[tokio::test]
async fn a_closed_port_is_unreachable_after_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let p = PrometheusHttp::new(&url, Duration::from_secs(2))
        .unwrap()
        .with_retries(2, Duration::from_millis(10));
    for e in [
        p.query("up", None).await.unwrap_err(),
        p.rules().await.unwrap_err(),
        p.targets().await.unwrap_err(),
    ] {
        assert!(
            e.message
                .starts_with(&format!("Prometheus at {url} is unreachable: ")),
            "{e}"
        );
        assert!(e.message.to_lowercase().contains("refused"), "{e}");
    }
}

#[tokio::test]
async fn a_slow_answer_times_out_with_a_clear_message() {
    let api = fake_api(0).await;
    let p = PrometheusHttp::new(&api.url, Duration::from_millis(300)).unwrap();
    let e = p.query("slow", None).await.unwrap_err();
    assert!(
        e.message.contains("no answer to api/v1/query within 300ms"),
        "{e}"
    );
    assert!(e.message.contains("`slow`"), "{e}");
    assert_eq!(
        api.hits.load(Ordering::SeqCst),
        1,
        "timeouts are not retried"
    );
}
#[tokio::test]
async fn unreachable_messages_give_the_cause_without_client_noise() {
    let p = PrometheusHttp::new("http://nonexistent.invalid:9090", Duration::from_secs(2))
        .unwrap()
        .with_retries(0, Duration::ZERO);
    let e = p.rules().await.unwrap_err();
    assert!(
        e.message
            .starts_with("Prometheus at http://nonexistent.invalid:9090 is unreachable: dns error"),
        "{e}"
    );
}
