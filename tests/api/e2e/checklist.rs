//! The owner's day on the checklist, in a real Chromium: one click per answer (no Save
//! button), a fresh checklist that fits the screen, the not-started state of a new
//! service, and the checklist and meeting pages on a phone without sideways scrolling.

use super::browser::{Browser, DESKTOP, PHONE};
use super::journey::by_id;
use super::server::Served;
use super::sign_in_as;
use serde_json::{Value, json};

/// A laptop screen: the first item must show without scrolling.
const LAPTOP: (u32, u32) = (1366, 768);

/// A team, a tier 1 service (the full checklist) and its fresh review's id and item keys.
async fn fresh_service(served: &Served, slug: &str) -> (String, Vec<(String, bool)>) {
    served
        .graphql(
            "olivia",
            "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }",
            json!({"i": {"slug": "payments", "name": "Payments", "contactChannel": "#payments-oncall"}}),
        )
        .await;
    let created = served
        .graphql(
            "olivia",
            "mutation($i: CreateServiceInput!) { createService(input: $i) { currentReview { id items { key automated } } } }",
            json!({"i": {"slug": slug, "name": "Ledger", "teamSlug": "payments", "tier": "TIER1"}}),
        )
        .await;
    let review = &created["createService"]["currentReview"];
    let items = review["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_owned(),
                i["automated"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    (review["id"].as_str().unwrap().to_owned(), items)
}

async fn eval(browser: &Browser, js: &str) -> Value {
    browser.client.execute(js, vec![]).await.unwrap()
}

async fn number(browser: &Browser, js: &str) -> f64 {
    eval(browser, js).await.as_f64().unwrap_or(f64::NAN)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_answers_with_one_click_each() {
    let served = Served::start("checklist-clicks").await;
    let (review, items) = fresh_service(&served, "ledger").await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;
    let page = browser.page_token().await;
    // With JavaScript there is no Save button next to the outcomes.
    let save_shown = eval(
        &browser,
        "return Array.from(document.querySelectorAll('.answer-form__save')).some(b => b.offsetParent !== null);",
    )
    .await;
    assert_eq!(save_shown, json!(false), "no Save button with JavaScript");

    let chosen: Vec<&String> = items
        .iter()
        .filter(|(_, automated)| !automated)
        .map(|(k, _)| k)
        .take(10)
        .collect();
    for (n, key) in chosen.iter().enumerate() {
        let outcome = if n % 3 == 2 { "fail" } else { "pass" };
        browser
            .click(&format!(
                "form[data-key='{key}'] label.choice__option--{outcome}"
            ))
            .await;
        let status = format!("form[data-key='{key}'] [data-role=status]");
        browser
            .wait_until(&format!("{key} to be saved"), || async {
                browser.text(&status).await == "Saved"
            })
            .await;
    }
    assert_eq!(
        browser.page_token().await,
        page,
        "answers saved without a reload"
    );
    let progress = browser.text("#review-summary [data-role=progress]").await;
    assert!(
        progress.starts_with("10 of") || progress.contains(" of "),
        "{progress}"
    );

    let stored = served
        .graphql(
            "olivia",
            "query($r: ID!) { review(id: $r) { items { key outcome response { respondedBy } } } }",
            json!({"r": review}),
        )
        .await;
    let by_key = |key: &str| -> Value {
        stored["review"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .cloned()
            .unwrap()
    };
    for (n, key) in chosen.iter().enumerate() {
        let item = by_key(key);
        let want = if n % 3 == 2 { "FAIL" } else { "PASS" };
        assert_eq!(item["outcome"], want, "{item}");
        assert_eq!(item["response"]["respondedBy"], "olivia", "{item}");
    }

    assert!(
        !browser.exists("#not-started").await,
        "answered: no longer not started"
    );
    eval(&browser, "window.scrollTo(0, 0); return 0;").await;
    browser.snap("checklist-answered-desktop-top").await;

    // Keyboard: u goes to the next unanswered item, p answers it Pass.
    let key_event = |k: &str| {
        format!(
            "document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{k}', bubbles: true}})); return 0;"
        )
    };
    eval(&browser, &key_event("u")).await;
    let focused = eval(
        &browser,
        "return document.activeElement.getAttribute('data-item');",
    )
    .await;
    let focused = focused.as_str().expect("an item has focus").to_owned();
    eval(&browser, &key_event("p")).await;
    browser
        .wait_until("the keyboard answer to be saved", || async {
            browser
                .text(&format!("form[data-key='{focused}'] [data-role=status]"))
                .await
                == "Saved"
        })
        .await;
    let help = eval(
        &browser,
        &format!(
            "{} return document.getElementById('keys-help').hidden;",
            key_event("?").replace(" return 0;", "")
        ),
    )
    .await;
    assert_eq!(help, json!(false), "? shows the shortcuts");
    browser.snap("checklist-keyboard-desktop").await;

    // N/A asks for its reason inline before anything is stored.
    let next = items
        .iter()
        .filter(|(key, automated)| !automated && *key != focused)
        .nth(10)
        .map(|(k, _)| k.clone())
        .unwrap();
    browser
        .click(&format!("form[data-key='{next}'] label.choice__option--na"))
        .await;
    let note = by_id(&format!("{next}-note"));
    browser
        .wait_until("the reason to be asked", || async {
            browser
                .text(&format!("form[data-key='{next}'] [data-role=status]"))
                .await
                == "Needs a reason"
        })
        .await;
    browser
        .fill(&note, "No data is stored by this service.\n")
        .await;
    browser
        .wait_until("the N/A to be saved", || async {
            browser
                .text(&format!("form[data-key='{next}'] [data-role=status]"))
                .await
                == "Saved"
        })
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_service_says_not_started_and_fits_the_screen() {
    let served = Served::start("checklist-fresh").await;
    let (review, items) = fresh_service(&served, "ledger").await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;

    // The service page: the not-started state and grouped reasons, not a wall of cards.
    browser.resize(DESKTOP).await;
    browser.open(&served.url("/services/ledger")).await;
    let state = browser.text("#not-started").await;
    assert!(
        state.contains(&format!("of {} answered", items.len()))
            && state.contains("start the checklist"),
        "{state}"
    );
    let panel = browser.text(".gate-panel").await;
    assert!(panel.contains("blockers not answered"), "{panel}");
    assert!(panel.contains("sign-offs missing"), "{panel}");
    assert!(
        !panel.contains("it must pass or be validly waived"),
        "no card per item: {panel}"
    );
    let groups = number(
        &browser,
        "return document.querySelectorAll('.gate-panel .reason-group').length;",
    )
    .await;
    assert!(groups <= 8.0, "{groups} groups");
    browser.snap("not-started-service-desktop-top").await;
    browser
        .screenshot("not-started-service-desktop", DESKTOP)
        .await;
    browser.screenshot("not-started-service-phone", PHONE).await;

    // The fresh checklist: short, and its first item is on the first screen of a laptop.
    browser.resize(LAPTOP).await;
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;
    let height = number(&browser, "return document.documentElement.scrollHeight;").await;
    let first_top = number(
        &browser,
        "return document.querySelector('#checklist [data-item]').getBoundingClientRect().top;",
    )
    .await;
    println!(
        "fresh {}-item checklist at 1366x768: {height} px tall, first item at {first_top} px",
        items.len()
    );
    assert!(height <= 6000.0, "the checklist is {height} px tall");
    assert!(
        first_top < 768.0 - 40.0,
        "the first item starts at {first_top} px, below the first screen"
    );
    // What Orrery knows is not asked again.
    let known = browser.text("[data-role=known]").await;
    assert!(
        known.contains("Payments") && known.contains("#payments-oncall"),
        "{known}"
    );
    browser.snap("checklist-fresh-laptop-top").await;
    browser.screenshot("checklist-fresh-desktop", DESKTOP).await;

    browser.resize(PHONE).await;
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;
    let phone_height = number(&browser, "return document.documentElement.scrollHeight;").await;
    println!("fresh checklist on a 390 px phone: {phone_height} px tall");
    browser.assert_fits("the checklist").await;
    browser.snap("checklist-fresh-phone-top").await;
    eval(&browser, "window.scrollTo(0, 1500); return 0;").await;
    browser.snap("checklist-fresh-phone-scrolled").await;
    browser.screenshot("checklist-fresh-phone", PHONE).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_meeting_page_fits_a_phone_and_hides_what_the_requester_cannot_do() {
    let served = Served::start("checklist-meeting").await;
    let (review, items) = fresh_service(&served, "ledger-with-a-rather-long-service-slug").await;
    // A failing item with a waiver olivia requested.
    let key = items
        .iter()
        .find(|(_, a)| !a)
        .map(|(k, _)| k.clone())
        .unwrap();
    served
        .graphql(
            "olivia",
            "mutation($r: ID!, $k: String!) { respondToItem(reviewId: $r, itemKey: $k, outcome: FAIL, expectedVersion: 0) { version } }",
            json!({"r": review, "k": key}),
        )
        .await;
    let expires = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    served
        .graphql(
            "olivia",
            "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }",
            json!({"i": {"reviewId": review, "itemKey": key, "reason": "Vendor fix next sprint.", "compensatingControl": "Daily manual check.", "expiresAt": expires}}),
        )
        .await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;
    browser
        .open(&served.url(&format!("/reviews/{review}/meeting")))
        .await;
    let waivers = browser.text("#waivers-title").await;
    assert!(waivers.contains('1'), "{waivers}");
    assert!(
        !browser
            .exists("form[action*='/waivers/'][action$='/approve']")
            .await,
        "the requester is not offered Approve"
    );
    let why = browser
        .text("section[aria-labelledby=waivers-title] .why-not")
        .await;
    assert!(why.contains("requested this waiver"), "{why}");
    let counts = browser.text("#agenda-counts").await;
    assert!(counts.contains("1 item failing"), "{counts}");
    browser.screenshot("meeting-draft-desktop", DESKTOP).await;
    browser.resize(PHONE).await;
    browser
        .open(&served.url(&format!("/reviews/{review}/meeting")))
        .await;
    browser.assert_fits("the meeting page").await;
    browser.snap("meeting-draft-phone-top").await;
    eval(
        &browser,
        "document.getElementById('agenda-title').scrollIntoView(); return 0;",
    )
    .await;
    browser.snap("meeting-draft-phone-agenda").await;
    eval(
        &browser,
        "document.getElementById('waivers-title').scrollIntoView(); return 0;",
    )
    .await;
    browser.snap("meeting-draft-phone-waivers").await;
    browser.screenshot("meeting-draft-phone", PHONE).await;
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;
    browser.assert_fits("the checklist with a waiver").await;
    browser.close().await;
}
