//! SLO status against a real Prometheus loaded with five weeks of backfilled history.
//!
//! The history ([`fixture`]) is generated here, written as OpenMetrics, turned into TSDB blocks
//! by `promtool tsdb create-blocks-from openmetrics` and served by the Debian `prometheus`.
//! Every expected figure is computed in this file from the generated per-minute integer counts.
//!
//! Why the figures come out exact: every series has a sample each minute, on the minute, and
//! the evaluation instant [`EVAL`] is one of those sample timestamps, well inside the data. A
//! range `[w]` evaluated at `EVAL` then has samples exactly at both ends (Prometheus 2 ranges are
//! closed), so `increase()` has nothing to extrapolate: it is `v(EVAL) − v(EVAL − w)` (plus
//! the value after the one counter reset), i.e. the exact sum of the minutes in `(EVAL − w, EVAL]`.
//! On Prometheus 3 (left-open ranges) the first sample is a minute later and `increase()`
//! scales up by w/(w − 1m); good and total scale alike, so ratios keep their digits and counts
//! move by under 1e-4 relative, still inside four significant digits.

#[path = "slo_fixture.rs"]
mod fixture;

use crate::helpers::{Backend, TestApp};
use crate::prom_server::{PromServer, PromSetup, free_port, promtool_binary};
use chrono::{DateTime, Utc};
use fixture::{DAY, EVAL, Fixture, LE, Minute};
use orrery::config::SourceArgs;
use orrery::domain::slo::{Objective, Sli, WindowDays};
use orrery::domain::slo_status::{BurnWindow, SloStatus, Sufficiency};
use orrery::verify::placeholders::{FillError, ServiceFields};
use orrery::verify::prom::{PrometheusHttp, SloDefinition, SloError, slo_status};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(prefix: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether this promtool knows `--max-block-duration` (added after Debian's 2.42).
fn promtool_has_max_block_duration() -> bool {
    let out = Command::new(promtool_binary())
        .arg("--help-long")
        .output()
        .expect("run promtool --help-long");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.contains("--max-block-duration")
}

fn promtool_backfill(input: &Path, data_dir: &Path, flags: &[&str]) {
    let out = Command::new(promtool_binary())
        .args(["tsdb", "create-blocks-from", "openmetrics", "--quiet"])
        .args(flags)
        .arg(input)
        .arg(data_dir)
        .output()
        .expect("run promtool");
    assert!(
        out.status.success(),
        "promtool could not backfill {}: {}{}",
        input.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes the fixture's blocks into `data_dir`.
///
/// A promtool with `--max-block-duration` gets one input and 240 h blocks. Older ones (such as
/// Debian's 2.42) always write 2 h blocks and re-read the whole input once per block, which for
/// five weeks in one file takes minutes; one input per day keeps that linear (seconds).
/// (The harness's `backfill_openmetrics` always passes the flag, which 2.42 rejects.)
fn backfill(fixture: &Fixture, data_dir: &Path) {
    let inputs = TempDir::new("orrery-slo-openmetrics");
    if promtool_has_max_block_duration() {
        let file = inputs.path().join("history.om.txt");
        std::fs::write(&file, fixture.openmetrics_all()).expect("write OpenMetrics");
        promtool_backfill(&file, data_dir, &["--max-block-duration=240h"]);
    } else {
        for (day, text) in fixture.openmetrics_by_day().iter().enumerate() {
            let file = inputs.path().join(format!("day-{day:02}.om.txt"));
            std::fs::write(&file, text).expect("write OpenMetrics");
            promtool_backfill(&file, data_dir, &[]);
        }
    }
}

/// Asserts `actual` equals `expected` to four significant digits (within half a unit of the
/// fourth digit of `expected`).
fn assert_sig4(what: &str, actual: f64, expected: f64) {
    assert!(
        expected != 0.0 && expected.is_finite(),
        "{what}: bad expectation"
    );
    let unit = 10f64.powi(expected.abs().log10().floor() as i32 - 3);
    assert!(
        (actual - expected).abs() <= unit / 2.0,
        "{what}: got {actual}, expected {expected} to 4 significant digits"
    );
}

fn fields() -> ServiceFields {
    ServiceFields {
        slug: "checkout".into(),
        job: Some("checkout".into()),
        namespace: None,
        selector: Some("job=\"checkout\"".into()),
    }
}

fn def(sli: Sli, objective: f64) -> SloDefinition {
    SloDefinition {
        sli,
        objective: Objective::parse("objective", objective).unwrap(),
        window: WindowDays::parse("window", 28).unwrap(),
    }
}

fn ratio(good: &str, total: &str, objective: f64) -> SloDefinition {
    def(
        Sli::Ratio {
            good_query: good.into(),
            total_query: total.into(),
        },
        objective,
    )
}

fn latency(threshold: f64, objective: f64) -> SloDefinition {
    def(
        Sli::Latency {
            metric: "http_request_duration_seconds{ {{selector}} }".into(),
            threshold_seconds: threshold,
        },
        objective,
    )
}

/// Checks a sufficient status against counts added up here: attainment, error ratio, budget
/// and every burn rate to four significant digits.
fn assert_status(
    name: &str,
    s: &SloStatus,
    fixture: &Fixture,
    good_of: impl Fn(&fixture::Sums) -> u64,
) {
    let budget = s.objective.error_budget_fraction();
    let w = fixture.sums(EVAL - 28 * DAY, EVAL);
    let (good, total) = (good_of(&w) as f64, w.requests as f64);
    let bad = total - good;
    assert_eq!(s.sufficiency, Sufficiency::Sufficient, "{name}");
    assert!(s.notes.is_empty(), "{name}: {:?}", s.notes);
    assert_sig4(&format!("{name} good events"), s.good_events, good);
    assert_sig4(&format!("{name} total events"), s.total_events, total);
    let attainment = s.attainment.expect("attainment");
    assert_sig4(&format!("{name} attainment"), attainment, good / total);
    // The error ratio carries the digits attainment rounds away (0.9996 vs 0.000 4219).
    assert_sig4(
        &format!("{name} error ratio"),
        1.0 - attainment,
        bad / total,
    );
    let b = s.budget.expect("budget");
    assert_sig4(&format!("{name} bad events"), b.bad_events, bad);
    assert_sig4(
        &format!("{name} allowed bad events"),
        b.allowed_bad_events,
        budget * total,
    );
    let consumed = bad / total / budget;
    assert_sig4(&format!("{name} budget consumed"), b.consumed, consumed);
    assert_sig4(
        &format!("{name} budget remaining"),
        b.remaining,
        1.0 - consumed,
    );
    assert_eq!(s.objective_met, Some(consumed <= 1.0), "{name}");
    for window in BurnWindow::ALL {
        let w = fixture.sums(EVAL - window.seconds(), EVAL);
        let (good, total) = (good_of(&w) as f64, w.requests as f64);
        let rate = s.burn_rate(window).rate.expect("burn rate");
        assert_sig4(
            &format!("{name} burn rate over {window}"),
            rate,
            (total - good) / total / budget,
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slo_status_from_weeks_of_backfilled_history() {
    let fixture = Fixture::generate();
    let data = TempDir::new("orrery-slo-tsdb");
    backfill(&fixture, data.path());
    let mut setup = PromSetup::new()
        .data_dir(data.path())
        // Retention counts back from the newest block, not from today; keep every block.
        .retention("3650d");
    // Hundreds of 2 h blocks with an old promtool: opening them takes a moment.
    setup.ready_timeout = Duration::from_secs(120);
    let prom = PromServer::start(setup).await;
    let source = PrometheusHttp::new(prom.url(), Duration::from_secs(60)).unwrap();
    let at: Option<DateTime<Utc>> = DateTime::from_timestamp(EVAL, 0);
    let window = (EVAL - 28 * DAY, EVAL);

    // --- Ratio SLO: 99.9% of requests are not 5xx. ---
    let w = fixture.sums(window.0, window.1);
    let occurrences = (w.requests - w.errors) as f64 / w.requests as f64;
    // What an engine averaging 5-minute ratios (Sloth's default) would report instead.
    let averaged = fixture.averaged_attainment(window.0, window.1, 5, |m: &Minute| m.ok);
    assert!(
        (occurrences - averaged).abs() > 10.0 * 0.5e-4,
        "the fixture must tell the two methods apart: {occurrences} vs {averaged}"
    );
    // And the verdict flips: counted, the budget is less than half spent; averaged, it is
    // overspent.
    assert!((1.0 - occurrences) / 0.001 < 0.5, "{occurrences}");
    assert!((1.0 - averaged) / 0.001 > 1.5, "{averaged}");

    let slo = ratio(
        r#"http_requests_total{ {{selector}}, code!~"5.." }"#,
        "http_requests_total{ {{selector}} }",
        99.9,
    );
    let report = slo_status(&slo, &fields(), &source, at).await.unwrap();
    assert_status("ratio", &report.status, &fixture, |s| s.requests - s.errors);
    assert_eq!(report.status.objective_met, Some(true));
    assert_eq!(report.queries.len(), 10);
    assert_eq!(
        report.queries[0].promql,
        r#"sum(increase(http_requests_total{job="checkout", code!~"5.."}[28d]))"#
    );
    assert_eq!(report.evaluated_at, at);
    // The incident ended half an hour ago: the short windows burn fast, the day barely.
    let status = &report.status;
    assert!(status.burn_rate(BurnWindow::OneHour).rate.unwrap() > 100.0);
    assert!(status.burn_rate(BurnWindow::OneDay).rate.unwrap() < 1.0);

    // --- The same through GraphQL: `Slo.status(at:)` on a service whose selector fills
    // the placeholders. ---
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        SourceArgs {
            prometheus_url: Some(prom.url().to_owned()),
            ..SourceArgs::default()
        },
    )
    .await;
    app.seed_team("shop").await;
    app.ok(
        "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"shop\",
            tier: TIER2, monitoring: {job: \"checkout\"}}) { slug } }",
        serde_json::json!({}),
    )
    .await;
    app.ok(
        "mutation($g: String!, $t: String!) { defineSlo(serviceSlug: \"checkout\", input: {name: \"availability\",
            sliKind: RATIO, goodQuery: $g, totalQuery: $t, objectivePercent: 99.9, windowDays: 28}) { id } }",
        serde_json::json!({
            "g": r#"http_requests_total{ {{selector}}, code!~"5.." }"#,
            "t": "http_requests_total{ {{selector}} }",
        }),
    )
    .await;
    let data = app
        .ok(
            "query($at: DateTime!) { service(slug: \"checkout\") { slos { status(at: $at) {
                state message attainmentPercent totalEvents eventsNeeded
                budget { consumedPercent remainingPercent } burnRates { window rate } queries { promql } } } } }",
            serde_json::json!({"at": at.unwrap().to_rfc3339()}),
        )
        .await;
    let gql = &data["service"]["slos"][0]["status"];
    assert_eq!(gql["state"], "MEETING", "{gql:#}");
    assert_eq!(gql["message"], serde_json::Value::Null);
    assert_sig4(
        "GraphQL attainment",
        gql["attainmentPercent"].as_f64().unwrap() / 100.0,
        occurrences,
    );
    assert_eq!(gql["totalEvents"].as_f64().unwrap(), w.requests as f64);
    assert_eq!(gql["eventsNeeded"].as_f64().unwrap(), 10_000.0);
    assert_sig4(
        "GraphQL budget consumed",
        gql["budget"]["consumedPercent"].as_f64().unwrap() / 100.0,
        (1.0 - occurrences) / 0.001,
    );
    let windows: Vec<&str> = gql["burnRates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["window"].as_str().unwrap())
        .collect();
    assert_eq!(windows, ["1h", "6h", "1d", "3d"]);
    assert_eq!(gql["queries"].as_array().unwrap().len(), 10);
    drop(app);

    // --- Latency SLO: 99.5% of requests within 0.25 s. ---
    let fast = w.under_250ms as f64 / w.requests as f64;
    let fast_averaged = fixture.averaged_attainment(window.0, window.1, 5, |m: &Minute| {
        m.latency[..3].iter().sum()
    });
    assert!(
        (fast - fast_averaged).abs() > 10.0 * 0.5e-4,
        "{fast} vs {fast_averaged}"
    );
    let report = slo_status(&latency(0.25, 99.5), &fields(), &source, at)
        .await
        .unwrap();
    assert_status("latency 0.25 s", &report.status, &fixture, |s| {
        s.under_250ms
    });
    assert_eq!(
        report.queries[0].promql,
        r#"sum(increase(http_request_duration_seconds_bucket{job="checkout",le="0.25"}[28d]))"#
    );
    assert_eq!(
        report.queries[1].promql,
        r#"sum(increase(http_request_duration_seconds_count{job="checkout"}[28d]))"#
    );

    // A whole-number threshold matches `le="1"` (and Prometheus 3's `le="1.0"`).
    let report = slo_status(&latency(1.0, 99.0), &fields(), &source, at)
        .await
        .unwrap();
    assert!(report.queries[0].promql.contains(r#"le=~"1|1\\.0""#));
    assert_status("latency 1 s", &report.status, &fixture, |s| s.under_1s);

    // --- No series: no data, never a pass. ---
    let slo = ratio(
        "missing_requests_total{ {{selector}}, code=\"200\" }",
        "missing_requests_total{ {{selector}} }",
        99.9,
    );
    let s = slo_status(&slo, &fields(), &source, at)
        .await
        .unwrap()
        .status;
    assert_eq!(s.sufficiency, Sufficiency::NoData);
    assert_eq!(
        (s.attainment, s.budget, s.objective_met),
        (None, None, None)
    );
    assert!(s.burn_rates.iter().all(|b| b.rate.is_none()));

    // --- A handful of events: too few to judge a 99% objective. ---
    let slo = ratio(
        r#"batch_runs_total{job="nightly",result="ok"}"#,
        r#"batch_runs_total{job="nightly"}"#,
        99.0,
    );
    let s = slo_status(&slo, &fields(), &source, at)
        .await
        .unwrap()
        .status;
    assert_eq!(w.batch_runs, 28, "one run a day");
    assert_eq!(
        s.sufficiency,
        Sufficiency::TooFewEvents {
            events: w.batch_runs as f64,
            needed: 1_000
        }
    );
    assert_sig4(
        "batch attainment",
        s.attainment.unwrap(),
        w.batch_ok as f64 / w.batch_runs as f64,
    );
    assert_eq!(s.objective_met, None);

    // --- A threshold that is not a bucket boundary names the ones that are. ---
    let e = slo_status(&latency(0.3, 99.5), &fields(), &source, at)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        SloError::BucketMissing {
            metric: r#"http_request_duration_seconds_bucket{job="checkout"}"#.into(),
            threshold_seconds: 0.3,
            nearby: LE.iter().map(|le| (*le).to_owned()).collect(),
        }
    );

    // --- PromQL the server refuses is reported as such, with its reason. ---
    let slo = ratio(
        r#"http_requests_total{job="checkout",code=~"5(("}"#,
        r#"http_requests_total{job="checkout"}"#,
        99.9,
    );
    match slo_status(&slo, &fields(), &source, at).await.unwrap_err() {
        SloError::QueryRejected { query, message } => {
            assert!(query.contains(r#"code=~"5((""#), "{query}");
            assert!(message.contains("bad_data"), "{message}");
        }
        other => panic!("expected a rejected query, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slo_status_errors_without_prometheus() {
    // Nothing listens on this port.
    let source = PrometheusHttp::new(
        &format!("http://127.0.0.1:{}", free_port()),
        Duration::from_secs(5),
    )
    .unwrap()
    .with_retries(0, Duration::from_millis(10));

    // A placeholder the service cannot fill is reported before anything is queried.
    let slo = ratio(
        r#"http_requests_total{namespace="{{namespace}}",code!~"5.."}"#,
        r#"http_requests_total{namespace="{{namespace}}"}"#,
        99.9,
    );
    let e = slo_status(&slo, &fields(), &source, None)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        SloError::Placeholder {
            field: "goodQuery",
            error: FillError::Missing {
                placeholder: "namespace".into()
            }
        }
    );
    assert!(e.to_string().contains("monitoring.namespace"), "{e}");

    let slo = ratio(
        r#"http_requests_total{job="checkout",code!~"5.."}"#,
        r#"http_requests_total{job="checkout"}"#,
        99.9,
    );
    match slo_status(&slo, &fields(), &source, None)
        .await
        .unwrap_err()
    {
        SloError::Unreachable { source, message } => {
            assert!(source.contains("127.0.0.1"), "{source}");
            assert!(message.contains("unreachable"), "{message}");
        }
        other => panic!("expected an unreachable source, got {other:?}"),
    }
}

crate::dual_test!(slo_status_is_not_measured_without_prometheus);

async fn slo_status_is_not_measured_without_prometheus(app: TestApp) {
    app.seed_team("shop").await;
    app.seed_service("checkout", "shop", "TIER2").await;
    app.ok(
        "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"latency\", sliKind: LATENCY,
            latencyMetric: \"http_request_duration_seconds\", latencyThresholdSeconds: 0.25,
            objectivePercent: 99.5, windowDays: 28}) { id } }",
        serde_json::json!({}),
    )
    .await;
    let data = app
        .ok(
            "{ service(slug: \"checkout\") { slos { status { state message attainmentPercent budget { remainingPercent } burnRates { rate } } } } }",
            serde_json::json!({}),
        )
        .await;
    let status = &data["service"]["slos"][0]["status"];
    assert_eq!(status["state"], "NOT_MEASURED");
    assert!(
        status["message"]
            .as_str()
            .unwrap()
            .contains("--prometheus-url"),
        "{status:#}"
    );
    assert_eq!(status["attainmentPercent"], serde_json::Value::Null);
    assert_eq!(status["budget"], serde_json::Value::Null);
    assert_eq!(status["burnRates"], serde_json::json!([]));
}
