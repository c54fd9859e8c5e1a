//! The risk section's later parts: approved reviews due for re-review (a year on, or at once
//! when the gate has fallen to NO_GO since), and SLOs whose budget is spent or burning fast,
//! as the background pass last measured them against a real Prometheus.

use super::fixture::{approve, seed, service, waive};
use crate::auth::harness::MovableClock;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use crate::prom::server::{PromServer, PromSetup};
use crate::prom::slo_status::backfill::{TempDir, backfill_text};
use crate::reviews::gate::answer;
use chrono::{DateTime, Duration, Utc};
use orrery::config::SourceArgs;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::sync::Arc;

dual_backend_test!(
    approvals_fall_due_a_year_on_or_at_once_on_drift,
    spent_and_fast_burning_slos_come_from_the_last_measurement
);

const OVERDUE: &str = "query($to: DateTime) { portfolioReport(to: $to) { risk {
    reviewsOverdue { service approvedAt dueAt reason } reviewsOverdueServices { services } } } }";

fn instant(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

async fn approvals_fall_due_a_year_on_or_at_once_on_drift(backend: Backend) {
    let clock = Arc::new(MovableClock::default());
    let app =
        TestApp::spawn_configured(backend, SourceArgs::default(), &|_| {}, clock.clone()).await;
    let t0 = Utc::now();
    seed(&app, t0).await;

    // ledger and billing are approved; nothing is due yet.
    let r = app.ok(OVERDUE, json!({})).await["portfolioReport"]["risk"].clone();
    assert_eq!(r["reviewsOverdue"], json!([]), "{r:#}");

    // A year and a day on, both approvals are due by age, the earlier one first.
    let later = t0 + Duration::days(366);
    let r =
        app.ok(OVERDUE, json!({"to": later.to_rfc3339()})).await["portfolioReport"]["risk"].clone();
    let list = r["reviewsOverdue"].as_array().unwrap();
    let names: Vec<_> = list
        .iter()
        .map(|o| (o["service"].clone(), o["reason"].clone()))
        .collect();
    assert_eq!(
        names,
        [
            (json!("ledger"), json!("AGE")),
            (json!("billing"), json!("AGE"))
        ]
    );
    for o in list {
        let approved = instant(&o["approvedAt"]);
        assert!(
            approved >= t0 && approved < t0 + Duration::minutes(5),
            "{o}"
        );
        assert_eq!(instant(&o["dueAt"]), approved + Duration::days(365), "{o}");
    }
    assert_eq!(
        r["reviewsOverdueServices"]["services"],
        json!(["billing", "ledger"])
    );

    // payroll's blocker fails under a waiver expiring in two days; approved while the waiver
    // holds (no override), it falls to NO_GO when the waiver expires: a drift, due at once.
    // billing, approved over NO_GO, has not drifted.
    let payroll = service(&app, "payroll", "pay", "TIER4", "PRODUCTION").await;
    answer(&app, "alice", &payroll, "ops.owner", "FAIL").await;
    answer(&app, "alice", &payroll, "ops.runbook", "PASS").await;
    answer(&app, "alice", &payroll, "sec.scan", "PASS").await;
    waive(&app, &payroll, "ops.owner", Utc::now() + Duration::days(2)).await;
    approve(&app, &payroll, None).await;
    clock.advance(Duration::days(3));
    app.services.rescore_all().await.unwrap();
    let r = app.ok(OVERDUE, json!({})).await["portfolioReport"]["risk"].clone();
    let list = r["reviewsOverdue"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{r:#}");
    assert_eq!(list[0]["service"], "payroll");
    assert_eq!(list[0]["reason"], "DRIFT");
    assert_eq!(r["reviewsOverdueServices"]["services"], json!(["payroll"]));
}

const MINUTE: i64 = 60;
const DAY: i64 = 86_400;

/// Two days of `web_requests_total` per minute for `job`: 100 requests a minute, of which
/// `bad_last_2h` a minute answer 500 over the last two hours.
fn history(job: &str, from: i64, to: i64, bad_last_2h: u64) -> String {
    let mut out = String::new();
    let (mut ok, mut bad) = (0u64, 0u64);
    for t in (from..=to).step_by(MINUTE as usize) {
        writeln!(
            out,
            "web_requests_total{{job=\"{job}\",code=\"200\"}} {ok} {t}"
        )
        .unwrap();
        writeln!(
            out,
            "web_requests_total{{job=\"{job}\",code=\"500\"}} {bad} {t}"
        )
        .unwrap();
        let b = if to - t < 2 * 3_600 { bad_last_2h } else { 0 };
        ok += 100 - b;
        bad += b;
    }
    out
}

const SLO_RISK: &str = "{ portfolioReport { risk {
    slosExhausted { service slo state measuredAt budgetRemaining burnRate1h }
    slosExhaustedServices { services }
    slosBurningFast { service slo burnRate1h burnRate6h }
    slosBurningFastServices { services } } } }";

