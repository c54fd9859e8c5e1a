//! A running test Prometheus: start, wait for readiness, rules and targets, query, stop.

use super::{
    PromSetup, WAIT_TIMEOUT, free_port, prometheus_binary, unique_dir, wait_for, wait_until,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
