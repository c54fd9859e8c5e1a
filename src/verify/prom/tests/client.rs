//! The HTTP client against a fake API: retries, the time sent, API errors naming the query,
//! basic auth, unreachable servers and timeouts with clear messages.

use super::fake_api::fake_api;
use crate::verify::prom::http::PrometheusHttp;
use crate::verify::prom::source::{MetricsSource, QueryValue};
use std::sync::atomic::Ordering;
use std::time::Duration;

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
