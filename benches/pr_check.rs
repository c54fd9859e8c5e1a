//! Pull request check latency: a signed `pull_request` delivery reaches the real app over
//! loopback HTTP; the time measured is until the GitHub fake receives the check run's
//! `POST` (GitHub shows the check as in progress). The fake answers every call after
//! `ORRERY_BENCH_LATENCY_MS` (default 50) and serves a repository of 2,000 files; the base
//! commit is already cached (a first delivery read it), every measured delivery names a new
//! head commit. The time until the run is completed (the last `PATCH`) is printed too.
//!
//! Run with `cargo bench --bench pr_check`.

#[path = "../tests/api/pr_checks/fake.rs"]
mod fake;
#[path = "../tests/api/github_fake.rs"]
mod github_fake;

use criterion::{Criterion, SamplingMode};
use orrery::app::App;
use orrery::config::{AuthArgs, DatabaseArgs, ServeArgs, SourceArgs};
use orrery::domain::webhook::sign;
use orrery::services::SystemClock;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const SECRET: &str = "bench-secret";
const BASE: &str = "2222222222222222222222222222222222222222";
const FILES: usize = 2000;

/// The well-prepared fixture padded with source files to [`FILES`] files.
fn files() -> fake::Files {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/well-prepared");
    let mut files = github_fake::load_dir(&root);
    let mut i = 0;
    while files.len() < FILES {
        let text = format!("// module {i}\npub fn f{i}() -> u32 {{ {i} }}\n");
        files.push((format!("src/gen/m{i:04}.rs"), text.into_bytes()));
        i += 1;
    }
    files
}

struct Bench {
    base: String,
    client: reqwest::Client,
    fake: fake::FakeChecks,
    deliveries: AtomicU64,
}

impl Bench {
    /// Delivers a pull request at a new head and returns (until the POST, until complete).
    async fn one(&self) -> (Duration, Duration) {
        let n = self.deliveries.fetch_add(1, Ordering::Relaxed) + 1;
        let head = format!("{n:040x}");
        let body = json!({
            "action": "synchronize", "number": 1,
            "pull_request": {"number": 1, "head": {"ref": "b", "sha": head},
                             "base": {"ref": "main", "sha": BASE}},
            "repository": {"name": "orders", "full_name": "bench/orders",
                           "owner": {"login": "bench"}, "default_branch": "main"},
            "installation": {"id": 1}
        })
        .to_string();
        let sent = Instant::now();
        let res = self
            .client
            .post(format!("{}/webhooks/github", self.base))
            .header("x-github-event", "pull_request")
            .header("x-github-delivery", format!("bench-{n}"))
            .header(
                "x-hub-signature-256",
                sign(SECRET.as_bytes(), body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .expect("delivered");
        assert_eq!(res.status(), 202);
        loop {
            let run = self.fake.runs().into_iter().find(|r| r.head_sha == head);
            if let Some(run) = run
                && run
                    .bodies
                    .last()
                    .is_some_and(|b| b["status"] == "completed")
            {
                return (run.created - sent, run.updated - sent);
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
}

async fn boot(latency: Duration) -> Bench {
    let files = files();
    let (github, fake) = fake::FakeChecks::new(vec![(BASE.to_owned(), files.clone())])
        .any_commit(files)
        .latency(latency)
        .start()
        .await;
    // The fake outlives the benchmark.
    let github_url = github.uri();
    std::mem::forget(github);
    let dir = std::env::temp_dir().join(format!("orrery-bench-pr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let args = ServeArgs {
        database: DatabaseArgs {
            database_url: format!("sqlite://{}?mode=rwc", dir.join("orrery.db").display()),
        },
        listen: "127.0.0.1:0".parse().unwrap(),
        checklists: dir.join("no-checklists"),
        default_template: "orr-standard".into(),
        sources: SourceArgs {
            github_api_url: github_url,
            github_token: Some("bench-token".into()),
            github_webhook_secret: Some(SECRET.into()),
            ..SourceArgs::default()
        },
        verify_interval_secs: 0,
        verify_concurrency: 1,
        rescore_interval_secs: 0,
        slo_observe_interval_secs: 0,
        digest: orrery::config::DigestArgs::default(),
        public_url: None,
        auth: AuthArgs::default(),
    };
    let app = App::build(&args, Arc::new(SystemClock)).await.unwrap();
    let (addr, server) = app
        .serve(args.listen, std::future::pending())
        .await
        .unwrap();
    tokio::spawn(server);
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    for query in [
        "mutation { createTeam(input: {slug: \"bench\", name: \"Bench\"}) { slug } }",
        "mutation { createService(input: {slug: \"orders\", name: \"Orders\", teamSlug: \"bench\", tier: TIER2, repository: \"bench/orders\"}) { slug } }",
    ] {
        let body: Value = client
            .post(format!("{base}/graphql"))
            .header("x-orrery-actor", "bench")
            .json(&json!({"query": query}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(body.get("errors").is_none(), "{body}");
    }
    Bench {
        base,
        client,
        fake,
        deliveries: AtomicU64::new(0),
    }
}

fn main() {
    let latency_ms: u64 = std::env::var("ORRERY_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let bench = rt.block_on(boot(Duration::from_millis(latency_ms)));
    // The first delivery reads (and caches) the base commit and every file.
    let (first, _) = rt.block_on(bench.one());
    println!(
        "{FILES} files, GitHub fake answering after {latency_ms} ms; cold first delivery: check run \
         requested after {:.0} ms",
        first.as_secs_f64() * 1000.0
    );
    let completions = std::sync::Mutex::new(Vec::new());
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    let mut group = c.benchmark_group("pull request check");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("webhook received → check run requested", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (requested, completed) = bench.one().await;
                    total += requested;
                    completions.lock().unwrap().push(completed);
                }
                total
            })
        })
    });
    group.finish();
    let done = completions.into_inner().unwrap();
    let mean = done.iter().sum::<Duration>() / u32::try_from(done.len().max(1)).unwrap_or(1);
    let worst = done.iter().max().copied().unwrap_or_default();
    println!(
        "webhook received → check run completed: mean {:.0} ms, worst {:.0} ms over {} deliveries",
        mean.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0,
        done.len()
    );
    c.final_summary();
}
