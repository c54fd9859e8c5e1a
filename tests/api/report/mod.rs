//! `portfolioReport`: a portfolio in a known state (two teams, three tiers, every gate, an
//! approval over NO_GO, a waiver expiring soon, one expired, an overdue action item) and
//! every figure of the report, on both databases.

mod agree;
mod digest;
pub mod exports;
pub mod fixture;
mod page;
mod risk;
mod trend;

use crate::auth::harness::MovableClock;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp, code, field};
use chrono::{Duration, Utc};
use fixture::{OVERRIDE_REASON, seed};
use orrery::config::SourceArgs;
use serde_json::{Value, json};
use std::sync::Arc;

dual_backend_test!(
    every_figure_of_the_report,
    the_period_and_the_filter_narrow_the_report,
    the_report_costs_the_same_statements_at_any_size
);

const FIGURE: &str = "{ count services }";

fn report_query() -> String {
    let mix = format!(
        "{{ total {FIGURE} go {FIGURE} goWithConditions {FIGURE} noGo {FIGURE} unscored {FIGURE}
            levels {{ level figure {FIGURE} }} }}"
    );
    format!(
        "query($f: ReportFilter, $from: DateTime, $to: DateTime) {{
          portfolioReport(filter: $f, from: $from, to: $to) {{
            readiness {{
              overall {mix}
              byTeam {{ team mix {mix} }}
              byTier {{ tier mix {{ total {FIGURE} }} }}
              byLifecycle {{ lifecycle mix {{ total {FIGURE} noGo {FIGURE} }} }}
              productionUnapproved {FIGURE}
              approvedOverNoGo {FIGURE}
              overrides {{ service decidedBy reason }}
            }}
            heatMap {{ team category categoryTitle applicable met share
              services {FIGURE} servicesNotMet {FIGURE} }}
            fixFirst {{ itemKey title category blocker weight figure {FIGURE} }}
            risk {{
              waiversExpiring {{ service itemKey }} waiversExpiringServices {FIGURE}
              waiversExpired {{ service itemKey }} waiversExpiredServices {FIGURE}
              overdueActionItems {{ service title owner dueDate }}
              overdueActionItemsServices {FIGURE}
            }}
            services {{ slug name team tier lifecycle score level gate reviewState
              itemsApplicable itemsMet itemsFailing openBlockers scoreChange }}
          }}
        }}"
    )
}

fn fig(slugs: &[&str]) -> Value {
    json!({"count": slugs.len(), "services": slugs})
}

async fn report(app: &TestApp, vars: Value) -> Value {
    app.ok(&report_query(), vars).await["portfolioReport"].clone()
}

/// The portfolio fifteen days after it was built: ledger's waiver has expired (and the
/// re-scoring pass recorded it), finder's expires in 25 days, indexer's load test is late.
async fn aged(backend: Backend) -> (TestApp, chrono::DateTime<Utc>) {
    let clock = Arc::new(MovableClock::default());
    let app =
        TestApp::spawn_configured(backend, SourceArgs::default(), &|_| {}, clock.clone()).await;
    let t0 = Utc::now();
    seed(&app, t0).await;
    clock.advance(Duration::days(15));
    app.services.rescore_all().await.unwrap();
    (app, t0)
}

