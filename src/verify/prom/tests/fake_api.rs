//! A fake Prometheus query API on a loopback port, answering the way each test asks (a 5xx
//! first, a parse error, HTML, a slow answer, basic auth) and counting requests.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// A fake Prometheus API answering the way the test says, counting requests.
pub(super) struct FakeApi {
    pub(super) url: String,
    pub(super) hits: Arc<AtomicU32>,
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

pub(super) async fn fake_api(failures: u32) -> FakeApi {
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
