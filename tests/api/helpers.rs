//! Test harness: spawn the app on a fresh database, send GraphQL, read errors.

use orrery::app::App;
use orrery::config::{AuthArgs, DatabaseArgs, ServeArgs, SourceArgs};
use orrery::services::{Clock, SystemClock};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::oneshot;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

/// PostgreSQL server URL (without database) for tests.
pub fn postgres_base() -> String {
    std::env::var("ORRERY_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// The sample repositories, the local-checkout root [`TestApp::spawn`] allows.
pub fn fixture_repos() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos")
}

/// A running app with its own database and checklist directory.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub checklists: PathBuf,
    pub database_url: String,
    /// The app's use cases, for tests that drive them directly (e.g. the job queue).
    pub services: orrery::services::Services,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PostgresDb(String),
    /// Another app took the database over.
    Nothing,
}

pub async fn create_pg_database(name: &str) {
    use sea_orm::ConnectionTrait;
    let admin = sea_orm::Database::connect(format!("{}/postgres", postgres_base()))
        .await
        .expect("PostgreSQL must be reachable for the PostgreSQL tests (see README: Testing)");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
}

impl TestApp {
    /// Boots the app on `127.0.0.1:0` against a brand-new database, with local checkouts
    /// allowed under `tests/fixtures/repos`.
    pub async fn spawn(backend: Backend) -> Self {
        let sources = SourceArgs {
            local_repos_roots: vec![fixture_repos()],
            ..SourceArgs::default()
        };
        Self::spawn_with(backend, sources).await
    }

    /// Boots the app like [`Self::spawn`], reading repositories and metrics from `sources`.
    pub async fn spawn_with(backend: Backend, sources: SourceArgs) -> Self {
        Self::spawn_full(
            backend,
            sources,
            AuthArgs::default(),
            &|_| {},
            Arc::new(SystemClock),
        )
        .await
    }

    /// Boots the app like [`Self::spawn`] with the sign-in settings `auth`.
    pub async fn spawn_auth(backend: Backend, auth: AuthArgs) -> Self {
        let sources = SourceArgs {
            local_repos_roots: vec![fixture_repos()],
            ..SourceArgs::default()
        };
        Self::spawn_full(backend, sources, auth, &|_| {}, Arc::new(SystemClock)).await
    }

    /// Boots the app on a brand-new database with the settings `configure` adjusts (say,
    /// sign-in with a provider) and `clock` (which a test may move).
    pub async fn spawn_configured(
        backend: Backend,
        sources: SourceArgs,
        configure: &dyn Fn(&mut ServeArgs),
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self::spawn_full(backend, sources, AuthArgs::default(), configure, clock).await
    }

    async fn spawn_full(
        backend: Backend,
        sources: SourceArgs,
        auth: AuthArgs,
        configure: &dyn Fn(&mut ServeArgs),
        clock: Arc<dyn Clock>,
    ) -> Self {
        let dir = std::env::temp_dir().join(unique("orrery-test"));
        std::fs::create_dir_all(&dir).unwrap();
        let checklists = dir.join("checklists");
        std::fs::create_dir_all(&checklists).unwrap();
        let repo_checklists = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("checklists");
        std::fs::copy(
            repo_checklists.join("orr-standard.yaml"),
            checklists.join("orr-standard.yaml"),
        )
        .unwrap();
        let (database_url, cleanup) = match backend {
            Backend::Sqlite => {
                let file = dir.join("orrery.db");
                (
                    format!("sqlite://{}?mode=rwc", file.display()),
                    Cleanup::SqliteFile(dir.clone()),
                )
            }
            Backend::Postgres => {
                let name = unique("orrery_test");
                create_pg_database(&name).await;
                (
                    format!("{}/{name}", postgres_base()),
                    Cleanup::PostgresDb(name),
                )
            }
        };
        Self::boot(
            database_url,
            checklists,
            sources,
            auth,
            cleanup,
            configure,
            clock,
        )
        .await
    }

    /// Stops this app and boots another on the same database with other `sources` (the
    /// database outlives the first app).
    pub async fn restart_with(mut self, sources: SourceArgs) -> Self {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        let cleanup = std::mem::replace(&mut self.cleanup, Cleanup::Nothing);
        Self::boot(
            self.database_url.clone(),
            self.checklists.clone(),
            sources,
            AuthArgs::default(),
            cleanup,
            &|_| {},
            Arc::new(SystemClock),
        )
        .await
    }