async fn every_figure_of_the_report(backend: Backend) {
    let (app, t0) = aged(backend).await;
    let r = report(&app, json!({})).await;
    let readiness = &r["readiness"];
    assert_eq!(
        readiness["overall"],
        json!({
            "total": fig(&["billing", "finder", "indexer", "ledger"]),
            "go": fig(&["indexer"]),
            "goWithConditions": fig(&["ledger"]),
            "noGo": fig(&["billing", "finder"]),
            "unscored": fig(&[]),
            "levels": [
                {"level": 0, "figure": fig(&["billing", "finder"])},
                // ledger fell from Silver when its waiver on a level-2 item expired.
                {"level": 1, "figure": fig(&["ledger"])},
                {"level": 2, "figure": fig(&["indexer"])},
            ],
        })
    );
    assert_eq!(
        readiness["byTeam"],
        json!([
            {"team": "pay", "mix": {
                "total": fig(&["billing", "ledger"]), "go": fig(&[]),
                "goWithConditions": fig(&["ledger"]), "noGo": fig(&["billing"]),
                "unscored": fig(&[]),
                "levels": [{"level": 0, "figure": fig(&["billing"])},
                           {"level": 1, "figure": fig(&["ledger"])}]}},
            {"team": "search", "mix": {
                "total": fig(&["finder", "indexer"]), "go": fig(&["indexer"]),
                "goWithConditions": fig(&[]), "noGo": fig(&["finder"]),
                "unscored": fig(&[]),
                "levels": [{"level": 0, "figure": fig(&["finder"])},
                           {"level": 2, "figure": fig(&["indexer"])}]}},
        ])
    );
    assert_eq!(
        readiness["byTier"],
        json!([
            {"tier": "TIER1", "mix": {"total": fig(&["finder"])}},
            {"tier": "TIER3", "mix": {"total": fig(&["billing"])}},
            {"tier": "TIER4", "mix": {"total": fig(&["indexer", "ledger"])}},
        ])
    );
    assert_eq!(
        readiness["byLifecycle"],
        json!([
            {"lifecycle": "BETA", "mix": {"total": fig(&["finder"]), "noGo": fig(&["finder"])}},
            {"lifecycle": "PRODUCTION", "mix": {
                "total": fig(&["billing", "indexer", "ledger"]), "noGo": fig(&["billing"])}},
        ])
    );
    // billing and ledger are approved (billing over NO_GO); indexer's review is a draft.
    assert_eq!(readiness["productionUnapproved"], fig(&["indexer"]));
    assert_eq!(readiness["approvedOverNoGo"], fig(&["billing"]));
    assert_eq!(
        readiness["overrides"],
        json!([{"service": "billing", "decidedBy": "dave", "reason": OVERRIDE_REASON}])
    );

    assert_eq!(
        r["heatMap"],
        json!([
            // ledger's scan fails again (waiver expired), billing's is unanswered.
            {"team": "pay", "category": "sec", "categoryTitle": "Security", "applicable": 2,
             "met": 0, "share": 0.0, "services": fig(&["billing", "ledger"]),
             "servicesNotMet": fig(&["billing", "ledger"])},
            // billing's owner is unanswered; the three other answers pass.
            {"team": "pay", "category": "ops", "categoryTitle": "Operations",
             "applicable": 4, "met": 3, "share": 0.75, "services": fig(&["billing", "ledger"]),
             "servicesNotMet": fig(&["billing"])},
            // finder's runbook fails.
            {"team": "search", "category": "ops", "categoryTitle": "Operations",
             "applicable": 4, "met": 3, "share": 0.75, "services": fig(&["finder", "indexer"]),
             "servicesNotMet": fig(&["finder"])},
            // finder's scan is validly waived: met.
            {"team": "search", "category": "sec", "categoryTitle": "Security",
             "applicable": 2, "met": 2, "share": 1.0, "services": fig(&["finder", "indexer"]),
             "servicesNotMet": fig(&[])},
        ])
    );

    assert_eq!(
        r["fixFirst"],
        json!([
            {"itemKey": "ops.runbook", "title": "A runbook exists", "category": "ops",
             "blocker": false, "weight": 4, "figure": fig(&["finder"])},
            {"itemKey": "ops.owner", "title": "An owner is named", "category": "ops",
             "blocker": true, "weight": 2, "figure": fig(&["billing"])},
            {"itemKey": "sec.scan", "title": "Dependencies are scanned", "category": "sec",
             "blocker": false, "weight": 1, "figure": fig(&["ledger"])},
        ])
    );

    let risk = &r["risk"];
    assert_eq!(
        risk["waiversExpiring"],
        json!([{"service": "finder", "itemKey": "sec.scan"}])
    );
    assert_eq!(risk["waiversExpiringServices"], fig(&["finder"]));
    assert_eq!(
        risk["waiversExpired"],
        json!([{"service": "ledger", "itemKey": "sec.scan"}])
    );
    assert_eq!(risk["waiversExpiredServices"], fig(&["ledger"]));
    let due = (t0 + Duration::days(5)).date_naive().to_string();
    assert_eq!(
        risk["overdueActionItems"],
        json!([{"service": "indexer", "title": "Load test at peak", "owner": "bob", "dueDate": due}])
    );
    assert_eq!(risk["overdueActionItemsServices"], fig(&["indexer"]));

    // One row per service, by slug; changes run from each service's first snapshot (score
    // 0 when it was registered) to its latest.
    let row = |slug: &str,
               team: &str,
               tier: &str,
               lifecycle: &str,
               now: (f64, u8, &str, &str),
               items: [u32; 4]| {
        json!({"slug": slug, "name": "Svc", "team": team, "tier": tier, "lifecycle": lifecycle,
            "score": now.0, "level": now.1, "gate": now.2, "reviewState": now.3,
            "itemsApplicable": items[0], "itemsMet": items[1], "itemsFailing": items[2],
            "openBlockers": items[3], "scoreChange": now.0})
    };
    assert_eq!(
        r["services"],
        json!([
            // Only the runbook (3 of 10) passes; the owner blocker is unanswered.
            row(
                "billing",
                "pay",
                "TIER3",
                "PRODUCTION",
                (30.0, 0, "NO_GO", "APPROVED"),
                [3, 1, 0, 1]
            ),
            // Owner passes, the runbook fails, the scan is waived: 7 of 10.
            row(
                "finder",
                "search",
                "TIER1",
                "BETA",
                (70.0, 0, "NO_GO", "DRAFT"),
                [3, 2, 1, 0]
            ),
            row(
                "indexer",
                "search",
                "TIER4",
                "PRODUCTION",
                (100.0, 2, "GO", "DRAFT"),
                [3, 3, 0, 0]
            ),
            // The scan's waiver expired: it fails again, 8 of 10.
            row(
                "ledger",
                "pay",
                "TIER4",
                "PRODUCTION",
                (80.0, 1, "GO_WITH_CONDITIONS", "APPROVED"),
                [3, 2, 1, 0]
            ),
        ])
    );
}

