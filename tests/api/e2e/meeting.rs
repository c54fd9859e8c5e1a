//! The launch review meeting in the browser (`/reviews/{id}/meeting`): a reviewer approves
//! the owner's waiver, the owner signs off, and after the last fix the reviewer records the
//! decision with an action item.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use super::sign_in_as;

fn meeting(review: &str) -> String {
    format!("/reviews/{review}/meeting")
}

/// Sam approves the waiver Olivia requested; Olivia cannot approve her own, and signs off as
/// the service owner.
pub async fn approve_waiver_and_sign_off(browser: &Browser, served: &Served, review: &str) {
    // Olivia may not approve her own waiver: no button, and the page says why.
    browser.open(&served.url(&meeting(review))).await;
    let waivers = browser.text("section[aria-labelledby=waivers-title]").await;
    assert!(
        waivers.contains("You requested this waiver, so someone else must approve or reject it"),
        "own waiver: {waivers}"
    );
    assert!(!waivers.contains("Approve"), "own waiver: {waivers}");

    sign_in_as(browser, served, "sam").await;
    browser.open(&served.url(&meeting(review))).await;
    let gate = browser.text("#gate").await;
    assert!(gate.contains("NO-GO"), "before sign-off: {gate}");
    browser.screenshot("meeting-desktop", DESKTOP).await;
    browser.screenshot("meeting-phone", PHONE).await;
    browser
        .click_and_wait("form[action*='/waivers/'][action$='/approve'] button[type=submit]")
        .await;
    let waivers = browser.text("section[aria-labelledby=waivers-title]").await;
    assert!(
        !waivers.contains("Approve"),
        "the approved waiver leaves the list: {waivers}"
    );

    sign_in_as(browser, served, "olivia").await;
    browser.open(&served.url(&meeting(review))).await;
    browser
        .fill(
            "#c-service_owner",
            "Runbooks reviewed with the on-call team.",
        )
        .await;
    browser
        .click_and_wait("#signoff-service_owner button[name=decision][value=approve]")
        .await;
    let row = browser.text("#signoff-service_owner").await;
    assert!(row.contains("olivia"), "sign-off recorded: {row}");
    let gate = browser.text("#gate").await;
    assert!(
        gate.to_lowercase().contains("conditions"),
        "signed off with a waived item open: {gate}"
    );
}

/// Sam records the approval with one action item for Olivia.
pub async fn record_decision(browser: &Browser, served: &Served, review: &str) {
    sign_in_as(browser, served, "sam").await;
    browser.open(&served.url(&meeting(review))).await;
    browser.click("#d-approved").await;
    browser
        .fill(
            "#d-notes",
            "Launch approved. Revisit the vendor fix at the next review.",
        )
        .await;
    browser
        .fill("#d-title-0", "Remove the temporary dashboard check")
        .await;
    browser.fill("#d-owner-0", "olivia").await;
    let due = (chrono::Utc::now() + chrono::Duration::days(14))
        .format("%Y-%m-%d")
        .to_string();
    browser.set_value("#d-due-0", &due).await;
    browser
        .click_and_wait("form[action$='/decision'] button[type=submit]")
        .await;
    let decided = browser.text("#decided").await;
    assert!(decided.to_lowercase().contains("approved"), "{decided}");
    let page = browser.text("main").await;
    assert!(
        page.contains("Remove the temporary dashboard check"),
        "action item listed: {page}"
    );
    browser.screenshot("meeting-decided-desktop", DESKTOP).await;
}