    async fn boot(
        database_url: String,
        checklists: PathBuf,
        sources: SourceArgs,
        auth: AuthArgs,
        cleanup: Cleanup,
        configure: &dyn Fn(&mut ServeArgs),
        clock: Arc<dyn Clock>,
    ) -> Self {
        let mut args = ServeArgs {
            database: DatabaseArgs {
                database_url: database_url.clone(),
            },
            listen: "127.0.0.1:0".parse().unwrap(),
            checklists: checklists.clone(),
            default_template: "orr-standard".into(),
            sources,
            verify_interval_secs: 0,
            verify_concurrency: 2,
            rescore_interval_secs: 0,
            slo_observe_interval_secs: 0,
            digest: orrery::config::DigestArgs::default(),
            public_url: None,
            auth,
        };
        configure(&mut args);
        let app = App::build(&args, clock).await.expect("app builds");
        let services = app.services.clone();
        let (tx, rx) = oneshot::channel::<()>();
        let (addr, server) = app
            .serve(args.listen, async move {
                let _ = rx.await;
            })
            .await
            .expect("binds");
        let server = tokio::spawn(async move {
            server.await.expect("server runs");
        });
        Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            checklists,
            database_url,
            services,
            shutdown: Some(tx),
            server: Some(server),
            cleanup,
        }
    }

    /// Sends a GraphQL operation as `actor` and returns the whole response body.
    pub async fn gql_as(&self, actor: &str, query: &str, variables: Value) -> Value {
        let res = self
            .client
            .post(format!("{}/graphql", self.base))
            .header("x-orrery-actor", actor)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("request sent");
        res.json().await.expect("JSON response")
    }

    /// Sends as the default test user `alice`.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_as("alice", query, variables).await
    }

    /// Sends and returns `data`, failing the test on any error.
    pub async fn ok(&self, query: &str, variables: Value) -> Value {
        self.ok_as("alice", query, variables).await
    }

    /// Like [`ok`](Self::ok) as another actor.
    pub async fn ok_as(&self, actor: &str, query: &str, variables: Value) -> Value {
        let body = self.gql_as(actor, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Total SQL statements the app has executed (from `/metrics`).
    pub async fn statements(&self) -> u64 {
        let text = self
            .client
            .get(format!("{}/metrics", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find(|l| l.starts_with("orrery_db_statements_total{"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .expect("statement counter in /metrics")
    }

    /// Audit actions recorded for an entity, newest first.
    pub async fn audit_actions(&self, entity_type: &str, entity_id: &str) -> Vec<String> {
        let data = self
            .ok(
                "query($t: String!, $i: String!) { auditEvents(filter: {entityType: $t, entityId: $i}, first: 100) { edges { node { action } } } }",
                json!({"t": entity_type, "i": entity_id}),
            )
            .await;
        data["auditEvents"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Creates the team `payments` and returns nothing.
    pub async fn seed_team(&self, slug: &str) {
        self.ok(
            "mutation($s: String!) { createTeam(input: {slug: $s, name: \"Team\"}) { slug } }",
            json!({"s": slug}),
        )
        .await;
    }

    /// Creates a service of `tier` owned by `team` and returns its current review id.
    pub async fn seed_service(&self, slug: &str, team: &str, tier: &str) -> String {
        let data = self
            .ok(
                "mutation($s: String!, $t: String!, $tier: Tier!) {
                    createService(input: {slug: $s, name: \"Svc\", teamSlug: $t, tier: $tier}) { currentReview { id } }
                }",
                json!({"s": slug, "t": team, "tier": tier}),
            )
            .await;
        data["createService"]["currentReview"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Accepts, as `bob`, every not applicable answer of `review` that awaits a second
/// person's acceptance (blockers, and items the template marks).
pub async fn accept_pending_not_applicable(app: &TestApp, review: &str) {
    let data = app
        .ok(
            "query($r: ID!) { review(id: $r) { items { key version notApplicableClaim { state } } } }",
            json!({"r": review}),
        )
        .await;
    for item in data["review"]["items"].as_array().unwrap() {
        if item["notApplicableClaim"]["state"] == "PENDING" {
            app.ok_as(
                "bob",
                "mutation($r: ID!, $k: String!, $v: Int!) {
                    acceptNotApplicable(reviewId: $r, itemKey: $k, expectedVersion: $v) { version } }",
                json!({"r": review, "k": item["key"], "v": item["version"]}),
            )
            .await;
        }
    }
}

/// The `extensions.code` of the first error.
pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error: {body:#}"))
}

/// The `extensions.field` of the first error.
pub fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("expected a field: {body:#}"))
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        match &self.cleanup {
            Cleanup::Nothing => {}
            Cleanup::SqliteFile(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDb(name) => {
                let name = name.clone();
                // Drop runs inside the test's runtime; use a separate thread and runtime.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        use sea_orm::ConnectionTrait;
                        if let Ok(admin) =
                            sea_orm::Database::connect(format!("{}/postgres", postgres_base()))
                                .await
                        {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}
