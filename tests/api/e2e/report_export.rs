//! The HTML report export in a real Chromium: downloaded from `GET /reports/export` for a
//! portfolio with six weeks of history, opened as the file a person would get (attached to
//! an email, say), at desktop width and at A4 print width. Nothing may overflow sideways;
//! the screenshots (`target/screenshots/report-export*.png`) are for checking by eye.

use super::browser::{Browser, DESKTOP, screenshot_dir};
use crate::auth::harness::MovableClock;
use crate::helpers::{Backend, TestApp};
use crate::report::exports::download;
use crate::report::fixture::{seed, service};
use crate::reviews::gate::answer;
use chrono::{Duration, SecondsFormat, Utc};
use orrery::config::SourceArgs;
use std::sync::Arc;

/// An A4 page's width at 96 dpi, as print preview lays it out.
const PRINT: (u32, u32) = (794, 1123);

/// The fixture's four services, then a third team whose services move week by week.
async fn portfolio(app: &TestApp, clock: &MovableClock) {
    seed(app, Utc::now()).await;
    app.seed_team("identity").await;
    let gateway = service(app, "auth-gateway", "identity", "TIER1", "PRODUCTION").await;
    let sessions = service(app, "session-store", "identity", "TIER2", "PRODUCTION").await;
    let directory = service(
        app,
        "user-directory-and-profile-service",
        "identity",
        "TIER3",
        "BETA",
    )
    .await;
    let finder = app
        .ok(
            "{ service(slug: \"finder\") { currentReview { id } } }",
            serde_json::json!({}),
        )
        .await["service"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let weeks: [&[(&str, &str, &str)]; 5] = [
        &[
            (gateway.as_str(), "ops.owner", "PASS"),
            (sessions.as_str(), "ops.owner", "PASS"),
            (sessions.as_str(), "ops.runbook", "PASS"),
        ],
        &[
            (gateway.as_str(), "ops.runbook", "FAIL"),
            (directory.as_str(), "ops.owner", "PASS"),
        ],
        &[
            (sessions.as_str(), "sec.scan", "PASS"),
            (finder.as_str(), "ops.runbook", "PASS"),
        ],
        &[
            (gateway.as_str(), "ops.runbook", "PASS"),
            (gateway.as_str(), "sec.scan", "PASS"),
        ],
        &[
            (directory.as_str(), "ops.runbook", "PASS"),
            (sessions.as_str(), "ops.runbook", "FAIL"),
        ],
    ];
    for answers in weeks {
        clock.advance(Duration::weeks(1));
        for (review, key, outcome) in answers {
            answer(app, "alice", review, key, outcome).await;
        }
        app.services.rescore_all().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_html_report_export_reads_well_in_chromium() {
    let clock = Arc::new(MovableClock::default());
    let app = TestApp::spawn_configured(
        Backend::Sqlite,
        SourceArgs::default(),
        &|_| {},
        clock.clone(),
    )
    .await;
    let start = Utc::now() - Duration::days(1);
    portfolio(&app, &clock).await;
    let since = start.to_rfc3339_opts(SecondsFormat::Secs, true);
    let (status, _, html) = download(&app, &format!("format=html&since={since}")).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{html}");
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report-export.html");
    std::fs::write(&file, &html).unwrap();

    let browser = Browser::start().await;
    browser
        .open(&format!(
            "file://{}",
            file.canonicalize().unwrap().display()
        ))
        .await;
    assert_eq!(browser.text("h1").await, "Orrery reliability report");
    let charts = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('svg.chart title'))
               .filter(t => t.parentNode.tagName === 'svg').map(t => t.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        charts,
        serde_json::json!(["Gate mix by team", "Gate mix and mean score, week by week"])
    );
    for (name, size) in [("report-export", DESKTOP), ("report-export-print", PRINT)] {
        browser.resize(size).await;
        browser.assert_fits(name).await;
        browser.screenshot(name, size).await;
    }
    browser.close().await;
}
