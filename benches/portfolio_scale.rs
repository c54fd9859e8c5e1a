//! The portfolio at 1,000 and 10,000 services: the portfolio page (`GET /`, by name and by
//! score) and the GraphQL `services(first: 50, orderBy: SCORE_DESC)` page, through the real
//! router over loopback HTTP, on SQLite.
//!
//! Run with `cargo bench --bench portfolio_scale`. Each size is seeded once (see
//! `support`): teams, services, a current review with answers, waivers, action items and a
//! few score snapshots per service. A page must cost about the same whatever the size.

mod support;

use criterion::Criterion;
use serde_json::{Value, json};
use std::time::Duration;
use support::Spec;

/// The GraphQL page measured: 50 services by score, each with its team and scorecard.
const BY_SCORE: &str = "{ services(first: 50, orderBy: SCORE_DESC) { edges { cursor node { slug tier team { slug } scorecard { score level { number name } gate { decision } } } } pageInfo { hasNextPage } } }";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(30)
        .measurement_time(Duration::from_secs(5));
    for size in [1_000, 10_000] {
        let base = rt.block_on(support::serve(
            &format!("portfolio-{size}"),
            Spec {
                services: size,
                teams: 25,
                history_days: 30,
                snapshot_every: 10,
            },
        ));
        let mut group = c.benchmark_group(format!("portfolio ({size} services)"));
        for (name, path) in [("page", "/"), ("page by score", "/?sort=score_desc")] {
            let url = format!("{base}{path}");
            group.bench_function(name, |b| {
                b.iter(|| {
                    rt.block_on(async {
                        let res = client.get(&url).send().await.unwrap();
                        assert!(res.status().is_success(), "{url}: {}", res.status());
                        res.bytes().await.unwrap()
                    })
                })
            });
        }
        let url = format!("{base}/graphql");
        let first: Value = rt.block_on(post(&client, &url));
        assert_eq!(
            first["data"]["services"]["edges"].as_array().map(Vec::len),
            Some(50),
            "{first}"
        );
        group.bench_function("services(first: 50, orderBy: SCORE_DESC)", |b| {
            b.iter(|| rt.block_on(post(&client, &url)))
        });
        group.finish();
    }
    c.final_summary();
}

async fn post(client: &reqwest::Client, url: &str) -> Value {
    let body: Value = client
        .post(url)
        .header("x-orrery-actor", "olivia")
        .json(&json!({ "query": BY_SCORE }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["errors"].is_null(), "{body}");
    body
}
