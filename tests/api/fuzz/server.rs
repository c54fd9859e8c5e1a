//! The real `orrery serve` binary on a free port, on a fresh SQLite file or PostgreSQL
//! database, with everything it prints captured in `server.log` of the run's directory.

use crate::helpers::{Backend, create_pg_database, postgres_base};
use serde_json::{Value, json};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The actor the seed data and the fuzzer act as.
pub const ACTOR: &str = "fuzzer";

/// A running `orrery serve`; stopped (and its PostgreSQL database dropped) when dropped.
pub struct FuzzServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    log: PathBuf,
    child: Child,
    pg_database: Option<String>,
    http: reqwest::Client,
}

impl FuzzServer {
    /// Starts the binary on `backend` with `dir` as its working directory. Local checkouts,
    /// Prometheus and GitHub stay out of reach (GitHub points at a closed local port) and
    /// background verification is off, so only the fuzzer's requests reach the server.
    pub async fn start(backend: Backend, dir: &Path) -> FuzzServer {
        let (database_url, pg_database) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}?mode=rwc", dir.join("orrery.db").display()),
                None,
            ),
            Backend::Postgres => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos();
                let name = format!("orrery_fuzz_{}_{nanos}", std::process::id());
                create_pg_database(&name).await;
                (format!("{}/{name}", postgres_base()), Some(name))
            }
        };
        let log = dir.join("server.log");
        let out = File::create(&log).expect("create server.log");
        let mut command = Command::new(env!("CARGO_BIN_EXE_orrery"));
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("ORRERY_")) {
            command.env_remove(key);
        }
        let child = command
            .current_dir(dir)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--database-url", &database_url])
            .arg("--checklists")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists"))
            .args(["--verify-interval-secs", "0"])
            .args(["--github-api-url", "http://127.0.0.1:9"])
            .args(["--github-timeout-secs", "2"])
            .env("ORRERY_LOG", "warn")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start orrery serve");
        let mut server = FuzzServer {
            base: String::new(),
            log,
            child,
            pg_database,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        };
        server.base = server.wait_for_listening().await;
        server
    }

    async fn wait_for_listening(&mut self) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            let log = self.log();
            if let Some(line) = log.lines().find(|l| l.starts_with("listening on ")) {
                return line.trim_start_matches("listening on ").trim().to_owned();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("orrery serve exited ({status}) before listening:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "orrery serve printed no `listening on` line:\n{}",
            self.log()
        );
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.log).unwrap_or_default()).into_owned()
    }

    /// Runs a GraphQL operation as [`ACTOR`] (or `actor`) and returns `data`, failing the
    /// test on errors.
    pub async fn ok_as(&self, actor: &str, query: &str, variables: Value) -> Value {
        let body: Value = self
            .http
            .post(format!("{}/graphql", self.base))
            .header("x-orrery-actor", actor)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("GraphQL request sent")
            .json()
            .await
            .expect("GraphQL response is JSON");
        assert!(body.get("errors").is_none(), "seeding failed: {body:#}");
        body["data"].clone()
    }

    /// Like [`ok_as`](Self::ok_as) as [`ACTOR`].
    pub async fn ok(&self, query: &str, variables: Value) -> Value {
        self.ok_as(ACTOR, query, variables).await
    }

    /// The `/metrics` page.
    pub async fn metrics(&self) -> String {
        let response = self
            .http
            .get(format!("{}/metrics", self.base))
            .send()
            .await
            .expect("GET /metrics");
        assert!(response.status().is_success(), "GET /metrics: {response:?}");
        response.text().await.unwrap()
    }
}

impl Drop for FuzzServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let Some(name) = self.pg_database.take() else {
            return;
        };
        // Drop runs inside the test's runtime; use a separate thread and runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                use sea_orm::ConnectionTrait;
                let admin = format!("{}/postgres", postgres_base());
                if let Ok(admin) = sea_orm::Database::connect(admin).await {
                    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = admin.execute_unprepared(&drop).await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}
