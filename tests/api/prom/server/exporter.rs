//! A tiny exporter on a loopback port serving series whose values the test sets.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Formats a sample value the way the Prometheus text format spells it.
pub fn format_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value == f64::INFINITY {
        "+Inf".into()
    } else if value == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        format!("{value}")
    }
}

/// An HTTP server on a loopback port serving `/metrics` in the Prometheus text format, with
/// series and values the test sets. Stops on drop.
pub struct TestExporter {
    addr: SocketAddr,
    series: Arc<Mutex<BTreeMap<String, f64>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestExporter {
    /// Starts serving (no series yet) on `127.0.0.1:0`.
    pub async fn start() -> Self {
        let series: Arc<Mutex<BTreeMap<String, f64>>> = Arc::default();
        let shared = series.clone();
        let app = axum::Router::new().route(
            "/metrics",
            axum::routing::get(move || {
                let body = render(&shared.lock().unwrap());
                async move {
                    (
                        [("content-type", "text/plain; version=0.0.4; charset=utf-8")],
                        body,
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind exporter");
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, series, task }
    }

    /// `host:port` to scrape.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }

    /// Sets a series, written as in the exposition format: `name` or `name{label="v",…}`.
    pub fn set(&self, series: &str, value: f64) {
        self.series.lock().unwrap().insert(series.to_owned(), value);
    }

    /// Stops exposing a series.
    pub fn remove(&self, series: &str) {
        self.series.lock().unwrap().remove(series);
    }

    /// The body `/metrics` serves now.
    pub fn body(&self) -> String {
        render(&self.series.lock().unwrap())
    }
}

fn render(series: &BTreeMap<String, f64>) -> String {
    series
        .iter()
        .map(|(s, v)| format!("{s} {}\n", format_value(*v)))
        .collect()
}

impl Drop for TestExporter {
    fn drop(&mut self) {
        self.task.abort();
    }
}
