//! Server-side render time of the web UI's heaviest pages for a service with 80 checklist
//! items (the shipped template plus a 15-item extra category), most of them answered, with
//! waivers and sign-offs, on SQLite.
//!
//! Run with `cargo bench --bench pages`. Each page is fetched over loopback HTTP from the
//! real router, so a figure includes routing, every database query, scoring and template
//! rendering (and a little HTTP), measured as the client sees it.

use criterion::Criterion;
use orrery::app::App;
use orrery::config::{DatabaseArgs, ServeArgs, SourceArgs};
use orrery::services::SystemClock;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// Items added to the shipped template's 67 (80 in all).
const EXTRA_ITEMS: usize = 13;

/// The shipped template renamed, with one more category of manual items appended.
fn template_with_80_items() -> String {
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists/orr-standard.yaml"),
    )
    .expect("shipped template");
    let mut yaml = shipped.replacen("key: orr-standard", "key: bench-eighty", 1);
    yaml.push_str(
        "\n  - key: extra\n    title: Extra operational checks\n    description: Items the bench adds.\n    items:\n",
    );
    for i in 0..EXTRA_ITEMS {
        let severity = ["minor", "major", "blocker"][i % 3];
        yaml.push_str(&format!(
            "      - key: extra.item-{i}\n        title: Extra operational check number {i}\n        guidance: >\n          A manual item the benchmark adds so the review has eighty items. Good\n          evidence: a link to the document that shows it.\n        severity: {severity}\n        weight: {}\n        level: {}\n",
            3 + i % 5,
            1 + i % 3
        ));
    }
    yaml
}

struct Seeded {
    base: String,
    slug: String,
    review: String,
}

async fn gql(client: &reqwest::Client, base: &str, actor: &str, q: &str, v: Value) -> Value {
    let body: Value = client
        .post(format!("{base}/graphql"))
        .header("x-orrery-actor", actor)
        .json(&json!({"query": q, "variables": v}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["errors"].is_null(), "{body}");
    body["data"].clone()
}

/// Boots the app and fills one tier1 service's review: 3 of 4 items answered (passes, some
/// fails, some N/A), two waivers, one sign-off, an SLO, dependencies' worth of data.
async fn seed() -> Seeded {
    let dir = std::env::temp_dir().join(format!("orrery-bench-pages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("checklists")).unwrap();
    std::fs::write(dir.join("checklists/bench.yaml"), template_with_80_items()).unwrap();
    let args = ServeArgs {
        database: DatabaseArgs {
            database_url: format!("sqlite://{}?mode=rwc", dir.join("orrery.db").display()),
        },
        listen: "127.0.0.1:0".parse().unwrap(),
        checklists: dir.join("checklists"),
        default_template: "bench-eighty".into(),
        sources: SourceArgs::default(),
        verify_interval_secs: 0,
        verify_concurrency: 1,
        rescore_interval_secs: 0,
        slo_observe_interval_secs: 0,
        digest: orrery::config::DigestArgs::default(),
        public_url: None,
        auth: orrery::config::AuthArgs::default(),
    };
    let app = App::build(&args, Arc::new(SystemClock)).await.unwrap();
    let (addr, server) = app
        .serve(args.listen, std::future::pending())
        .await
        .unwrap();
    tokio::spawn(server);
    let base = format!("http://{addr}");
    let c = reqwest::Client::new();
    gql(
        &c,
        &base,
        "olivia",
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    let created = gql(
        &c,
        &base,
        "olivia",
        "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER1, lifecycle: PRODUCTION}) { currentReview { id items { key version } } } }",
        json!({}),
    )
    .await;
    let review = created["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let items = created["createService"]["currentReview"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        items.len(),
        67 + EXTRA_ITEMS,
        "a tier1 service sees every item"
    );
    let answer = "mutation($r: ID!, $k: String!, $o: Outcome!, $n: String) { respondToItem(reviewId: $r, itemKey: $k, outcome: $o, evidence: \"https://wiki.example/evidence\", note: $n, expectedVersion: 0) { version } }";
    for (i, item) in items.iter().enumerate() {
        let outcome = match i % 8 {
            0 | 1 => continue,
            2 => "FAIL",
            3 => "NOT_APPLICABLE",
            _ => "PASS",
        };
        let note = (outcome == "NOT_APPLICABLE").then_some("stateless: nothing to restore");
        gql(
            &c,
            &base,
            "olivia",
            answer,
            json!({"r": review, "k": item["key"], "o": outcome, "n": note}),
        )
        .await;
    }
    for item in items.iter().skip(2).step_by(16).take(2) {
        let w = gql(&c, &base, "olivia", "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id version } }",
            json!({"i": {"reviewId": review, "itemKey": item["key"], "reason": "vendor fix due next sprint", "compensatingControl": "manual check every morning", "expiresAt": (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339()}})).await;
        gql(
            &c,
            &base,
            "sam",
            "mutation($id: ID!, $v: Int!) { approveWaiver(id: $id, expectedVersion: $v) { id } }",
            json!({"id": w["requestWaiver"]["id"], "v": w["requestWaiver"]["version"]}),
        )
        .await;
    }
    Seeded {
        base,
        slug: "checkout".into(),
        review,
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let seeded = rt.block_on(seed());
    let client = reqwest::Client::new();
    let pages = [
        ("service page", format!("/services/{}", seeded.slug)),
        ("review page", format!("/reviews/{}", seeded.review)),
        (
            "review page, failing filter",
            format!("/reviews/{}?filter=failing", seeded.review),
        ),
        (
            "meeting page",
            format!("/reviews/{}/meeting", seeded.review),
        ),
        ("portfolio", "/".to_owned()),
    ];
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(50)
        .measurement_time(Duration::from_secs(5));
    let mut group = c.benchmark_group("render (80 items)");
    for (name, path) in &pages {
        let url = format!("{}{path}", seeded.base);
        let status = rt.block_on(async { client.get(&url).send().await.unwrap().status() });
        assert!(status.is_success(), "{name} ({url}) answered {status}");
        group.bench_function(*name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    let res = client.get(&url).send().await.unwrap();
                    assert!(res.status().is_success());
                    res.bytes().await.unwrap()
                })
            })
        });
    }
    group.finish();
    c.final_summary();
}