async fn the_period_and_the_filter_narrow_the_report(backend: Backend) {
    let (app, t0) = aged(backend).await;
    // Judged the day after the portfolio was built: ledger's waiver is only expiring then
    // (finder's is 39 days off), nothing is overdue; the override falls in the period.
    let day_one = (t0 + Duration::days(1)).to_rfc3339();
    let r = report(&app, json!({"to": day_one})).await;
    assert_eq!(
        r["risk"]["waiversExpiring"],
        json!([{"service": "ledger", "itemKey": "sec.scan"}])
    );
    assert_eq!(r["risk"]["waiversExpired"], json!([]));
    assert_eq!(r["risk"]["overdueActionItems"], json!([]));
    assert_eq!(r["readiness"]["approvedOverNoGo"], fig(&["billing"]));
    // A period starting after the override leaves it out.
    let r = report(&app, json!({"from": day_one})).await;
    assert_eq!(r["readiness"]["approvedOverNoGo"], fig(&[]));
    assert_eq!(r["readiness"]["overrides"], json!([]));

    // Team, tier and lifecycle filters combine.
    let r = report(
        &app,
        json!({"f": {"teams": ["search", "pay"], "tiers": ["TIER4"], "lifecycles": ["PRODUCTION"]}}),
    )
    .await;
    assert_eq!(
        r["readiness"]["overall"]["total"],
        fig(&["indexer", "ledger"])
    );
    assert_eq!(r["risk"]["waiversExpiringServices"], fig(&[]));
    let r = report(&app, json!({"f": {"teams": ["search"]}})).await;
    assert_eq!(
        r["readiness"]["overall"]["total"],
        fig(&["finder", "indexer"])
    );
    assert_eq!(r["fixFirst"][0]["itemKey"], "ops.runbook");

    // An unknown team is named, not ignored; so is a period that ends before it starts.
    let bad = app
        .gql(&report_query(), json!({"f": {"teams": ["pay", "nope"]}}))
        .await;
    assert_eq!(
        (code(&bad), field(&bad)),
        ("VALIDATION", "filter.teams"),
        "{bad:#}"
    );
    let message = bad["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("`nope`"), "{message}");
    let backwards = app
        .gql(
            &report_query(),
            json!({"from": day_one, "to": t0.to_rfc3339()}),
        )
        .await;
    assert_eq!(
        (code(&backwards), field(&backwards)),
        ("VALIDATION", "to"),
        "{backwards:#}"
    );
}

/// Statements one report costs (the count of `/metrics` before and after).
async fn report_statements(app: &TestApp) -> u64 {
    let before = app.statements().await;
    report(app, json!({})).await;
    app.statements().await - before
}

async fn the_report_costs_the_same_statements_at_any_size(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    seed(&app, Utc::now()).await;
    report(&app, json!({})).await;
    let four = report_statements(&app).await;
    for i in 0..6 {
        let review = app
            .seed_service(&format!("extra-{i}"), "search", "TIER2")
            .await;
        crate::reviews::gate::answer(&app, "alice", &review, "ops.owner", "PASS").await;
    }
    let ten = report_statements(&app).await;
    assert_eq!(
        report(&app, json!({})).await["readiness"]["overall"]["total"]["count"],
        10
    );
    assert_eq!(four, ten, "statements grow with the portfolio");
    // Services, teams, latest snapshots, reviews, history, stored item states, waivers,
    // action items, SLO observations and the movers' snapshots (for the items that moved
    // them). Answers are read only for services not scored since item states were kept.
    assert!(four <= 10, "{four} statements: one per kind of row");
}
