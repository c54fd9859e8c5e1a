//! The main pages through plain HTTP: the portfolio and its filters, the service and team
//! pages, error pages, static assets and the cross-site guard.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

dual_test!(
    portfolio_lists_and_filters,
    empty_portfolio_points_to_registration,
    service_page_puts_the_gate_first,
    team_page_lists_services_and_expiring_waivers,
    unknown_pages_are_404,
    static_assets_are_cached,
    cross_site_posts_are_refused
);

const ITEMS: &str =
    "query($s: String!) { service(slug: $s) { currentReview { id items { key } } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: PASS, expectedVersion: 0) { version } }";

/// Passes the first `n` items of a service's current review.
async fn pass_items(app: &TestApp, slug: &str, n: usize) {
    let data = app.ok(ITEMS, json!({"s": slug})).await;
    let review = data["service"]["currentReview"]["id"].as_str().unwrap();
    let items: Vec<Value> = data["service"]["currentReview"]["items"]
        .as_array()
        .unwrap()
        .clone();
    for item in items.iter().take(n) {
        app.ok(ANSWER, json!({"r": review, "k": item["key"]})).await;
    }
}

async fn seed_portfolio(app: &TestApp) {
    app.seed_team("payments").await;
    app.seed_team("search").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    app.seed_service("ledger", "payments", "TIER3").await;
    app.seed_service("search-api", "search", "TIER4").await;
    pass_items(app, "ledger", 12).await;
}

// ---- Tests ----------------------------------------------------------------------------

async fn portfolio_lists_and_filters(app: TestApp) {
    seed_portfolio(&app).await;
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    for slug in ["checkout", "ledger", "search-api"] {
        assert!(
            html.contains(&format!("href=\"/services/{slug}\"")),
            "{slug}"
        );
    }
    assert!(page.contains("3 services"), "{page}");
    assert!(page.contains("3 NO-GO"), "new services are NO-GO: {page}");
    assert!(html.contains("badge--nogo"));
    assert!(html.contains("href=\"/teams/payments\""));
    assert!(page.contains("Tier 1") && page.contains("No level"));
    assert!(by_id(&html, "f-team").unwrap().contains("value=\"search\""));

    let only = |html: &str, yes: &[&str], no: &[&str]| {
        for s in yes {
            assert!(
                html.contains(&format!("href=\"/services/{s}\"")),
                "{s} missing"
            );
        }
        for s in no {
            assert!(
                !html.contains(&format!("href=\"/services/{s}\"")),
                "{s} present"
            );
        }
    };
    let (_, html) = get(&app, "/?team=search").await;
    only(&html, &["search-api"], &["checkout", "ledger"]);
    let (_, html) = get(&app, "/?tier=tier1&lifecycle=development").await;
    only(&html, &["checkout"], &["ledger", "search-api"]);
    let (_, html) = get(&app, "/?q=LEDG").await;
    only(&html, &["ledger"], &["checkout", "search-api"]);
    assert_eq!(attr(&html, "f-q", "value").as_deref(), Some("LEDG"));
    let (_, html) = get(&app, "/?gate=NO_GO&team=payments").await;
    only(&html, &["checkout", "ledger"], &["search-api"]);
    let (_, html) = get(&app, "/?gate=GO").await;
    assert!(text(&html).contains("No services match these filters"));
    assert!(html.contains("href=\"/services/new\""));

    // Ledger answered 12 items, so it scores highest.
    let (_, html) = get(&app, "/?sort=score_desc").await;
    assert!(pos(&html, "/services/ledger\"") < pos(&html, "/services/checkout\""));
    assert!(html.contains("aria-sort=\"descending\""));
    let (_, html) = get(&app, "/?sort=score_asc").await;
    assert!(pos(&html, "/services/ledger\"") > pos(&html, "/services/checkout\""));
    // Unknown filter values are ignored rather than failing the page.
    let (status, _) = get(&app, "/?tier=gold&sort=sideways").await;
    assert_eq!(status, StatusCode::OK);
}

async fn empty_portfolio_points_to_registration(app: TestApp) {
    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    let empty = text(&by_id(&html, "empty-title").unwrap());
    assert_eq!(empty, "No services yet");
    assert!(text(&html).contains("Register a service"));
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("href=\"#main\""), "skip link");
}

