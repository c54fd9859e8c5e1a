//! The launch journey in the browser: an owner registers a service, works through its
//! checklist (answers saved in place, the score and gate refreshed without a reload),
//! requests a waiver and submits the review; a reviewer runs the meeting, approves the waiver
//! and signs off; the owner closes the last item and the gate reads GO.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use super::sign_in_as;
use serde_json::{Value, json};

const ITEMS: &str =
    "query($s: String!) { service(slug: $s) { currentReview { id items { key severity } } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, evidence: \"https://wiki.example/orr\", expectedVersion: 0) { version } }";

/// CSS for an element whose id contains dots (item keys do).
pub fn by_id(id: &str) -> String {
    format!("[id='{id}']")
}

/// The review's items as (key, severity).
async fn items(served: &Served, slug: &str) -> (String, Vec<(String, String)>) {
    let data = served.graphql("olivia", ITEMS, json!({"s": slug})).await;
    let review = &data["service"]["currentReview"];
    let items = review["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_owned(),
                i["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (review["id"].as_str().unwrap().to_owned(), items)
}

/// Answers one item in the browser and waits for the in-place save to finish.
async fn answer_in_place(browser: &Browser, key: &str, outcome: &str, evidence: &str) {
    let suffix = match outcome {
        "pass" => "pass",
        "fail" => "fail",
        _ => "na",
    };
    // Evidence sits in the item's details; choosing the outcome then saves at once.
    let item = by_id(&format!("item-{key}"));
    // A category whose items are all met is folded: unfold it first.
    browser
        .client
        .execute(
            "document.getElementById(arguments[0]).closest('details.category').open = true;",
            vec![serde_json::json!(format!("item-{key}"))],
        )
        .await
        .unwrap();
    let closed = format!("{item} details.item__body:not([open]) > summary");
    if browser.exists(&closed).await {
        browser.click(&closed).await;
    }
    browser
        .fill(&by_id(&format!("{key}-evidence")), evidence)
        .await;
    let form = format!("form[data-key='{key}']");
    let radio = by_id(&format!("{key}-{suffix}"));
    let checked = browser
        .find(&radio)
        .await
        .prop("checked")
        .await
        .unwrap()
        .as_deref()
        == Some("true");
    if checked {
        browser
            .click(&format!("{item} [data-role=save-more]"))
            .await;
    } else {
        browser
            .click(&format!("{form} label.choice__option--{suffix}"))
            .await;
    }
    let status = format!("{form} [data-role=status]");
    browser
        .wait_until(&format!("`{key}` to be saved"), || async {
            browser.text(&status).await == "Saved"
        })
        .await;
    // The form keeps what was saved, ready for another change.
    assert_eq!(
        browser.value(&by_id(&format!("{key}-evidence"))).await,
        evidence
    );
}

pub async fn launch_journey() {
    let served = Served::start("journey").await;
    served
        .graphql(
            "olivia",
            "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
            Value::Null,
        )
        .await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;

    // Register a tier 3 service (one sign-off required: the service owner's).
    browser.open(&served.url("/services/new")).await;
    browser.fill("#f-name", "Ledger").await;
    browser.fill("#f-slug", "ledger").await;
    browser.choose("#f-team", "payments").await;
    browser.choose("#f-tier", "tier3").await;
    browser
        .click_and_wait("form.form button[type=submit]")
        .await;
    assert!(browser.url().await.contains("/services/ledger"));

    // The owner answered most items earlier; three blockers and one minor item remain.
    let (review, all) = items(&served, "ledger").await;
    let blockers: Vec<&String> = all
        .iter()
        .filter(|(_, s)| s == "BLOCKER")
        .map(|(k, _)| k)
        .take(3)
        .collect();
    let minor = &all.iter().find(|(_, s)| s == "MINOR").unwrap().0;
    for (key, _) in &all {
        if !blockers.contains(&key) && key != minor {
            served
                .graphql(
                    "olivia",
                    ANSWER,
                    json!({"r": review, "k": key, "o": "PASS"}),
                )
                .await;
        }
    }

    // From the service page to its checklist.
    browser
        .click_and_wait(&format!("a[href='/reviews/{review}']"))
        .await;
    assert!(browser.url().await.ends_with(&format!("/reviews/{review}")));
    assert!(
        browser
            .text("#review-summary [data-role=gate]")
            .await
            .contains("NO-GO")
    );
    browser.screenshot("checklist-desktop", DESKTOP).await;
    browser.screenshot("checklist-phone", PHONE).await;

    // Answers save in place: the summary follows without a reload.
    let page = browser.page_token().await;
    let before = browser.text("#review-summary [data-role=why]").await;
    for key in &blockers {
        answer_in_place(&browser, key, "pass", "https://wiki.example/ledger/orr").await;
    }
    answer_in_place(&browser, minor, "fail", "not yet").await;
    browser
        .wait_until("the blocking reasons to shrink", || async {
            browser.text("#review-summary [data-role=why]").await != before
        })
        .await;
    // The filter tabs are recounted, and passed items no longer offer a waiver.
    browser
        .wait_until("the tab counts to follow", || async {
            browser.text("[data-filter-count=unanswered]").await == "0"
                && browser.text("[data-filter-count=failing]").await == "1"
        })
        .await;
    let passed = by_id(&format!("item-{}", blockers[0]));
    assert!(
        browser
            .exists(&format!("{passed} details.waiver-request[hidden]"))
            .await
    );
    assert_eq!(
        browser.page_token().await,
        page,
        "answers must save without a reload"
    );
    let reasons = browser.text("#review-summary [data-role=why]").await;
    assert!(
        reasons.contains("sign-off"),
        "only the sign-off blocks now: {reasons}"
    );
    assert!(
        !reasons.contains("blockers not") && !reasons.contains("blocker failing"),
        "{reasons}"
    );

    // The failing minor item gets a waiver request (a plain form post).
    browser
        .click(&format!(
            "{} details.waiver-request summary",
            by_id(&format!("item-{minor}"))
        ))
        .await;
    browser
        .fill(
            &by_id(&format!("{minor}-w-reason")),
            "The vendor ships the fix next sprint.",
        )
        .await;
    browser
        .fill(
            &by_id(&format!("{minor}-w-control")),
            "On-call checks the dashboard every morning.",
        )
        .await;
    let expires = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    browser
        .set_value(&by_id(&format!("{minor}-w-expires")), &expires)
        .await;
    browser
        .click_and_wait(&format!(
            "{} .waiver-form button[type=submit]",
            by_id(&format!("item-{minor}"))
        ))
        .await;
    let waiver = browser.text(&by_id(&format!("item-{minor}"))).await;
    assert!(waiver.contains("requested by olivia"), "{waiver}");

    // Submit for the launch review meeting.
    browser
        .click_and_wait("form[action$='/submit'] button[type=submit]")
        .await;
    let state = browser.text("main").await;
    assert!(state.to_lowercase().contains("in review"), "{state}");

    super::meeting::approve_waiver_and_sign_off(&browser, &served, &review).await;

    // The owner fixes the last item during the meeting: nothing is open any more.
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;
    answer_in_place(&browser, minor, "pass", "https://tickets.example/LED-7").await;
    browser
        .wait_until("the gate to read GO", || async {
            let gate = browser.text("#review-summary [data-role=gate]").await;
            gate.contains("GO") && !gate.contains("NO-GO") && !gate.contains("conditions")
        })
        .await;

    super::meeting::record_decision(&browser, &served, &review).await;
    browser.open(&served.url("/services/ledger")).await;
    assert!(
        browser.exists(".gate-panel--go").await,
        "{}",
        browser.text("main").await
    );
    browser.screenshot("service-go-desktop", DESKTOP).await;
    browser.close().await;
}
