//! A real Prometheus for tests, plus a tiny exporter whose values the test controls.
//!
//! [`PromServer::start`] runs the Debian `prometheus` binary (or `$ORRERY_TEST_PROMETHEUS`) on a
//! free loopback port with a temporary config, rule files and data directory, waits until it
//! is ready and kills it on drop. A missing binary fails the test with a clear message: these
//! tests never skip. For history older than the head block (SLO windows of weeks), backfill a
//! data directory with [`backfill_openmetrics`] and pass it as [`PromSetup::data_dir`] with a
//! long [`PromSetup::retention`].
//!
//! ```ignore
//! let exporter = TestExporter::start().await;
//! exporter.set(r#"http_requests_total{code="200"}"#, 42.0);
//! let prom = PromServer::start(
//!     PromSetup::new()
//!         .rule_file("alerts.yml", ALERTS)
//!         .scrape("checkout", [exporter.address()]),
//! )
//! .await;
//! prom.wait_targets_scraped().await;
//! prom.wait_rules_evaluated(&[]).await;
//! ```

// Shared harness: each test uses only some of these helpers.
#![allow(dead_code)]

// Submodules by explicit path, relative to this file's folder, so the bench that includes
// this file by `#[path]` finds them too.
#[path = "exporter.rs"]
mod exporter;
#[path = "process.rs"]
mod process;
#[path = "promtool.rs"]
mod promtool;
#[path = "setup.rs"]
mod setup;

// The test binary and the bench each use only some of these.
#[allow(unused_imports)]
pub use exporter::{TestExporter, format_value};
pub use process::PromServer;
#[allow(unused_imports)]
pub use promtool::{backfill_openmetrics, promtool_check_rules};
#[allow(unused_imports)]
pub use setup::{PromSetup, ScrapeJob};

use std::future::Future;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Environment variable overriding the Prometheus binary.
pub const PROMETHEUS_ENV: &str = "ORRERY_TEST_PROMETHEUS";
/// Environment variable overriding the promtool binary.
pub const PROMTOOL_ENV: &str = "ORRERY_TEST_PROMTOOL";
/// How long [`PromServer`]'s `wait_*` helpers poll before failing the test.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(30);

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_dir(prefix: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    std::env::temp_dir().join(format!("{prefix}-{}-{n}-{nanos}", std::process::id()))
}

/// Path of a tool binary: the override in `env`, else `default`; panics if it is missing.
fn binary(env: &str, default: &str, package: &str) -> PathBuf {
    let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    require_binary(path, env, package)
}

/// `path` if it is a file; otherwise panics saying how to install it (tests never skip).
pub fn require_binary(path: PathBuf, env: &str, package: &str) -> PathBuf {
    assert!(
        path.is_file(),
        "{} not found: the Prometheus tests need a real server. Install the Debian `{package}` \
         package (CI does) or set {env} to the binary's path. These tests never skip.",
        path.display()
    );
    path
}

/// The `prometheus` binary (`$ORRERY_TEST_PROMETHEUS`, default `/usr/bin/prometheus`).
pub fn prometheus_binary() -> PathBuf {
    binary(PROMETHEUS_ENV, "/usr/bin/prometheus", "prometheus")
}

/// The `promtool` binary (`$ORRERY_TEST_PROMTOOL`, default `/usr/bin/promtool`).
pub fn promtool_binary() -> PathBuf {
    binary(PROMTOOL_ENV, "/usr/bin/promtool", "prometheus")
}

/// A loopback port nothing listens on right now (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind a loopback port")
        .port()
}

/// Polls `check` every 100 ms until it holds; panics naming `what` after `timeout`.
pub async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    wait_for(what, timeout, || {
        let fut = check();
        async move { fut.await.then_some(()) }
    })
    .await;
}

/// Polls `check` every 100 ms until it gives a value; panics naming `what` after `timeout`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
