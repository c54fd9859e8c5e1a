//! Verifies a portfolio of services against a real local Prometheus and a GitHub fake
//! with injected latency, at several concurrency settings, and prints throughput.
//!
//! Run with `cargo bench --bench verification`. Knobs (environment):
//! `ORRERY_BENCH_SERVICES` (default 500), `ORRERY_BENCH_LATENCY_MS` (GitHub fake latency per
//! request, default 20), `ORRERY_BENCH_CONCURRENCY` (default `4,16,64`).
//!
//! Each setting runs two rounds on fresh sources: *cold* (every repository's metadata, tree
//! and files fetched) and *warm* (the scheduler's steady state: conditional requests answered
//! `304 Not Modified`, trees and files served from the commit-keyed cache). Each round also
//! prints the GitHub requests it made per service, and how many were not `304`.

#[path = "../tests/api/github_fake.rs"]
mod github_fake;
#[path = "../tests/api/prom/server/mod.rs"]
mod prom_server;

use futures_util::StreamExt;
use orrery::domain::catalog::{Lifecycle, Tier};
use orrery::services::catalog::teams::NewTeam;
use orrery::services::catalog::{MonitoringInput, NewService};
use orrery::services::templates::TemplateRegistry;
use orrery::services::verification::VerifySources;
use orrery::services::{Actor, Services, SystemClock};
use orrery::store::Database;
use orrery::verify::github::{GitHub, GitHubAuth, GitHubConfig};
use orrery::verify::prom::PrometheusHttp;
use prom_server::{PromServer, PromSetup, TestExporter};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ALERTS: &str = r#"groups:
  - name: bench
    rules:
      - alert: BenchHighErrorRate
        expr: sum(rate(http_requests_total{job="bench",code="500"}[5m])) > 1
        labels: { severity: page }
        annotations: { runbook_url: "https://runbooks.example/bench", summary: "errors" }
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total{job="bench"}[5m]))
"#;

/// Files every fake repository holds: the well-prepared fixture service.
fn files() -> github_fake::Files {
    github_fake::load_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/repos/well-prepared"),
    )
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn seed(services: &Services, n: usize) {
    let actor = Actor::new(orrery::domain::ids::Login::from_trusted("bench".into()));
    services
        .create_team(
            &actor,
            NewTeam {
                slug: "bench".into(),
                name: "Bench".into(),
                description: None,
                contact_channel: None,
                oncall_url: None,
            },
        )
        .await
        .expect("team");
    for i in 0..n {
        services
            .create_service(
                &actor,
                NewService {
                    slug: format!("svc-{i:04}"),
                    name: format!("Service {i}"),
                    description: None,
                    team_slug: "bench".into(),
                    tier: Tier::Tier2,
                    lifecycle: Lifecycle::Beta,
                    repository: Some(format!("bench/svc-{i:04}")),
                    monitoring: Some(MonitoringInput {
                        job: Some("bench".into()),
                        namespace: None,
                        matchers: vec![],
                    }),
                    links: vec![],
                    launch_target: None,
                    repository_path: None,
                    pr_check_policy: None,
                },
            )
            .await
            .expect("service");
    }
}

fn sources(prometheus: &str, github: &str) -> VerifySources {
    let mut config = GitHubConfig::new(GitHubAuth::Token("bench-token".into()));
    config.api_url = github.to_owned();
    VerifySources {
        metrics: Some(Arc::new(
            PrometheusHttp::new(prometheus, Duration::from_secs(10)).expect("prometheus url"),
        )),
        github: Some(GitHub::new(config).expect("github")),
        ..VerifySources::default()
    }
}

async fn round(services: &Services, slugs: &[String], concurrency: usize) -> (Duration, usize) {
    let actor = Actor::new(orrery::domain::ids::Login::from_trusted("bench".into()));
    let started = Instant::now();
    let errors: Vec<String> = futures_util::stream::iter(slugs)
        .map(|slug| {
            let (services, actor) = (services.clone(), actor.clone());
            async move {
                services
                    .verify_service(&actor, slug)
                    .await
                    .err()
                    .map(|e| format!("{slug}: {e}"))
            }
        })
        .buffer_unordered(concurrency)
        .filter_map(std::future::ready)
        .collect()
        .await;
    if let Some(first) = errors.first() {
        eprintln!(
            "{} failed at concurrency {concurrency}; first: {first}",
            errors.len()
        );
    }
    (started.elapsed(), errors.len())
}

fn main() {
    let n: usize = env_or("ORRERY_BENCH_SERVICES", 500);
    let latency: u64 = env_or("ORRERY_BENCH_LATENCY_MS", 20);
    let levels: Vec<usize> = std::env::var("ORRERY_BENCH_CONCURRENCY")
        .unwrap_or_else(|_| "4,16,64".into())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async move {
        let exporter = TestExporter::start().await;
        exporter.set(r#"http_requests_total{code="200"}"#, 1000.0);
        exporter.set(r#"http_requests_total{code="500"}"#, 3.0);
        let prom = PromServer::start(
            PromSetup::new()
                .rule_file("bench.yml", ALERTS)
                .scrape("bench", [exporter.address()]),
        )
        .await;
        prom.wait_targets_scraped().await;
        let fake = github_fake::FakeGitHub::default()
            .any_repo(files())
            .latency(Duration::from_millis(latency));
        let answers = fake.answers();
        let github = fake.start().await;

        let dir = std::env::temp_dir().join(format!("orrery-bench-verify-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Database::connect(&format!("sqlite://{}/bench.db?mode=rwc", dir.display()))
            .await
            .expect("db");
        db.migrate().await.expect("migrate");
        let templates = Arc::new(TemplateRegistry::new(None, "orr-standard").expect("templates"));
        let actor = Actor::new(orrery::domain::ids::Login::from_trusted("bench".into()));
        templates
            .reload(&db, &actor, chrono::Utc::now())
            .await
            .expect("template");
        let base = Services::new(db, templates, Arc::new(SystemClock));
        seed(&base, n).await;
        let slugs: Vec<String> = (0..n).map(|i| format!("svc-{i:04}")).collect();

        println!(
            "verifying {n} services; Prometheus {} (real, local); GitHub fake with {latency} ms per request",
            prom.url()
        );
        println!(
            "{:>11} | {:>8} | {:>10} | {:>8} | {:>8} | {:>10} | {:>8} | {:>8}",
            "concurrency", "cold s", "cold svc/s", "cold req", "warm s", "warm svc/s", "warm req",
            "failures"
        );
        // GitHub requests per service in a round, and how many of them were not `304`.
        let per_service = |from: usize| {
            let round = answers.since(from);
            let not_304 = round.iter().filter(|(_, status)| *status != 304).count();
            format!(
                "{:.1} ({:.1})",
                round.len() as f64 / n as f64,
                not_304 as f64 / n as f64
            )
        };
        for c in levels {
            let services = base.clone().with_sources(sources(prom.url(), &github.uri()));
            let start = answers.len();
            let (cold, f1) = round(&services, &slugs, c).await;
            let cold_requests = per_service(start);
            let start = answers.len();
            let (warm, f2) = round(&services, &slugs, c).await;
            let warm_requests = per_service(start);
            println!(
                "{c:>11} | {:>8.1} | {:>10.1} | {cold_requests:>8} | {:>8.1} | {:>10.1} | {warm_requests:>8} | {:>8}",
                cold.as_secs_f64(),
                n as f64 / cold.as_secs_f64(),
                warm.as_secs_f64(),
                n as f64 / warm.as_secs_f64(),
                f1 + f2
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    });
}
