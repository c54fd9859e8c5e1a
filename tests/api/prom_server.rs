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

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
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

/// One scrape job of the generated `prometheus.yml`.
#[derive(Debug, Clone)]
pub struct ScrapeJob {
    /// `job_name`, which becomes the targets' `job` label.
    pub job: String,
    /// `host:port` of each target.
    pub targets: Vec<String>,
    /// Extra static labels on every target (e.g. `namespace`).
    pub labels: BTreeMap<String, String>,
}

/// What [`PromServer::start`] runs.
#[derive(Debug, Clone)]
pub struct PromSetup {
    /// Rule files `(file name, YAML content)`, written next to `prometheus.yml`.
    pub rule_files: Vec<(String, String)>,
    /// Scrape jobs.
    pub scrape_jobs: Vec<ScrapeJob>,
    /// Global scrape and rule evaluation interval (also the scrape timeout).
    pub interval: Duration,
    /// Existing TSDB directory (e.g. backfilled blocks); a fresh temporary one otherwise.
    /// It is used in place and not removed on drop.
    pub data_dir: Option<PathBuf>,
    /// `--storage.tsdb.retention.time`, e.g. `3650d` for weeks-old backfilled data.
    pub retention: Option<String>,
    /// Extra command-line flags, e.g. `--query.lookback-delta=1m`.
    pub extra_flags: Vec<String>,
    /// How long to wait for `/-/ready`.
    pub ready_timeout: Duration,
}

impl Default for PromSetup {
    fn default() -> Self {
        Self {
            rule_files: Vec::new(),
            scrape_jobs: Vec::new(),
            interval: Duration::from_secs(1),
            data_dir: None,
            retention: None,
            extra_flags: Vec::new(),
            ready_timeout: Duration::from_secs(30),
        }
    }
}

impl PromSetup {
    /// No rules, no targets, 1 s intervals.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule file; `name` is a plain file name such as `alerts.yml`.
    pub fn rule_file(mut self, name: &str, content: &str) -> Self {
        self.rule_files.push((name.to_owned(), content.to_owned()));
        self
    }

    /// Adds a scrape job over `host:port` targets.
    pub fn scrape<I, S>(self, job: &str, targets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scrape_with_labels(job, targets, &[])
    }

    /// Adds a scrape job whose targets also carry static labels.
    pub fn scrape_with_labels<I, S>(
        mut self,
        job: &str,
        targets: I,
        labels: &[(&str, &str)],
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scrape_jobs.push(ScrapeJob {
            job: job.to_owned(),
            targets: targets.into_iter().map(Into::into).collect(),
            labels: labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        });
        self
    }

    /// Sets the scrape and evaluation interval.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Runs on an existing TSDB directory.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = Some(dir.into());
        self
    }

    /// Sets `--storage.tsdb.retention.time` (e.g. `3650d`).
    pub fn retention(mut self, retention: &str) -> Self {
        self.retention = Some(retention.to_owned());
        self
    }

    /// Adds a command-line flag.
    pub fn flag(mut self, flag: &str) -> Self {
        self.extra_flags.push(flag.to_owned());
        self
    }

    /// The `prometheus.yml` this setup runs with (JSON is valid YAML).
    pub fn config(&self) -> Value {
        let interval = format!("{}ms", self.interval.as_millis().max(1));
        let jobs: Vec<Value> = self
            .scrape_jobs
            .iter()
            .map(|j| {
                json!({
                    "job_name": j.job,
                    "static_configs": [{ "targets": j.targets, "labels": j.labels }],
                })
            })
            .collect();
        let rule_files: Vec<&str> = self.rule_files.iter().map(|(n, _)| n.as_str()).collect();
        json!({
            "global": {
                "scrape_interval": interval,
                "scrape_timeout": interval,
                "evaluation_interval": interval,
            },
            "rule_files": rule_files,
            "scrape_configs": jobs,
        })
    }

    fn target_count(&self) -> usize {
        self.scrape_jobs.iter().map(|j| j.targets.len()).sum()
    }
}

/// A running Prometheus, killed (and its temporary directory removed) on drop.
pub struct PromServer {
    url: String,
    dir: PathBuf,
    data_dir: PathBuf,
    log: PathBuf,
    child: Mutex<Child>,
    expected_targets: usize,
    client: reqwest::Client,
}

