//! `portfolioReport { trend movers }`: three services whose scores move over three weeks of
//! the test clock, and every trend point and mover, on both databases.

use super::fixture::{install_checklist, service};
use crate::auth::harness::MovableClock;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use crate::reviews::gate::answer;
use chrono::{DateTime, Datelike, Duration, Utc};
use orrery::config::SourceArgs;
use serde_json::{Value, json};
use std::sync::Arc;

dual_backend_test!(the_trend_and_movers_replay_score_history);

const QUERY: &str = "query($from: DateTime) { portfolioReport(from: $from) {
    trend { granularity points { start services meanScore go goWithConditions noGo
      levels { level count } } }
    movers {
      mostImproved { service before after delta gateBefore gateAfter
        itemsFixed { key title } itemsRegressed { key } }
      biggestDrops { service before after delta gateBefore gateAfter
        itemsFixed { key title } itemsRegressed { key } } } } }";

/// Monday 00:00 UTC of `t`'s week.
fn monday_of(t: DateTime<Utc>) -> DateTime<Utc> {
    let date = t.date_naive() - Duration::days(i64::from(t.weekday().num_days_from_monday()));
    date.and_hms_opt(0, 0, 0).unwrap().and_utc()
}

/// Moves the clock a week on and lets the re-scoring pass run.
async fn next_week(app: &TestApp, clock: &MovableClock) {
    clock.advance(Duration::weeks(1));
    app.services.rescore_all().await.unwrap();
}

fn point(start: DateTime<Utc>, services: u32, mean: f64, gates: [u32; 3], levels: Value) -> Value {
    json!({"start": start.to_rfc3339(),
        "services": services, "meanScore": mean,
        "go": gates[0], "goWithConditions": gates[1], "noGo": gates[2], "levels": levels})
}

/// Checklist weights: owner 5 (blocker, Bronze), runbook 3 (Bronze), scan 2 (Silver).
/// - week 0 (Monday noon): alpha passes owner and runbook (80, Bronze, GO_WITH_CONDITIONS);
///   beta passes everything (100, Silver, GO).
/// - week 1: alpha's scan passes (100, Silver, GO); beta's runbook fails (70, no level,
///   GO_WITH_CONDITIONS).
/// - week 2: gamma is created (0, NO_GO) and passes its owner (50, no level,
///   GO_WITH_CONDITIONS).
async fn the_trend_and_movers_replay_score_history(backend: Backend) {
    let clock = Arc::new(MovableClock::default());
    let app =
        TestApp::spawn_configured(backend, SourceArgs::default(), &|_| {}, clock.clone()).await;
    let now = Utc::now();
    let w0 = monday_of(now) + Duration::weeks(1);
    clock.advance(w0 + Duration::hours(12) - now);
    install_checklist(&app).await;
    app.seed_team("pay").await;

    let alpha = service(&app, "alpha", "pay", "TIER4", "PRODUCTION").await;
    answer(&app, "alice", &alpha, "ops.owner", "PASS").await;
    answer(&app, "alice", &alpha, "ops.runbook", "PASS").await;
    let beta = service(&app, "beta", "pay", "TIER4", "PRODUCTION").await;
    for key in ["ops.owner", "ops.runbook", "sec.scan"] {
        answer(&app, "alice", &beta, key, "PASS").await;
    }

    next_week(&app, &clock).await;
    answer(&app, "alice", &alpha, "sec.scan", "PASS").await;
    answer(&app, "alice", &beta, "ops.runbook", "FAIL").await;

    next_week(&app, &clock).await;
    let gamma = service(&app, "gamma", "pay", "TIER4", "PRODUCTION").await;
    answer(&app, "alice", &gamma, "ops.owner", "PASS").await;

    // From an hour after week 0's changes to now (default `to`).
    let from = w0 + Duration::hours(13);
    let r = app.ok(QUERY, json!({"from": from.to_rfc3339()})).await["portfolioReport"].clone();
    // Three weeks overlap the period; each point is the state at the end of its week, and
    // gamma counts from the week it appeared in.
    assert_eq!(
        r["trend"],
        json!({"granularity": "WEEK", "points": [
            point(w0, 2, 90.0, [1, 1, 0], json!([{"level": 1, "count": 1}, {"level": 2, "count": 1}])),
            point(w0 + Duration::weeks(1), 2, 85.0, [1, 1, 0],
                json!([{"level": 0, "count": 1}, {"level": 2, "count": 1}])),
            point(w0 + Duration::weeks(2), 3, 220.0 / 3.0, [1, 2, 0],
                json!([{"level": 0, "count": 2}, {"level": 2, "count": 1}])),
        ]})
    );
    // alpha and beta start from their state at `from`; gamma, new in the period, from its
    // first snapshot.
    assert_eq!(
        r["movers"],
        json!({
            "mostImproved": [
                // Every item was open when gamma was created; its owner then passed.
                {"service": "gamma", "before": 0.0, "after": 50.0, "delta": 50.0,
                 "gateBefore": "NO_GO", "gateAfter": "GO_WITH_CONDITIONS",
                 "itemsFixed": [{"key": "ops.owner", "title": "An owner is named"}],
                 "itemsRegressed": []},
                {"service": "alpha", "before": 80.0, "after": 100.0, "delta": 20.0,
                 "gateBefore": "GO_WITH_CONDITIONS", "gateAfter": "GO",
                 "itemsFixed": [{"key": "sec.scan", "title": "Dependencies are scanned"}],
                 "itemsRegressed": []},
            ],
            "biggestDrops": [
                {"service": "beta", "before": 100.0, "after": 70.0, "delta": -30.0,
                 "gateBefore": "GO", "gateAfter": "GO_WITH_CONDITIONS",
                 "itemsFixed": [], "itemsRegressed": [{"key": "ops.runbook"}]},
            ],
        })
    );

    // A period starting after the changes: nobody moved, one point.
    let late = (w0 + Duration::weeks(2) + Duration::days(1)).to_rfc3339();
    let r = app.ok(QUERY, json!({"from": late})).await["portfolioReport"].clone();
    assert_eq!(r["movers"], json!({"mostImproved": [], "biggestDrops": []}));
    assert_eq!(r["trend"]["points"].as_array().unwrap().len(), 1);
}
