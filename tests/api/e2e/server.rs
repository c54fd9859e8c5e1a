//! The real `orrery serve` binary on a free port with a fresh SQLite file, as a person would
//! run it; the tests read the bound address from its "listening on" line.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `orrery serve`; stopped and its database removed when dropped.
pub struct Served {
    pub base: String,
    child: Child,
    dir: PathBuf,
    http: reqwest::Client,
}

impl Served {
    /// Starts `orrery serve --listen 127.0.0.1:0` on a new database with the shipped
    /// checklists, and waits until it answers.
    pub async fn start(name: &str) -> Served {
        Self::start_with(name, &[], &[]).await
    }

    /// Like [`Self::start`], with more flags (replacing `--listen`, if they name one) and
    /// environment variables.
    pub async fn start_with(name: &str, flags: &[String], env: &[(&str, &str)]) -> Served {
        let dir = std::env::temp_dir().join(format!("orrery-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_orrery"))
            .arg("serve")
            .args(if flags.iter().any(|f| f == "--listen") {
                vec![]
            } else {
                vec!["--listen", "127.0.0.1:0"]
            })
            .args(flags)
            .envs(env.iter().copied())
            .arg("--database-url")
            .arg(format!(
                "sqlite://{}?mode=rwc",
                dir.join("orrery.db").display()
            ))
            .arg("--checklists")
            .arg(repo.join("checklists"))
            .env("ORRERY_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start orrery serve");
        let stdout = child.stdout.take().unwrap();
        let base = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stdout).lines();
            let line = lines
                .find_map(|l| l.ok().filter(|l| l.starts_with("listening on ")))
                .expect("orrery serve printed no `listening on` line");
            // Keep draining stdout so the server never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            line.trim_start_matches("listening on ").trim().to_owned()
        })
        .await
        .unwrap();
        let served = Served {
            base,
            child,
            dir,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        };
        let health = format!("{}/readyz", served.base);
        for _ in 0..100 {
            if served
                .http
                .get(&health)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return served;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("orrery serve at {} never became ready", served.base);
    }

    /// The absolute address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Runs a GraphQL operation as `actor` (setup the scenario does not click through) and
    /// returns `data`, failing the test on errors.
    pub async fn graphql(&self, actor: &str, query: &str, variables: Value) -> Value {
        let body: Value = self
            .http
            .post(self.url("/graphql"))
            .header("x-orrery-actor", actor)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(body["errors"].is_null(), "GraphQL errors: {body}");
        body["data"].clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
