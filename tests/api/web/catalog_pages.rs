//! The team index and team editing, archiving a service, and portfolio rows that say why —
//! over plain HTTP, as a browser without JavaScript uses them.

use super::html::*;
use super::meeting::location;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

dual_test!(
    teams_index_and_team_editing,
    archiving_asks_then_hides,
    portfolio_rows_say_why
);

async fn teams_index_and_team_editing(app: TestApp) {
    let (status, html) = get(&app, "/teams").await;
    assert_eq!(status, StatusCode::OK, "the index exists");
    assert!(text(&html).contains("No teams yet"));
    assert!(html.contains("href=\"/teams/new\""));
    app.seed_team("payments").await;
    app.seed_team("search").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    app.seed_service("ledger", "payments", "TIER3").await;
    let (_, html) = get(&app, "/teams").await;
    let teams = text(&by_id(&html, "teams").unwrap());
    assert!(
        teams.contains("payments") && teams.contains("search"),
        "{teams}"
    );
    let payments = element_with(&html, "data-team=\"payments\"").unwrap();
    assert!(text(&payments).contains("2 NO-GO"), "{}", text(&payments));
    let search = element_with(&html, "data-team=\"search\"").unwrap();
    assert!(text(&search).contains("no services yet"));

    let (status, html) = get(&app, "/teams/payments/edit").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&html, "f-name", "value").as_deref(), Some("Team"));
    let bad = post(
        &app,
        "/teams/payments/edit",
        &[("name", " "), ("oncall_url", "pager"), ("version", "1")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "f-name-error").unwrap()).contains("must not be empty"));
    assert!(by_id(&html, "f-oncall_url-error").is_some());
    assert_eq!(
        attr(&html, "f-oncall_url", "value").as_deref(),
        Some("pager")
    );

    let good = [
        ("name", "Payments"),
        ("contact_channel", "#payments"),
        ("oncall_url", "https://pager.example/payments"),
        ("version", "1"),
    ];
    let ok = post(&app, "/teams/payments/edit", &good).await;
    assert_eq!(location(&ok), "/teams/payments?saved=updated");
    let (_, html) = get(&app, "/teams/payments?saved=updated").await;
    assert!(text(&html).contains("Team saved.") && text(&html).contains("#payments"));
    // The same form again, at the old version: a conflict that keeps the typed values.
    let stale = post(
        &app,
        "/teams/payments/edit",
        &[("name", "Payments team"), ("version", "1")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let html = stale.text().await.unwrap();
    assert!(text(&by_id(&html, "conflict").unwrap()).contains("changed while you were editing"));
    assert_eq!(
        attr(&html, "f-name", "value").as_deref(),
        Some("Payments team")
    );
}

async fn archiving_asks_then_hides(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    let (_, page) = get(&app, "/services/checkout").await;
    assert!(page.contains("href=\"/services/checkout/archive\""));
    let (status, html) = get(&app, "/services/checkout/archive").await;
    assert_eq!(status, StatusCode::OK);
    let what = section(&html, "archive-what");
    assert!(
        what.contains("leaves the portfolio") && what.contains("Nothing is deleted"),
        "{what}"
    );
    let stale = post(&app, "/services/checkout/archive", &[("version", "9")]).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(text(&stale.text().await.unwrap()).contains("was not archived"));
    let ok = post(&app, "/services/checkout/archive", &[("version", "1")]).await;
    assert_eq!(location(&ok), "/services/checkout?saved=archived");
    let (_, page) = get(&app, "/services/checkout?saved=archived").await;
    assert!(text(&page).contains("Service archived."));
    assert!(
        !page.contains("href=\"/services/checkout/archive\""),
        "no second archive"
    );
    let (_, portfolio) = get(&app, "/").await;
    assert!(!portfolio.contains("href=\"/services/checkout\""));
}

async fn portfolio_rows_say_why(app: TestApp) {
    app.ok(
        "mutation { createTeam(input: {slug: \"growth\", name: \"Growth Hackers\"}) { slug } }",
        json!({}),
    )
    .await;
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    app.seed_service("funnel", "growth", "TIER3").await;
    let (_, html) = get(&app, "/").await;
    let row = element_with(&html, "href=\"/services/checkout\"")
        .map(|_| ())
        .is_some();
    assert!(row);
    let why = text(&element_with(&html, "data-role=\"why\"").unwrap());
    assert!(why.starts_with("not started"), "{why}");
    let progress = text(&element_with(&html, "data-role=\"progress\"").unwrap());
    assert!(
        progress.starts_with("0 of ") && progress.ends_with("answered"),
        "{progress}"
    );
    assert!(text(&html).contains("Draft") && text(&html).contains("No decision yet"));
    assert!(!html.contains("not_applicable") && !html.contains("service_owner"));

    // Unknown filter values are reported in words.
    let (status, html) = get(&app, "/?tier=tier9&team=nope&gate=MAYBE&sort=sideways").await;
    assert_eq!(status, StatusCode::OK);
    let notice = text(&by_id(&html, "unknown-filters").unwrap());
    for said in [
        "no tier called “tier9”",
        "no team called “nope”",
        "no launch gate called “MAYBE”",
        "“sideways” is not a way to sort",
    ] {
        assert!(notice.contains(said), "{said}: {notice}");
    }
    assert!(
        html.contains("href=\"/services/checkout\""),
        "the unknown filters were not applied"
    );

    // The search matches a team's name or slug.
    let (_, html) = get(&app, "/?q=hackers").await;
    assert!(
        html.contains("href=\"/services/funnel\"") && !html.contains("href=\"/services/checkout\"")
    );
    let (_, html) = get(&app, "/?q=payments").await;
    assert!(
        html.contains("href=\"/services/checkout\"") && !html.contains("href=\"/services/funnel\"")
    );
}
