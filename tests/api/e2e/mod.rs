//! End-to-end tests: a real headless Chromium drives the real `orrery serve` binary the way
//! people use it, and leaves screenshots of the main pages (desktop and a 390 px phone) in
//! `target/screenshots/`.

mod browser;
mod catalog_forms;
mod checklist;
mod every_page;
mod explorer;
mod gate_authority;
mod journey;
mod meeting;
mod report_export;
mod reports;
mod server;
mod signin;

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
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;

    // A fresh install has no team: registration offers to create one first.
    browser.open(&served.url("/services/new")).await;
    browser
        .screenshot("register-no-team-desktop", DESKTOP)
        .await;
    browser
        .click_and_wait("a[href='/teams/new?next=register']")
        .await;
    browser.fill("#f-slug", "payments").await;
    browser.fill("#f-name", "Payments").await;
    browser.fill("#f-contact_channel", "#payments").await;
    browser
        .click_and_wait("form[action='/teams/new'] button[type=submit]")
        .await;
    assert!(
        browser.url().await.contains("/services/new"),
        "back to registration: {}",
        browser.url().await
    );
    assert_eq!(browser.value("#f-team").await, "payments");

    // A first try with problems: every error is shown next to its field, input kept.
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

/// Someone else answers an item while Olivia is typing: her save is refused, the page says
/// who changed it, her text is still there, and saving again replaces their answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_keeps_what_was_typed() {
    let served = Served::start("stale").await;
    seed_team(&served).await;
    let created = served
        .graphql(
            "olivia",
            "mutation { createService(input: {slug: \"search\", name: \"Search\", teamSlug: \"payments\", tier: TIER3}) { currentReview { id items { key } } } }",
            serde_json::Value::Null,
        )
        .await;
    let review = created["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = created["createService"]["currentReview"]["items"][0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;

    let form = format!("form[data-key='{key}']");
    let note = journey::by_id(&format!("{key}-note"));
    let typed = "Checked with the vendor on Monday: the fix is not deployed yet.";
    // The owner opens the item's details and types a note first.
    browser
        .click(&format!(
            "{} summary.item__summary",
            journey::by_id(&format!("item-{key}"))
        ))
        .await;
    browser.fill(&note, typed).await;

    // Meanwhile Sam answers the same item.
    served
        .graphql(
            "sam",
            "mutation($r: ID!, $k: String!) { respondToItem(reviewId: $r, itemKey: $k, outcome: PASS, evidence: \"https://wiki.example/sam\", expectedVersion: 0) { version } }",
            json!({"r": review, "k": key}),
        )
        .await;

    // Choosing Fail saves at once, against the version the page had: a conflict.
    browser.click(&journey::by_id(&format!("{key}-fail"))).await;
    let conflict = format!("{form} [data-role=conflict]");
    browser
        .wait_until("the conflict to be shown", || async {
            browser.exists(&conflict).await && browser.text(&conflict).await.contains("sam")
        })
        .await;
    assert_eq!(browser.value(&note).await, typed, "the typed note survives");
    browser.screenshot("stale-save-desktop", DESKTOP).await;

    // Saving again, deliberately, replaces Sam's answer.
    browser
        .click(&format!(
            "{} [data-role=save-more]",
            journey::by_id(&format!("item-{key}"))
        ))
        .await;
    browser
        .wait_until("the second save", || async {
            browser.text(&format!("{form} [data-role=status]")).await == "Saved"
        })
        .await;
    let now = served
        .graphql(
            "olivia",
            "query($r: ID!) { review(id: $r) { items { key outcome response { note respondedBy } } } }",
            json!({"r": review}),
        )
        .await;
    let item = now["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key.as_str())
        .unwrap()
        .clone();
    assert_eq!(item["outcome"], "FAIL", "{item}");
    assert_eq!(item["response"]["note"], typed, "{item}");
    assert_eq!(item["response"]["respondedBy"], "olivia", "{item}");
    browser.close().await;
}
