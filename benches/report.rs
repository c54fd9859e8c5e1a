//! The portfolio report over 5,000 services with 90 days of score history, through GraphQL
//! (`portfolioReport` with a 90-day period) on the real router over loopback HTTP, on SQLite.
//!
//! Run with `cargo bench --bench report`. The portfolio is seeded once (see `support`): 40
//! teams, every tier and lifecycle, a current review per service with the shipped template's
//! applicable items mostly answered (passes, fails, accepted N/As), approved waivers (some
//! expired), action items (some overdue) and a snapshot every 3–7 days per service.

mod support;

use criterion::{Criterion, SamplingMode};
use serde_json::{Value, json};
use std::time::Duration;
use support::Spec;

/// Every section of the report; figures as counts (their slug lists are built all the same).
const REPORT: &str = "query($from: DateTime!) { portfolioReport(from: $from) {
  readiness { overall { total { count } go { count } goWithConditions { count } noGo { count } unscored { count } levels { level figure { count } } }
              byTeam { team mix { total { count } noGo { count } } } }
  heatMap { team category applicable met share servicesNotMet { count } }
  fixFirst(first: 20) { itemKey title blocker weight figure { count } }
  risk { waiversExpiring { service itemKey } waiversExpired { service itemKey } overdueActionItems { service title } }
  trend { granularity points { start services meanScore go goWithConditions noGo } }
  movers { mostImproved { service before after delta } biggestDrops { service before after delta } }
} }";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let base = rt.block_on(support::serve(
        "report",
        Spec {
            services: 5_000,
            teams: 40,
            history_days: 90,
            snapshot_every: 5,
        },
    ));
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");
    let from = (chrono::Utc::now() - chrono::Duration::days(90)).to_rfc3339();
    let body = json!({ "query": REPORT, "variables": { "from": from } });
    let first = rt.block_on(post(&client, &url, &body));
    assert_eq!(
        first["data"]["portfolioReport"]["readiness"]["overall"]["total"]["count"], 5_000,
        "{first}"
    );
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    let mut group = c.benchmark_group("report (5000 services, 90 days)");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("portfolioReport", |b| {
        b.iter(|| rt.block_on(post(&client, &url, &body)))
    });
    group.finish();
    c.final_summary();
}

async fn post(client: &reqwest::Client, url: &str, body: &Value) -> Value {
    let body: Value = client
        .post(url)
        .header("x-orrery-actor", "olivia")
        .json(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["errors"].is_null(), "{body}");
    body
}
