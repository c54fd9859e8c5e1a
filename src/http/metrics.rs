//! Prometheus metrics: request counts and latencies by route and status, plus database
//! statement counters.

use super::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// Handle to the process-wide Prometheus recorder.
#[derive(Clone)]
pub struct Metrics {
    handle: PrometheusHandle,
}

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

impl Metrics {
    /// Installs the process-wide recorder on first use (later calls share it).
    pub fn install() -> Self {
        let handle = HANDLE
            .get_or_init(|| {
                let recorder = PrometheusBuilder::new()
                    .set_buckets_for_metric(
                        Matcher::Full("http_request_duration_seconds".into()),
                        &[
                            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                        ],
                    )
                    .expect("static bucket list is non-empty")
                    .build_recorder();
                let handle = recorder.handle();
                // Another recorder may already be installed (e.g. by an embedding program);
                // then this one only renders what it records itself.
                let _ = metrics::set_global_recorder(recorder);
                handle
            })
            .clone();
        Self { handle }
    }
}

/// Middleware recording `http_requests_total` and `http_request_duration_seconds`.
pub async fn track(State(_): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(start.elapsed().as_secs_f64());
    response
}

/// `GET /metrics` in the Prometheus text format.
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    state.metrics.handle.run_upkeep();
    let mut body = state.metrics.handle.render();
    let db = &state.services.db;
    let backend = db.backend_name();
    body.push_str(&format!(
        "# HELP orrery_db_statements_total SQL statements executed.\n# TYPE orrery_db_statements_total counter\norrery_db_statements_total{{backend=\"{backend}\"}} {}\n",
        db.statements().total()
    ));
    body.push_str(&format!(
        "# HELP orrery_db_statement_errors_total SQL statements that failed.\n# TYPE orrery_db_statement_errors_total counter\norrery_db_statement_errors_total{{backend=\"{backend}\"}} {}\n",
        db.statements().failed()
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}
