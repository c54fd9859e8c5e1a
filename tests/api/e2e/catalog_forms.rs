//! The service page's catalog forms, the team index, team editing and archiving in a real
//! Chromium: an SLO (tested, then saved), a dependency and a capacity plan added from the
//! service page; a team edited; a service archived. Every page fits a 390 px phone without
//! sideways scrolling, and each leaves desktop and phone screenshots.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use super::sign_in_as;
use serde_json::json;

/// Checks the phone width and leaves `{name}-desktop` and `{name}-phone` screenshots.
async fn look(browser: &Browser, name: &str) {
    browser
        .screenshot(&format!("{name}-desktop"), DESKTOP)
        .await;
    browser.screenshot(&format!("{name}-phone"), PHONE).await;
    browser.assert_fits_phone(name).await;
}

async fn seed(served: &Served) {
    served
        .graphql(
            "olivia",
            "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\", contactChannel: \"#payments\"}) { slug } }",
            json!({}),
        )
        .await;
    for (slug, name, tier) in [
        ("checkout", "Checkout API", "TIER2"),
        ("ledger", "Ledger", "TIER1"),
    ] {
        served
            .graphql(
                "olivia",
                "mutation($s: String!, $n: String!, $t: Tier!) { createService(input: {slug: $s, name: $n, teamSlug: \"payments\", tier: $t}) { slug } }",
                json!({"s": slug, "n": name, "t": tier}),
            )
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_an_slo_a_dependency_and_a_capacity_plan() {
    let served = Served::start("catalog-forms").await;
    seed(&served).await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;
    browser.open(&served.url("/services/checkout")).await;
    assert!(browser.text("#needs-slo").await.contains("needs an SLO"));
    look(&browser, "catalog-service-before").await;

    // The SLO: a first try with a problem, then "Test query", then saved.
    browser.click_and_wait("#needs-slo-add").await;
    browser.fill("#f-name", "availability").await;
    browser
        .fill(
            "#f-good_query",
            "http_requests_total{job=\"checkout\",code!~\"5..\"}",
        )
        .await;
    browser.fill("#f-objective_percent", "99.9").await;
    browser.click_and_wait("#slo-save").await;
    let error = browser.text("#f-total_query-error").await;
    assert!(error.contains("required"), "total query error: {error}");
    assert_eq!(browser.value("#f-name").await, "availability", "input kept");
    look(&browser, "catalog-slo-errors").await;
    browser
        .fill("#f-total_query", "http_requests_total{job=\"checkout\"}")
        .await;
    browser.click_and_wait("#slo-test-button").await;
    let result = browser.text("#slo-test").await;
    assert!(
        result.contains("No Prometheus is connected"),
        "test result: {result}"
    );
    look(&browser, "catalog-slo-test").await;
    browser.click_and_wait("#slo-save").await;
    assert!(
        browser.url().await.contains("/services/checkout?saved=slo"),
        "{}",
        browser.url().await
    );
    assert!(
        browser
            .text("section[aria-labelledby=slo-title]")
            .await
            .contains("availability")
    );
    assert!(!browser.exists("#needs-slo").await);

    // A dependency on another catalog service, picked by slug.
    browser.click_and_wait("#add-dependency").await;
    look(&browser, "catalog-dependency-form").await;
    browser.fill("#f-target", "ledger").await;
    browser.click("#f-kind-hard").await;
    browser.fill("#f-timeout_ms", "800").await;
    browser
        .fill("#f-fallback", "Queue the write and retry later")
        .await;
    browser.click_and_wait("#dependency-save").await;
    let deps = browser.text("section[aria-labelledby=deps-title]").await;
    assert!(
        deps.contains("Ledger") && deps.contains("timeout 800 ms"),
        "{deps}"
    );

    // The capacity plan, with one planned event.
    browser.click_and_wait("#set-capacity").await;
    browser.fill("#f-peak_rps", "1200").await;
    browser.fill("#f-unit_capacity_rps", "400").await;
    browser.fill("#f-replicas", "5").await;
    browser.fill("#f-event_name_0", "Black Friday").await;
    browser.set_value("#f-event_date_0", "2027-11-26").await;
    browser.fill("#f-event_multiplier_0", "2").await;
    look(&browser, "catalog-capacity-form").await;
    browser.click_and_wait("#capacity-save").await;
    let plan = browser
        .text("section[aria-labelledby=capacity-title]")
        .await;
    assert!(
        plan.contains("Peak demand") && plan.contains("Change the plan"),
        "{plan}"
    );
    look(&browser, "catalog-service-after").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_index_team_editing_and_archiving() {
    let served = Served::start("catalog-teams").await;
    seed(&served).await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;

    browser.open(&served.url("/teams")).await;
    let row = browser.text("tr[data-team=payments]").await;
    assert!(
        row.contains("Payments") && row.contains("2 NO-GO") && row.contains("#payments"),
        "{row}"
    );
    assert!(browser.exists("#new-team").await);
    look(&browser, "catalog-teams").await;

    browser
        .click_and_wait("tr[data-team=payments] a.row-title")
        .await;
    browser.click_and_wait("#edit-team").await;
    browser.fill("#f-name", "").await;
    browser.click_and_wait("#team-save").await;
    assert!(
        browser
            .text("#f-name-error")
            .await
            .contains("must not be empty")
    );
    look(&browser, "catalog-team-edit").await;
    browser.fill("#f-name", "Payments Platform").await;
    browser
        .fill("#f-contact_channel", "#payments-platform")
        .await;
    browser.click_and_wait("#team-save").await;
    assert!(
        browser
            .url()
            .await
            .ends_with("/teams/payments?saved=updated")
    );
    assert!(browser.text("h1").await.contains("Payments Platform"));
    let why = browser.text("[data-role=why]").await;
    assert!(why.contains("not started"), "rows say why: {why}");
    look(&browser, "catalog-team").await;

    browser.open(&served.url("/services/ledger")).await;
    browser.click_and_wait("#archive-service").await;
    assert!(
        browser
            .text("#archive-what")
            .await
            .contains("What archiving does")
    );
    look(&browser, "catalog-archive").await;
    browser.click_and_wait("#archive-confirm").await;
    assert!(
        browser
            .url()
            .await
            .ends_with("/services/ledger?saved=archived")
    );
    assert!(browser.text("main").await.contains("Service archived."));

    browser.open(&served.url("/?tier=tier9")).await;
    assert!(
        browser
            .text("#unknown-filters")
            .await
            .contains("no tier called")
    );
    let main = browser.text("main").await;
    assert!(
        main.contains("Checkout API") && !main.contains("Ledger"),
        "{main}"
    );
    look(&browser, "catalog-portfolio").await;
    browser.close().await;
}