async fn service_page_puts_the_gate_first(app: TestApp) {
    seed_portfolio(&app).await;
    app.ok(
        "mutation { addDependency(input: {serviceSlug: \"checkout\", targetServiceSlug: \"ledger\", kind: HARD, timeoutMs: 300}) { id } }",
        json!({}),
    )
    .await;
    app.ok(
        "mutation { addDependency(input: {serviceSlug: \"checkout\", externalName: \"Stripe API\", kind: SOFT}) { id } }",
        json!({}),
    )
    .await;
    app.ok(
        "mutation { setCapacityPlan(input: {serviceSlug: \"checkout\", peakRps: 600, unitCapacityRps: 250, replicas: 4, growthPctPerMonth: 10, headroomTargetPct: 30, plannedEvents: []}) { version } }",
        json!({}),
    )
    .await;
    let (status, html) = get(&app, "/services/checkout").await;
    assert_eq!(status, StatusCode::OK);
    let gate = by_id(&html, "gate-title").unwrap();
    assert_eq!(gate, "Launch gate");
    // The gate and its reasons come before the score, levels and categories.
    let reasons = pos(&html, "A Tier 1 service must define at least one SLO");
    assert!(pos(&html, "id=\"gate-title\"") < reasons);
    assert!(reasons < pos(&html, "id=\"score-title\""));
    assert!(reasons < pos(&html, "id=\"categories-title\""));
    assert!(text(&html).contains("Blocking the launch"));
    assert!(html.contains("badge--nogo"));
    // Gauge and sparkline are inline SVG drawn by the server.
    assert!(html.contains("class=\"gauge__track\" d=\"M10 62 A50 50 0 0 1 110 62\""));
    let spark = pos(&html, "data-chart=\"score-history\"");
    assert!(
        html[spark..].contains("class=\"spark__line\" d=\"M0 "),
        "sparkline path"
    );
    // Levels, categories, dependencies (with their own gates), capacity.
    let page = text(&html);
    assert!(page.contains("Missing for Bronze"), "{page}");
    assert!(page.contains("SLOs & observability"), "{page}");
    assert!(html.contains("href=\"/services/ledger\""));
    assert!(page.contains("Stripe API external"));
    assert!(page.contains("timeout 300 ms"));
    assert!(page.contains("1000 rps (4 × 250 rps)"), "{page}");
    assert!(page.contains("meets the 30% target"));

    // SLOs show their definition and say plainly that the budget is not measured yet.
    app.ok(
        "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"availability\", sliKind: RATIO, goodQuery: \"a\", totalQuery: \"b\", objectivePercent: 99.9}) { id } }",
        json!({}),
    )
    .await;
    let (_, html) = get(&app, "/services/checkout").await;
    let slos = section(&html, "slo-title");
    assert!(slos.contains("availability 99.9% over 28 days"), "{slos}");
    assert!(slos.contains("Budget status not measured yet"), "{slos}");
    assert!(slos.contains("No Prometheus is connected"), "{slos}");
    assert!(
        !slos.contains("--prometheus-url"),
        "no command-line flags: {slos}"
    );
    assert!(
        !slos.contains("of the error budget left"),
        "no figures without data"
    );
    assert!(!html.contains("must define at least one SLO"));

    // A dependent sees ledger's page list it.
    let (_, ledger) = get(&app, "/services/ledger").await;
    assert!(text(&ledger).contains("Depended on by"));
}

async fn team_page_lists_services_and_expiring_waivers(app: TestApp) {
    seed_portfolio(&app).await;
    let review = app.ok(ITEMS, json!({"s": "checkout"})).await["service"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }";
    let approve = "mutation($id: ID!) { approveWaiver(id: $id, expectedVersion: 1) { state } }";
    for (item, days) in [("change_management.ci", 10), ("ownership.owner", 60)] {
        let input = json!({"reviewId": review, "itemKey": item, "reason": "CI migration in progress",
            "compensatingControl": "manual test run before each deploy",
            "expiresAt": (Utc::now() + Duration::days(days)).to_rfc3339()});
        let id = app.ok(request, json!({"i": input})).await["requestWaiver"]["id"].clone();
        app.ok_as("bob", approve, json!({"id": id})).await;
    }
    let (status, html) = get(&app, "/teams/payments").await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&html);
    assert!(
        html.contains("href=\"/services/checkout\"") && html.contains("href=\"/services/ledger\"")
    );
    assert!(!html.contains("href=\"/services/search-api\""));
    assert!(page.contains("Services 2"), "{page}");
    let waivers = section(&html, "waivers-title");
    assert!(
        waivers.contains("Waivers expiring within 30 days 1"),
        "{waivers}"
    );
    assert!(html.contains("change_management.ci"));
    assert!(
        !html.contains("ownership.owner"),
        "60 days out is not listed"
    );
    assert!(page.contains("Approved by bob"));
    assert!(
        page.contains("in 9 days") || page.contains("in 10 days"),
        "{page}"
    );
    assert!(html.contains("href=\"/services/new?team=payments\""));
}

async fn unknown_pages_are_404(app: TestApp) {
    let (status, html) = get(&app, "/services/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text(&html).contains("service “nope” was not found"));
    let (status, html) = get(&app, "/teams/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text(&by_id(&html, "error-title").unwrap()).contains("Not found"));
    let (status, _) = get(&app, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The API keeps answering as before.
    assert_eq!(
        client()
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

async fn static_assets_are_cached(app: TestApp) {
    let (_, html) = get(&app, "/").await;
    let url = |attr_start: &str| {
        let start = pos(&html, attr_start) + attr_start.len();
        html[start..start + html[start..].find('"').unwrap()].to_owned()
    };
    for (path, ct) in [
        (url("rel=\"stylesheet\" href=\""), "text/css"),
        (url("<script src=\""), "text/javascript"),
        (url("rel=\"icon\" href=\""), "image/svg+xml"),
    ] {
        let hash = path.split('.').nth(1).unwrap();
        assert_eq!(hash.len(), 10, "{path} carries a content hash");
        let res = client()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(ct)
        );
        let cache = res.headers()[header::CACHE_CONTROL].to_str().unwrap();
        assert!(
            cache.contains("max-age=31536000") && cache.contains("immutable"),
            "{cache}"
        );
        assert!(!res.bytes().await.unwrap().is_empty());
    }
    let plain = client()
        .get(format!("{}/static/app.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
    let missing = client()
        .get(format!("{}/static/app.0000000000.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn cross_site_posts_are_refused(app: TestApp) {
    app.seed_team("payments").await;
    let form = [
        ("slug", "evil"),
        ("name", "Evil"),
        ("team", "payments"),
        ("tier", "tier4"),
        ("lifecycle", "beta"),
    ];
    let forged = client()
        .post(format!("{}/services/new", app.base))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(text(&forged.text().await.unwrap()).contains("sent from another site"));
    let no_fetch_metadata = client()
        .post(format!("{}/services/new", app.base))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(no_fetch_metadata.status(), StatusCode::FORBIDDEN);
    let (status, _) = get(&app, "/services/evil").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was created");
    // The same form from the site itself goes through.
    assert_eq!(
        post(&app, "/services/new", &form).await.status(),
        StatusCode::SEE_OTHER
    );
}