impl std::fmt::Debug for PromServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PromServer")
            .field("url", &self.url)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Why one launch attempt did not give a ready server.
enum LaunchError {
    /// Another process took the port between choosing and binding it; try another.
    PortTaken,
}

impl PromServer {
    /// Writes the config and rule files to a temporary directory, starts Prometheus on a free
    /// loopback port and waits for `/-/ready`. Panics (with Prometheus's log) if it exits or
    /// is not ready within `setup.ready_timeout`.
    pub async fn start(setup: PromSetup) -> Self {
        let bin = prometheus_binary();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        for _attempt in 0..5 {
            let dir = unique_dir("orrery-prom");
            std::fs::create_dir_all(&dir).expect("create Prometheus temp dir");
            for (name, content) in &setup.rule_files {
                assert!(
                    !name.is_empty() && !name.contains(['/', '\\']) && name != "..",
                    "rule file name `{name}` must be a plain file name"
                );
                std::fs::write(dir.join(name), content).expect("write rule file");
            }
            let config = dir.join("prometheus.yml");
            let text = serde_json::to_string_pretty(&setup.config()).unwrap();
            std::fs::write(&config, text).expect("write prometheus.yml");
            let data_dir = setup.data_dir.clone().unwrap_or_else(|| dir.join("data"));
            let log = dir.join("prometheus.log");
            let port = free_port();
            let mut cmd = Command::new(&bin);
            // Relative to the working directory, so rule files keep their plain names in
            // `/api/v1/rules` (`file: alerts.yml`).
            cmd.arg("--config.file=prometheus.yml")
                .arg(format!("--storage.tsdb.path={}", data_dir.display()))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg("--web.enable-lifecycle");
            if let Some(retention) = &setup.retention {
                cmd.arg(format!("--storage.tsdb.retention.time={retention}"));
            }
            cmd.args(&setup.extra_flags);
            let log_file = std::fs::File::create(&log).expect("create Prometheus log");
            let child = cmd
                .current_dir(&dir)
                .stdin(Stdio::null())
                .stdout(log_file.try_clone().expect("clone log handle"))
                .stderr(log_file)
                .spawn()
                .unwrap_or_else(|e| panic!("could not run {}: {e}", bin.display()));
            let server = Self {
                url: format!("http://127.0.0.1:{port}"),
                dir,
                data_dir,
                log,
                child: Mutex::new(child),
                expected_targets: setup.target_count(),
                client: client.clone(),
            };
            match server.wait_ready(setup.ready_timeout).await {
                Ok(()) => return server,
                // Dropping kills the process and removes its directory; try another port.
                Err(LaunchError::PortTaken) => drop(server),
            }
        }
        panic!("Prometheus could not bind a free loopback port in 5 attempts");
    }

