//! End-to-end tests: a real headless Chromium drives the real `orrery serve` binary the way
//! people use it, and leaves screenshots of the main pages (desktop and a 390 px phone) in
//! `target/screenshots/`.

mod browser;
mod journey;
mod meeting;
mod server;

use browser::{Browser, DESKTOP, PHONE};
use serde_json::json;
use server::Served;

/// A team to own the services (teams are set up through the API here; the team form has
/// its own scenario).
async fn seed_team(served: &Served) {
    served
        .graphql(
            "olivia",
            "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }",
            json!({"i": {"slug": "payments", "name": "Payments"}}),
        )
        .await;
}

/// Names the person in the browser through the "Who are you?" page.
pub async fn sign_in_as(browser: &Browser, served: &Served, login: &str) {
    browser.open(&served.url("/me?return_to=/")).await;
    browser.fill("#f-login", login).await;
    browser
        .click_and_wait("form[action='/me'] button[type=submit]")
        .await;
    let header = browser.text(".viewer").await;
    assert!(header.contains(login), "header after naming: {header}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_a_service_in_the_browser() {
    let served = Served::start("register").await;
    seed_team(&served).await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;

    // A first try with problems: every error is shown next to its field, input kept.
    browser.open(&served.url("/services/new")).await;
    browser.fill("#f-name", "Checkout API").await;
    browser.fill("#f-slug", "Checkout API").await;
    browser
        .click_and_wait("form.form button[type=submit]")
        .await;
    let slug_error = browser.text("#f-slug-error").await;
    assert!(slug_error.contains("slug"), "slug error: {slug_error}");
    assert_eq!(
        browser
            .find("#f-name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Checkout API")
    );
    browser.screenshot("register-errors-desktop", DESKTOP).await;
    browser.screenshot("register-errors-phone", PHONE).await;

    browser.fill("#f-slug", "checkout-api").await;
    browser.choose("#f-team", "payments").await;
    browser.choose("#f-tier", "tier2").await;
    browser
        .click_and_wait("form.form button[type=submit]")
        .await;
    assert!(
        browser
            .url()
            .await
            .ends_with("/services/checkout-api?saved=created"),
        "after registering: {}",
        browser.url().await
    );
    let gate = browser.text(".gate-panel__decision").await;
    assert!(
        gate.contains("NO-GO"),
        "a new service cannot launch yet: {gate}"
    );
    assert!(browser.exists(".gate-panel--nogo").await);
    browser.screenshot("service-desktop", DESKTOP).await;
    browser.screenshot("service-phone", PHONE).await;

    browser.open(&served.url("/")).await;
    let row = browser.text("main").await;
    assert!(row.contains("Checkout API"), "portfolio: {row}");
    browser.screenshot("portfolio-desktop", DESKTOP).await;
    browser.screenshot("portfolio-phone", PHONE).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn launch_journey_from_registration_to_go() {
    journey::launch_journey().await;
}
