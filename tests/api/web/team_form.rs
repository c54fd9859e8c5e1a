//! Creating a team through the HTML form: errors next to the fields with the input kept,
//! the redirect to the team page, and the way back to service registration.

use super::html::*;
use super::meeting::location;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;

dual_test!(team_form_explains_or_creates);

async fn team_form_explains_or_creates(app: TestApp) {
    let (_, html) = get(&app, "/services/new").await;
    assert!(
        html.contains("href=\"/teams/new?next=register\""),
        "create a team first"
    );
    let (_, html) = get(&app, "/").await;
    assert!(html.contains("href=\"/teams/new\""));
    let (status, html) = get(&app, "/teams/new").await;
    assert_eq!(status, StatusCode::OK);
    for id in [
        "f-slug",
        "f-name",
        "f-description",
        "f-contact_channel",
        "f-oncall_url",
    ] {
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "label for {id}"
        );
    }

    let bad = post(
        &app,
        "/teams/new",
        &[
            ("slug", "Pay Ments"),
            ("name", " "),
            ("contact_channel", "#payments"),
            ("oncall_url", "pagerduty"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("not a valid slug"));
    assert!(text(&by_id(&html, "f-name-error").unwrap()).contains("must not be empty"));
    assert!(text(&by_id(&html, "f-oncall_url-error").unwrap()).contains("http"));
    assert_eq!(attr(&html, "f-slug", "value").as_deref(), Some("Pay Ments"));
    assert_eq!(
        attr(&html, "f-contact_channel", "value").as_deref(),
        Some("#payments")
    );
    assert_eq!(
        text(&by_id(&html, "error-summary-title").unwrap()),
        "There are 3 problems"
    );

    let good = [
        ("slug", "payments"),
        ("name", "Payments"),
        ("oncall_url", "https://pager.example/payments"),
    ];
    let ok = post(&app, "/teams/new", &good).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&ok), "/teams/payments?saved=created");
    let (_, html) = get(&app, "/teams/payments?saved=created").await;
    assert!(text(&html).contains("Team created."));
    let dup = post(&app, "/teams/new", &good).await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&by_id(&dup.text().await.unwrap(), "f-slug-error").unwrap())
            .contains("already exists")
    );
    let reserved = post(&app, "/teams/new", &[("slug", "new"), ("name", "New")]).await;
    assert_eq!(reserved.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // From service registration, back to it with the team chosen.
    let from = post(
        &app,
        "/teams/new",
        &[("slug", "ops"), ("name", "Ops"), ("next", "register")],
    )
    .await;
    assert_eq!(location(&from), "/services/new?team=ops");
    let (_, html) = get(&app, "/services/new?team=ops").await;
    assert!(
        by_id(&html, "f-team")
            .unwrap()
            .contains("value=\"ops\" selected")
    );
}
