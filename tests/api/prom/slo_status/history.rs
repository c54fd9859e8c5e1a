//! SLO status over the fixture's five weeks of history: ratio and latency SLOs measured exactly
//! (also through GraphQL), no data, too few events, a missing bucket and refused PromQL.

use super::backfill::{TempDir, backfill};
use super::fixture::{self, DAY, EVAL, Fixture, LE, Minute};
use super::{fields, latency, ratio};
use crate::helpers::{Backend, TestApp};
use crate::prom::server::{PromServer, PromSetup};
use chrono::{DateTime, Utc};
use orrery::config::SourceArgs;
use orrery::domain::slo_status::{BurnWindow, SloStatus, Sufficiency, Verdict, WindowCoverage};
use orrery::verify::prom::{PrometheusHttp, SloError, slo_status};
use std::time::Duration;

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
    // The data is 32 days old: the whole window is covered, and the verdict is the counts'.
    assert_eq!(report.status.coverage, WindowCoverage::FULL);
    assert!(report.coverage.age_seconds.unwrap() >= 28.0 * DAY as f64);
    assert_eq!(report.status.verdict(), Verdict::Meeting);
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
                budget { consumedPercent remainingPercent } burnRates { window rate } queries { promql }
                windowCoverage { percent partial } } } } }",
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
    assert_eq!(gql["queries"].as_array().unwrap().len(), 11);
    assert_eq!(gql["windowCoverage"]["partial"], false);
    assert_eq!(gql["windowCoverage"]["percent"].as_f64(), Some(100.0));
    drop(app);

    // --- The same SLO two days and four hours after the data starts: enough events, met so
    // far, but over a partial window. The oldest sample the coverage query finds is the one
    // at its first 28-minute step after the data starts: on the minute, within a step. ---
    let young = fixture::START + 2 * DAY + 4 * fixture::HOUR;
    let report = slo_status(&slo, &fields(), &source, DateTime::from_timestamp(young, 0))
        .await
        .unwrap();
    let age = report.coverage.age_seconds.unwrap();
    let oldest = young - age as i64;
    assert_eq!(
        age,
        (young - oldest) as f64,
        "a whole number of seconds: {age}"
    );
    assert_eq!(oldest % fixture::MINUTE, 0, "a sample's own time: {oldest}");
    assert!((fixture::START..fixture::START + 28 * fixture::MINUTE).contains(&oldest));
    let s = &report.status;
    assert_eq!(s.sufficiency, Sufficiency::Sufficient);
    assert_eq!(s.objective_met, Some(true));
    assert_eq!(s.coverage.fraction(), age / (28 * DAY) as f64);
    assert_eq!(s.verdict(), Verdict::PartialWindow);
    assert!(
        s.explanation()
            .unwrap()
            .starts_with("partial window: data covers 2.1 of the 28 days"),
        "{:?}",
        s.explanation()
    );

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
