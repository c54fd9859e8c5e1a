//! What a test Prometheus runs: rule files, scrape jobs, intervals, data directory and flags.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

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

    pub(super) fn target_count(&self) -> usize {
        self.scrape_jobs.iter().map(|j| j.targets.len()).sum()
    }
}