    async fn wait_ready(&self, timeout: Duration) -> Result<(), LaunchError> {
        let deadline = Instant::now() + timeout;
        let ready = format!("{}/-/ready", self.url);
        loop {
            if let Some(status) = self.exit_status() {
                let log = self.log();
                if log.contains("address already in use") {
                    return Err(LaunchError::PortTaken);
                }
                panic!(
                    "Prometheus exited ({status}) before it was ready; its log:\n{}",
                    tail(&log, 40)
                );
            }
            if let Ok(res) = self.client.get(&ready).send().await
                && res.status().is_success()
            {
                return Ok(());
            }
            if Instant::now() >= deadline {
                panic!(
                    "Prometheus at {} was not ready within {timeout:?}; its log:\n{}",
                    self.url,
                    tail(&self.log(), 40)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn exit_status(&self) -> Option<std::process::ExitStatus> {
        self.child.lock().unwrap().try_wait().ok().flatten()
    }

    fn kill(&self) {
        let mut child = self.child.lock().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The temporary directory holding `prometheus.yml`, rule files and the log.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The TSDB directory in use.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Everything Prometheus logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// GETs `path` (e.g. `/api/v1/rules`) and returns its `data`; panics on any error.
    pub async fn api(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.url);
        let body: Value = self
            .client
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: not JSON: {e}"));
        assert_eq!(body["status"], "success", "GET {url}: {body:#}");
        body["data"].clone()
    }

    /// Runs an instant query and returns `data` (`resultType` and `result`).
    pub async fn query(&self, promql: &str) -> Value {
        let url = format!("{}/api/v1/query", self.url);
        let body: Value = self
            .client
            .get(&url)
            .query(&[("query", promql)])
            .send()
            .await
            .unwrap_or_else(|e| panic!("query {promql}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("query {promql}: not JSON: {e}"));
        assert_eq!(body["status"], "success", "query {promql}: {body:#}");
        body["data"].clone()
    }

    /// Waits until every rule named in `names` (every loaded rule when empty) has been
    /// evaluated at least once (health is no longer `unknown`).
    pub async fn wait_rules_evaluated(&self, names: &[&str]) {
        let what = if names.is_empty() {
            "every rule to be evaluated".to_owned()
        } else {
            format!("rules {names:?} to be evaluated")
        };
        wait_until(&what, WAIT_TIMEOUT, || async {
            let data = self.api("/api/v1/rules").await;
            let rules: Vec<&Value> = data["groups"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|g| g["rules"].as_array().into_iter().flatten())
                .collect();
            let wanted: Vec<&&Value> = rules
                .iter()
                .filter(|r| names.is_empty() || names.contains(&r["name"].as_str().unwrap_or("")))
                .collect();
            let every_name = names
                .iter()
                .all(|n| rules.iter().any(|r| r["name"].as_str() == Some(n)));
            every_name && !wanted.is_empty() && wanted.iter().all(|r| r["health"] != "unknown")
        })
        .await;
    }

    /// Waits until every configured target is listed and has been scraped at least once.
    pub async fn wait_targets_scraped(&self) {
        let expected = self.expected_targets;
        wait_until(
            &format!("{expected} targets to be scraped"),
            WAIT_TIMEOUT,
            || async {
                let data = self.api("/api/v1/targets?state=active").await;
                let targets = data["activeTargets"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                targets.len() == expected && targets.iter().all(|t| t["health"] != "unknown")
            },
        )
        .await;
    }

    /// Waits until `promql` returns a non-empty instant vector; returns its samples.
    pub async fn wait_for_series(&self, promql: &str) -> Vec<Value> {
        wait_for(
            &format!("`{promql}` to return a series"),
            WAIT_TIMEOUT,
            || async {
                let data = self.query(promql).await;
                data["result"].as_array().filter(|r| !r.is_empty()).cloned()
            },
        )
        .await
    }
}

impl Drop for PromServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The log's error lines, then its last `n` lines.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("level=error"))
        .collect();
    format!(
        "errors:\n{}\nlast {n} lines:\n{}",
        if errors.is_empty() {
            "(none)".to_owned()
        } else {
            errors.join("\n")
        },
        lines[lines.len().saturating_sub(n)..].join("\n")
    )
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

/// Validates a rule file with `promtool check rules`; `Err` carries promtool's output.
pub fn promtool_check_rules(content: &str) -> Result<(), String> {
    let dir = unique_dir("orrery-promtool");
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let file = dir.join("rules.yml");
    std::fs::write(&file, content).expect("write rules");
    let out = Command::new(promtool_binary())
        .arg("check")
        .arg("rules")
        .arg(&file)
        .output()
        .expect("run promtool");
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Writes TSDB blocks for `openmetrics` (OpenMetrics text ending in `# EOF`, timestamps in
/// seconds) into `data_dir` with `promtool tsdb create-blocks-from openmetrics`, blocks of at
/// most 240 h. Start Prometheus on `data_dir` with a long retention afterwards.
pub fn backfill_openmetrics(openmetrics: &str, data_dir: &Path) {
    std::fs::create_dir_all(data_dir).expect("create data dir");
    let file = data_dir.with_extension("om.txt");
    std::fs::write(&file, openmetrics).expect("write OpenMetrics input");
    let out = Command::new(promtool_binary())
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg("--max-block-duration=240h")
        .arg(&file)
        .arg(data_dir)
        .output()
        .expect("run promtool");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "promtool could not backfill {}: {}{}",
        data_dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

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
