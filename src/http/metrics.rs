//! Prometheus metrics: request counts and latencies by route and status, plus database
//! statement counters.

use crate::edge::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

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
    let mut body = state.metrics.render();
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