async fn spent_and_fast_burning_slos_come_from_the_last_measurement(backend: Backend) {
    let now = Utc::now().timestamp() / MINUTE * MINUTE;
    let start = now - 2 * DAY;
    let mut text = String::from("# TYPE web_requests counter\n");
    // Samples of one metric family must be grouped by series: one job after the other.
    text.push_str(&history("calm", start, now - MINUTE, 0));
    text.push_str(&history("burning", start, now - MINUTE, 50));
    text.push_str("# EOF\n");
    let dir = TempDir::new("orrery-report-slo-risk");
    backfill_text(&text, dir.path());
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
    for slug in ["calm", "burning"] {
        app.seed_service(slug, "shop", "TIER2").await;
        app.ok(
            "mutation($s: String!, $i: SloInput!) { defineSlo(serviceSlug: $s, input: $i) { id } }",
            json!({"s": slug, "i": {"name": "availability", "sliKind": "RATIO",
                "objectivePercent": 99.9, "windowDays": 28,
                "goodQuery": format!("web_requests_total{{job=\"{slug}\",code!~\"5..\"}}"),
                "totalQuery": format!("web_requests_total{{job=\"{slug}\"}}")}}),
        )
        .await;
    }

    // Nothing measured yet: nothing to report.
    let r = app.ok(SLO_RISK, json!({})).await["portfolioReport"]["risk"].clone();
    assert_eq!(r["slosExhausted"], json!([]));
    assert_eq!(r["slosBurningFast"], json!([]));

    // The background pass measures both SLOs.
    let before = Utc::now();
    let pass = app.services.observe_slos(2).await.unwrap();
    assert_eq!((pass.measured, pass.failed), (2, 0));

    let r = app.ok(SLO_RISK, json!({})).await["portfolioReport"]["risk"].clone();
    // burning: 6,000 bad of 288,000 over the two days covered is a 2.08 % error ratio
    // against a 0.1 % budget; half the last hour's requests fail, a burn rate of 500.
    let spent = r["slosExhausted"].as_array().unwrap();
    assert_eq!(spent.len(), 1, "{r:#}");
    assert_eq!(spent[0]["service"], "burning");
    assert_eq!(spent[0]["slo"], "availability");
    assert_eq!(spent[0]["state"], "BREACHING");
    assert!(instant(&spent[0]["measuredAt"]) >= before - Duration::seconds(1));
    let remaining = spent[0]["budgetRemaining"].as_f64().unwrap();
    assert!(
        (remaining - (1.0 - 6_000.0 / 288_000.0 / 0.001)).abs() < 0.5,
        "{remaining}"
    );
    let fast = r["slosBurningFast"].as_array().unwrap();
    assert_eq!(fast.len(), 1, "{r:#}");
    let burn = fast[0]["burnRate1h"].as_f64().unwrap();
    assert!((burn - 500.0).abs() < 5.0, "{burn}");
    assert_eq!(r["slosExhaustedServices"]["services"], json!(["burning"]));
    assert_eq!(r["slosBurningFastServices"]["services"], json!(["burning"]));
}
