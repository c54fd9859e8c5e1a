//! The service page's SLOs against a real Prometheus: measured figures when it answers, and
//! a plain "could not measure" with the reason when it does not.

use super::html::{get, section};
use crate::helpers::{Backend, TestApp};
use crate::prom::server::{PromServer, PromSetup, TestExporter, free_port};
use orrery::config::SourceArgs;
use reqwest::StatusCode;
use serde_json::json;

mod measured_status {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::measured_status(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::measured_status(super::Backend::Postgres).await;
    }
}

const OK: &str = "web_requests_total{code=\"200\"}";
const ERR: &str = "web_requests_total{code=\"500\"}";

async fn spawn(backend: Backend, prometheus_url: String) -> TestApp {
    let sources = SourceArgs {
        prometheus_url: Some(prometheus_url),
        prometheus_timeout_secs: 2,
        ..SourceArgs::default()
    };
    let app = TestApp::spawn_with(backend, sources).await;
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    app.ok(
        "mutation($i: SloInput!) { defineSlo(serviceSlug: \"checkout\", input: $i) { id } }",
        json!({"i": {"name": "availability", "sliKind": "RATIO", "objectivePercent": 50,
            "goodQuery": "web_requests_total{job=\"checkout\",code=\"200\"}",
            "totalQuery": "web_requests_total{job=\"checkout\"}"}}),
    )
    .await;
    app
}

async fn measured_status(backend: Backend) {
    // About 1% of 100 000 requests fail: a 50% objective is met so far with nearly all of its
    // budget left, over the few seconds of a 28-day window that have data.
    let exporter = TestExporter::start().await;
    exporter.set(OK, 0.0);
    exporter.set(ERR, 0.0);
    let prom = PromServer::start(PromSetup::new().scrape("checkout", [exporter.address()])).await;
    prom.wait_targets_scraped().await;
    exporter.set(OK, 99_000.0);
    exporter.set(ERR, 1_000.0);
    prom.wait_for_series(&format!("{ERR} == 1000")).await;

    let app = spawn(backend, prom.url().to_owned()).await;
    let (status, html) = get(&app, "/services/checkout").await;
    assert_eq!(status, StatusCode::OK);
    // Figures are Prometheus's: increases extrapolated over a few seconds of samples, good
    // and total queried at slightly different instants. They are checked for meaning and
    // range, not to the digit.
    let slos = section(&html, "slo-title");
    // Seconds of data in a 28-day window: the attainment is over what there is, and the state
    // says the window is partial rather than that the objective is met.
    assert!(!slos.contains("Meeting the objective"), "{slos}");
    assert!(
        slos.contains("Partial window: 0.0 of 28 days of data"),
        "{slos}"
    );
    assert!(slos.contains("over the 0.0 days with data"), "{slos}");
    let good = figure_before(&slos, "% good");
    assert!((90.0..=100.0).contains(&good), "{slos}");
    let left = figure_before(&slos, "% of the error budget left");
    assert!((80.0..=100.0).contains(&left), "{slos}");
    assert!(slos.contains("Events in window"), "{slos}");
    assert!(slos.contains("Burn rate 1h 0."), "{slos}");
    assert!(!slos.contains("not measured yet"));
    assert!(html.contains("bar__fill--unsure"));
    // Without `at`, one read evaluates every query at one instant, and says which.
    let before = chrono::Utc::now();
    let data = app
        .ok(
            "{ service(slug: \"checkout\") { slos { status { evaluatedAt } } } }",
            serde_json::json!({}),
        )
        .await;
    let at = data["service"]["slos"][0]["status"]["evaluatedAt"]
        .as_str()
        .unwrap_or_else(|| panic!("no instant: {data:#}"));
    let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    assert!(at >= before - chrono::Duration::seconds(1), "{at}");

    // Prometheus gone: the page still renders, says why, and shows no figures.
    let gone = spawn(backend, format!("http://127.0.0.1:{}", free_port())).await;
    let (status, html) = get(&gone, "/services/checkout").await;
    assert_eq!(status, StatusCode::OK);
    let slos = section(&html, "slo-title");
    assert!(slos.contains("Could not measure"), "{slos}");
    assert!(!slos.contains("error budget left") && !slos.contains("% good"));
}

/// The number just before `suffix` in `text`.
fn figure_before(text: &str, suffix: &str) -> f64 {
    let end = text
        .find(suffix)
        .unwrap_or_else(|| panic!("`{suffix}` not in {text}"));
    let start = text[..end]
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(0, |i| i + 1);
    text[start..end].parse().unwrap()
}
