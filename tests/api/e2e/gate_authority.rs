//! The gate's authority in the browser: in meeting mode a reviewer accepts the owner's
//! "not applicable" on a blocker, is refused an approval over NO-GO without a reason (the
//! form keeps what was typed), then approves with one; the override shows on the service
//! page, the portfolio (and its filter), the meeting and the checklist.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use super::{seed_team, sign_in_as};
use serde_json::json;

const REASON: &str = "Internal batch tool with no users yet; blockers tracked as follow-ups.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approving_over_no_go_and_accepting_not_applicable() {
    let served = Served::start("gate-authority").await;
    seed_team(&served).await;
    let created = served
        .graphql(
            "olivia",
            "mutation { createService(input: {slug: \"ledger\", name: \"Ledger\", teamSlug: \"payments\", tier: TIER4}) { currentReview { id } } }",
            json!({}),
        )
        .await;
    let review = created["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    served
        .graphql(
            "olivia",
            "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: NOT_APPLICABLE,
                note: \"Batch job owned by the platform team's rota, not a product team.\", expectedVersion: 0) { version } }",
            json!({"r": review}),
        )
        .await;
    let v = served
        .graphql(
            "olivia",
            "query($r: ID!) { review(id: $r) { version } }",
            json!({"r": review}),
        )
        .await["review"]["version"]
        .clone();
    served
        .graphql(
            "olivia",
            "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }",
            json!({"r": review, "v": v}),
        )
        .await;

    let browser = Browser::start().await;
    let meeting = served.url(&format!("/reviews/{review}/meeting"));
    let claim = "[id='na-meeting-ownership.owner']";

    // The owner cannot accept her own claim: no buttons, and the page says why.
    sign_in_as(&browser, &served, "olivia").await;
    browser.open(&meeting).await;
    let own = browser.text(claim).await;
    assert!(own.contains("N/A — awaiting acceptance"), "{own}");
    assert!(
        own.contains("the person who marked an item not applicable cannot accept or reject it"),
        "{own}"
    );
    assert!(!own.contains("Accept N/A"), "{own}");

    // Sam accepts it from the meeting.
    sign_in_as(&browser, &served, "sam").await;
    browser.open(&meeting).await;
    browser
        .screenshot("gate-meeting-pending-na-desktop", DESKTOP)
        .await;
    browser
        .fill(
            &format!("{claim} input[name=comment]"),
            "Agreed: the rota owns it.",
        )
        .await;
    browser
        .click_and_wait(&format!("{claim} button[data-role=na-accept]"))
        .await;
    assert!(
        browser
            .text("main")
            .await
            .contains("Not applicable accepted")
    );
    assert!(
        !browser.exists(claim).await,
        "accepted: no longer on the agenda"
    );

    // The gate is still NO-GO: approving without a reason is refused and keeps the form.
    assert!(browser.text("#gate").await.contains("NO-GO"));
    assert!(browser.text("#gate-no-go-note").await.contains("NO-GO"));
    browser.click("#d-approved").await;
    browser
        .fill("#d-notes", "Approved for the pilot only.")
        .await;
    browser
        .click_and_wait("form[action$='/decision'] button[type=submit]")
        .await;
    let error = browser.text("#d-override_reason-error").await;
    assert!(error.contains("reason"), "{error}");
    assert_eq!(
        browser.value("#d-notes").await,
        "Approved for the pilot only."
    );
    assert!(browser.text("#problem").await.contains("NO-GO"));
    browser
        .screenshot("gate-meeting-refused-desktop", DESKTOP)
        .await;

    browser.fill("#d-override_reason", REASON).await;
    browser
        .click_and_wait("form[action$='/decision'] button[type=submit]")
        .await;
    assert!(browser.text("#decided").await.contains("Approved by sam"));
    assert!(
        browser
            .text(".badge--override")
            .await
            .contains("Approved over NO-GO")
    );
    browser
        .screenshot("gate-meeting-overridden-desktop", DESKTOP)
        .await;

    // The service page says it prominently, with who and why one click away.
    browser.open(&served.url("/services/ledger")).await;
    let status = browser.text("#review-status").await;
    assert!(
        status.contains("Approved") && status.contains("sam"),
        "{status}"
    );
    browser.click("#review-status .override summary").await;
    let detail = browser.text("#review-status .override__detail").await;
    assert!(
        detail.contains(REASON) && detail.contains("sam"),
        "{detail}"
    );
    browser
        .screenshot("gate-service-overridden-desktop", DESKTOP)
        .await;
    browser
        .screenshot("gate-service-overridden-phone", PHONE)
        .await;

    // The portfolio marks the row, and its filter lists only such services.
    browser.open(&served.url("/?overridden=1")).await;
    let table = browser.text("main table").await;
    assert!(
        table.contains("Ledger") && table.contains("Approved over NO-GO"),
        "{table}"
    );
    assert!(browser.exists("#f-overridden:checked").await);
    browser
        .screenshot("gate-portfolio-overridden-desktop", DESKTOP)
        .await;

    // The checklist shows the override and who accepted the not applicable.
    browser
        .open(&served.url(&format!("/reviews/{review}")))
        .await;
    assert!(browser.exists(".badge--override").await);
    let accepted = browser.text("[id='na-checklist-ownership.owner']").await;
    assert!(accepted.contains("N/A accepted by sam"), "{accepted}");
    browser.screenshot("gate-checklist-desktop", DESKTOP).await;
    browser.close().await;
}
