//! A young service read the way people read it — without `at`, through GraphQL and the
//! service page: two days of traffic, none of it failing, under a 28-day SLO. Every burn rate
//! is exactly 0 (good and total come from one instant), and the status is a partial window
//! covering 2 of 28 days, never MEETING with the whole budget left.

use super::backfill::{TempDir, backfill_text};
use crate::helpers::{Backend, TestApp};
use crate::prom::server::{PromServer, PromSetup};
use crate::web::html::{get, section};
use chrono::{DateTime, Utc};
use orrery::config::SourceArgs;
use reqwest::StatusCode;
use serde_json::json;
use std::fmt::Write as _;

const MINUTE: i64 = 60;
const DAY: i64 = 86_400;
/// Requests a minute, every one answered with code 200.
const PER_MINUTE: u64 = 100;

/// OpenMetrics for `web_requests_total{job="young"}`, one sample a minute from `from` to `to`
/// (Unix seconds, on the minute): code 200 grows by [`PER_MINUTE`], code 500 stays at 0.
fn history(from: i64, to: i64) -> String {
    let mut out = String::from("# TYPE web_requests counter\n");
    for (code, per_minute) in [("200", PER_MINUTE), ("500", 0)] {
        let mut value = 0;
        for t in (from..=to).step_by(MINUTE as usize) {
            writeln!(
                out,
                "web_requests_total{{job=\"young\",code=\"{code}\"}} {value} {t}"
            )
            .unwrap();
            value += per_minute;
        }
    }
    out.push_str("# EOF\n");
    out
}

const STATUS: &str = "{ service(slug: \"young\") { slos { status {
    state message evaluatedAt attainmentPercent totalEvents budget { remainingPercent }
    windowCoverage { percent coveredDays windowDays partial dataSince }
    burnRates { window totalEvents errorRatio rate } queries { kind promql value } } } } }";

crate::dual_backend_test!(young_service_reads_as_a_partial_window_with_zero_burn);

async fn young_service_reads_as_a_partial_window_with_zero_burn(backend: Backend) {
    // Two days and half an hour of data up to a minute ago. A 28-day window's coverage is
    // sampled every 28 minutes, so the oldest sample is found less than 28 minutes after
    // `start`: the data reads as between 2 days 2 minutes and 2 days 31 minutes old, 2.0 days.
    let now = Utc::now().timestamp() / MINUTE * MINUTE;
    let start = now - 2 * DAY - 30 * MINUTE;
    let dir = TempDir::new("orrery-slo-young");
    backfill_text(&history(start, now - MINUTE), dir.path());
    let prom = PromServer::start(PromSetup::new().data_dir(dir.path()).retention("3650d")).await;
    let app = TestApp::spawn_with(
        backend,
        SourceArgs {
            prometheus_url: Some(prom.url().to_owned()),
            ..SourceArgs::default()
        },
    )
    .await;
    app.seed_team("shop").await;
    app.seed_service("young", "shop", "TIER2").await;
    app.ok(
        "mutation($i: SloInput!) { defineSlo(serviceSlug: \"young\", input: $i) { id } }",
        json!({"i": {"name": "availability", "sliKind": "RATIO", "objectivePercent": 99.9,
            "windowDays": 28,
            "goodQuery": "web_requests_total{job=\"young\",code!~\"5..\"}",
            "totalQuery": "web_requests_total{job=\"young\"}"}}),
    )
    .await;

    // --- GraphQL, without `at`. ---
    let data = app.ok(STATUS, json!({})).await;
    let s = &data["service"]["slos"][0]["status"];
    // Every burn rate of a series without errors is exactly 0, not a rounding residue.
    let burn = s["burnRates"].as_array().unwrap();
    assert_eq!(burn.len(), 4, "{s:#}");
    for b in burn {
        assert!(b["totalEvents"].as_f64().unwrap() > 0.0, "{b}");
        assert_eq!(b["errorRatio"].as_f64(), Some(0.0), "{b}");
        assert_eq!(b["rate"].as_f64(), Some(0.0), "{b}");
    }

    let at: DateTime<Utc> = s["evaluatedAt"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no evaluation instant: {s:#}"));

    // Enough events, none bad — and still not MEETING: the window is partial, and says so.
    assert_eq!(s["state"], "PARTIAL_WINDOW", "{s:#}");
    let message = s["message"].as_str().unwrap();
    assert!(
        message.starts_with("partial window: data covers 2.0 of the 28 days of the window"),
        "{message}"
    );
    assert!(
        message.contains("28-day objective cannot be judged as met yet"),
        "{message}"
    );
    assert_eq!(s["attainmentPercent"].as_f64(), Some(100.0));
    assert_eq!(s["budget"]["remainingPercent"].as_f64(), Some(100.0));
    assert!(s["totalEvents"].as_f64().unwrap() >= (2 * 1_440 * PER_MINUTE) as f64);

    let c = &s["windowCoverage"];
    assert_eq!(c["partial"], true, "{c}");
    assert_eq!(c["windowDays"], 28);
    let days = c["coveredDays"].as_f64().unwrap();
    let read_after = (at.timestamp() - now) as f64 / DAY as f64;
    assert!(
        days > 2.0 + 2.0 / 1_440.0 && days <= 2.0 + 31.0 / 1_440.0 + read_after,
        "covered {days} days, expected about 2 of 28: {c}"
    );
    assert!(
        (c["percent"].as_f64().unwrap() - days / 28.0 * 100.0).abs() < 1e-9,
        "{c}"
    );
    let since: DateTime<Utc> = c["dataSince"].as_str().unwrap().parse().unwrap();
    let since = since.timestamp();
    assert!(
        since >= start && since < start + 28 * MINUTE,
        "{since} vs {start}"
    );

    // The coverage query is listed with the counts, run at the same instant.
    let queries = s["queries"].as_array().unwrap();
    assert_eq!(queries.len(), 11);
    let coverage = &queries[10];
    assert_eq!(coverage["kind"], "coverage");
    assert_eq!(
        coverage["promql"],
        "time() - min(min_over_time(timestamp(web_requests_total{job=\"young\"})[40348m:28m]))"
    );
    assert!((coverage["value"].as_f64().unwrap() - days * DAY as f64).abs() < 1e-3);

    // --- The service page says the same in words. ---
    let (status, html) = get(&app, "/services/young").await;
    assert_eq!(status, StatusCode::OK);
    let slos = section(&html, "slo-title");
    assert!(
        slos.contains("Partial window: 2.0 of 28 days of data"),
        "{slos}"
    );
    assert!(!slos.contains("Meeting the objective"), "{slos}");
    assert!(
        slos.contains("100% of the error budget left over the 2.0 days with data"),
        "{slos}"
    );
    assert!(slos.contains("Data in window"), "{slos}");
    assert!(slos.contains("2.0 of 28 days (7."), "{slos}");
    assert!(slos.contains("1h 0× · 6h 0× · 1d 0× · 3d 0×"), "{slos}");
    assert!(html.contains("bar__fill--unsure"));
}
