//! `GET /reports`: the report page on the known portfolio — headline figures linking to the
//! portfolio, the heat map's percentages, fix-first weights, movers, risks, service links,
//! download links carrying the filter — the team filter narrowing it, and bad filter
//! values named on the page.

use super::aged;
use crate::dual_backend_test;
use crate::web::html::{decode, get, section, text};
use reqwest::StatusCode;
use serde_json::json;

dual_backend_test!(
    the_report_page_shows_every_figure_with_its_services,
    the_report_page_filters_and_names_bad_values
);

const MOVERS: &str = "{ portfolioReport { movers {
    mostImproved { service delta } biggestDrops { service delta } } } }";

/// The page's HTML with entities decoded, so links read as they are followed.
async fn page(app: &crate::helpers::TestApp, path: &str) -> (StatusCode, String) {
    let (status, html) = get(app, path).await;
    (status, decode(&html))
}

async fn the_report_page_shows_every_figure_with_its_services(backend: crate::helpers::Backend) {
    let (app, _) = aged(backend).await;
    let (status, html) = page(&app, "/reports").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(r#"<a href="/reports" aria-current="page">Reports</a>"#));

    // Headline: gate counts link to the portfolio filtered by gate.
    let headline = section(&html, "headline-title");
    assert!(headline.contains("Services 4"), "{headline}");
    assert!(headline.contains("GO 1"), "{headline}");
    assert!(headline.contains("GO with conditions 1"), "{headline}");
    assert!(headline.contains("NO-GO 2"), "{headline}");
    assert!(headline.contains("Not scored 0"), "{headline}");
    assert!(html.contains(r#"<a class="figure" href="/?gate=NO_GO""#));
    assert!(html.contains(r#"<a class="figure" href="/?gate=GO""#));
    assert!(html.contains(r#"<a class="figure" href="/""#));
    // Production without approval and approvals over NO-GO open to their services; the
    // approval says who and why.
    assert!(
        headline.contains("In production, not approved 1 list"),
        "{headline}"
    );
    assert!(html.contains(r#"<li><a href="/services/indexer">indexer</a></li>"#));
    assert!(headline.contains("approved by dave"), "{headline}");
    assert!(
        headline.contains(super::fixture::OVERRIDE_REASON),
        "{headline}"
    );
    assert!(html.contains(r#"<a class="row-title" href="/services/billing">billing</a>"#));

    // Readiness per team links each count to the team's filtered portfolio.
    assert!(html.contains(r#"href="/?team=pay&gate=NO_GO""#), "per team");
    assert!(html.contains(r#"href="/?tier=tier4""#), "per tier");
    assert!(html.contains(r#"href="/?lifecycle=production&gate=NO_GO""#));

    // Heat map: percentages in the cells, worst first, with the services not met.
    let heat = section(&html, "heat-title");
    assert!(heat.contains("0% mostly not met 2 not met"), "{heat}");
    assert!(heat.contains("75% mostly met 1 not met"), "{heat}");
    assert!(heat.contains("100% all met"), "{heat}");
    let security = heat.find("Security").unwrap();
    assert!(
        security < heat.find("Operations").unwrap(),
        "worst first: {heat}"
    );

    // Fix first: weights by tier, blockers marked, services linked.
    let fix = section(&html, "fix-title");
    assert!(
        fix.contains("A runbook exists ops.runbook Operations 4 finder"),
        "{fix}"
    );
    assert!(
        fix.contains("An owner is named Blocker ops.owner Operations 2 billing"),
        "{fix}"
    );
    assert!(html.contains(r#"<a href="/services/finder">finder</a>"#));

    // Movers: the page shows each service's change as the API computes it.
    let movers = app.ok(MOVERS, json!({})).await["portfolioReport"]["movers"].clone();
    let page_movers = section(&html, "movers-title");
    let listed: Vec<_> = ["mostImproved", "biggestDrops"]
        .iter()
        .flat_map(|k| movers[k].as_array().unwrap().clone())
        .collect();
    assert!(!listed.is_empty(), "{movers}");
    for m in listed {
        let delta = m["delta"].as_f64().unwrap();
        let shown = if delta >= 0.0 {
            format!("+{delta}")
        } else {
            format!("−{}", -delta)
        };
        let row = format!("{} ", m["service"].as_str().unwrap());
        assert!(page_movers.contains(&row), "{row} in {page_movers}");
        assert!(page_movers.contains(&shown), "{shown} in {page_movers}");
    }

    // Risks: expiring and expired waivers, the overdue action item with its owner.
    let risk = section(&html, "risk-title");
    assert!(risk.contains("finder sec.scan"), "{risk}");
    assert!(risk.contains("ledger sec.scan"), "{risk}");
    assert!(risk.contains("indexer Load test at peak bob"), "{risk}");
    assert!(risk.contains("10 days late"), "{risk}");

    // The trend is drawn, labelled, and given as a table too.
    let trend = section(&html, "trend-title");
    assert!(html.contains(r#"<svg class="trend trend--wide""#));
    assert!(html.contains("<title id=\"trend-wide-title\">Mean readiness score"));
    assert!(trend.contains("Mean score (0–100)"), "{trend}");
    assert!(trend.contains("The trend as a table"), "{trend}");

    // Downloads: every format, no filter.
    for f in ["html", "md", "csv", "json"] {
        assert!(
            html.contains(&format!(r#"href="/reports/export?format={f}""#)),
            "{f} download"
        );
    }
}

async fn the_report_page_filters_and_names_bad_values(backend: crate::helpers::Backend) {
    let (app, _) = aged(backend).await;
    let (status, html) = page(&app, "/reports?team=search&tier=&since=2020-01-01").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let headline = section(&html, "headline-title");
    assert!(headline.contains("Services 2"), "{headline}");
    assert!(headline.contains("NO-GO 1"), "{headline}");
    assert!(html.contains(r#"<a class="figure" href="/?team=search&gate=NO_GO""#));
    assert!(!html.contains(r#"href="/teams/pay""#), "only search's rows");
    assert!(html.contains(r#"<option value="search" selected>"#));
    let fix = section(&html, "fix-title");
    assert!(fix.contains("A runbook exists"), "{fix}");
    assert!(
        !fix.contains("An owner is named"),
        "billing is pay's: {fix}"
    );
    assert!(
        html.contains(r#"href="/reports/export?format=csv&team=search&since=2020-01-01""#),
        "downloads carry the filter"
    );
    assert!(html.contains(r#"href="/reports/export?format=md&team=search&since=2020-01-01""#));
    // A period from 2020 is drawn month by month.
    assert!(section(&html, "trend-title").contains("Month starting"));

    // Bad values: each named in words with how to fix it, the form kept, no report.
    let (status, html) = page(
        &app,
        "/reports?team=nope&tier=gold&lifecycle=live&since=yesterday&until=2026-02-30",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let summary = text(&crate::web::html::by_id(&html, "error-summary-title").unwrap());
    assert_eq!(summary, "There are 5 problems with the filter");
    let page_text = text(&html);
    for needle in [
        "Team: no team has the slug “nope”",
        "Tier: “gold” is not one of: tier1, tier2, tier3, tier4",
        "Lifecycle: “live” is not one of",
        "Since: “yesterday” is not a date; use YYYY-MM-DD",
        "Until: “2026-02-30” is not a date",
    ] {
        assert!(page_text.contains(needle), "{needle} in {page_text}");
    }
    assert!(
        !html.contains("headline-title"),
        "no report for a bad filter"
    );
    assert!(
        html.contains(r#"value="yesterday""#),
        "the typed value is kept"
    );
    let (status, html) = page(&app, "/reports?since=2026-03-02&until=2026-03-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text(&html).contains("Until: the period ends (2026-03-01) before it starts"));
}
