//! SLO status without a Prometheus: an unfillable placeholder and an unreachable server are
//! errors with their reason, and a service page without `--prometheus-url` says "not measured".

use super::{fields, ratio};
use crate::helpers::TestApp;
use crate::prom::server::free_port;
use orrery::verify::placeholders::FillError;
use orrery::verify::prom::{PrometheusHttp, SloError, slo_status};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slo_status_errors_without_prometheus() {
    // Nothing listens on this port.
    let source = PrometheusHttp::new(
        &format!("http://127.0.0.1:{}", free_port()),
        Duration::from_secs(5),
    )
    .unwrap()
    .with_retries(0, Duration::from_millis(10));

    // A placeholder the service cannot fill is reported before anything is queried.
    let slo = ratio(
        r#"http_requests_total{namespace="{{namespace}}",code!~"5.."}"#,
        r#"http_requests_total{namespace="{{namespace}}"}"#,
        99.9,
    );
    let e = slo_status(&slo, &fields(), &source, None)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        SloError::Placeholder {
            field: "goodQuery",
            error: FillError::Missing {
                placeholder: "namespace".into()
            }
        }
    );
    assert!(e.to_string().contains("monitoring.namespace"), "{e}");

    let slo = ratio(
        r#"http_requests_total{job="checkout",code!~"5.."}"#,
        r#"http_requests_total{job="checkout"}"#,
        99.9,
    );
    match slo_status(&slo, &fields(), &source, None)
        .await
        .unwrap_err()
    {
        SloError::Unreachable { source, message } => {
            assert!(source.contains("127.0.0.1"), "{source}");
            assert!(message.contains("unreachable"), "{message}");
        }
        other => panic!("expected an unreachable source, got {other:?}"),
    }
}

crate::dual_test!(slo_status_is_not_measured_without_prometheus);

async fn slo_status_is_not_measured_without_prometheus(app: TestApp) {
    app.seed_team("shop").await;
    app.seed_service("checkout", "shop", "TIER2").await;
    app.ok(
        "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"latency\", sliKind: LATENCY,
            latencyMetric: \"http_request_duration_seconds\", latencyThresholdSeconds: 0.25,
            objectivePercent: 99.5, windowDays: 28}) { id } }",
        serde_json::json!({}),
    )
    .await;
    let data = app
        .ok(
            "{ service(slug: \"checkout\") { slos { status { state message attainmentPercent budget { remainingPercent } burnRates { rate } } } } }",
            serde_json::json!({}),
        )
        .await;
    let status = &data["service"]["slos"][0]["status"];
    assert_eq!(status["state"], "NOT_MEASURED");
    assert!(
        status["message"]
            .as_str()
            .unwrap()
            .contains("--prometheus-url"),
        "{status:#}"
    );
    assert_eq!(status["attainmentPercent"], serde_json::Value::Null);
    assert_eq!(status["budget"], serde_json::Value::Null);
    assert_eq!(status["burnRates"], serde_json::json!([]));
}
