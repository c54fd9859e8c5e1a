//! Registering and editing services through the HTML forms: redirect-after-post, errors next
//! to the fields with the input kept, and a stale edit that explains and keeps what was typed.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::{StatusCode, header};
use serde_json::json;

dual_test!(
    register_form_redirects_or_explains,
    stale_edit_keeps_input_and_explains
);

async fn register_form_redirects_or_explains(app: TestApp) {
    app.seed_team("payments").await;
    let (status, html) = get(&app, "/services/new").await;
    assert_eq!(status, StatusCode::OK);
    for id in [
        "f-slug",
        "f-name",
        "f-team",
        "f-tier",
        "f-lifecycle",
        "f-repository",
    ] {
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "label for {id}"
        );
    }

    // Invalid: every problem is shown next to its field and the input is kept.
    let bad = post(
        &app,
        "/services/new",
        &[
            ("slug", "Bad Slug!"),
            ("name", ""),
            ("team", "payments"),
            ("tier", "tier2"),
            ("lifecycle", "beta"),
            ("repository", "not a repo"),
            ("launch_target", "next week"),
            ("link_kind", "runbook"),
            ("link_title", "Runbook"),
            ("link_url", "wiki/checkout"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("not a valid slug"));
    assert!(text(&by_id(&html, "f-name-error").unwrap()).contains("must not be empty"));
    assert!(text(&by_id(&html, "f-repository-error").unwrap()).contains("GitHub repository"));
    assert!(text(&by_id(&html, "f-launch_target-error").unwrap()).contains("date like"));
    assert!(text(&by_id(&html, "f-link_url_0-error").unwrap()).contains("http"));
    assert_eq!(attr(&html, "f-slug", "value").as_deref(), Some("Bad Slug!"));
    assert_eq!(
        attr(&html, "f-slug", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attr(&html, "f-repository", "value").as_deref(),
        Some("not a repo")
    );
    assert_eq!(
        attr(&html, "f-link_url_0", "value").as_deref(),
        Some("wiki/checkout")
    );
    assert!(
        by_id(&html, "f-tier")
            .unwrap()
            .contains("value=\"tier2\" selected")
    );
    let summary = text(&by_id(&html, "error-summary-title").unwrap());
    assert_eq!(summary, "There are 5 problems");

    // Valid: redirect to the new service's page.
    let good = [
        ("slug", "checkout"),
        ("name", "Checkout"),
        ("description", "Takes the money"),
        ("team", "payments"),
        ("tier", "tier2"),
        ("lifecycle", "beta"),
        ("repository", "acme/checkout"),
        ("monitoring_job", "checkout"),
        ("launch_target", "2027-03-31"),
        ("link_kind", "runbook"),
        ("link_title", ""),
        ("link_url", "https://runbooks.example/checkout"),
        ("link_kind", "dashboard"),
        ("link_title", ""),
        ("link_url", ""),
    ];
    let ok = post(&app, "/services/new", &good).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        ok.headers()[header::LOCATION],
        "/services/checkout?saved=created"
    );
    let (_, html) = get(&app, "/services/checkout?saved=created").await;
    let page = text(&html);
    assert!(page.contains("Service registered"), "{page}");
    assert!(page.contains("Takes the money") && page.contains("Launch target 2027-03-31"));
    assert!(html.contains("href=\"https://runbooks.example/checkout\""));
    assert!(html.contains("href=\"https://github.com/acme/checkout\""));
    assert!(page.contains("job=\"checkout\""));
    let who = app
        .ok(
            "{ auditEvents(filter: {entityType: \"service\", entityId: \"checkout\"}, first: 1) { edges { node { actor } } } }",
            json!({}),
        )
        .await;
    assert_eq!(who["auditEvents"]["edges"][0]["node"]["actor"], "carol");

    // `new` would hide the registration page, so it is reserved.
    let mut reserved = good.to_vec();
    reserved[0] = ("slug", "new");
    let html = post(&app, "/services/new", &reserved)
        .await
        .text()
        .await
        .unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("reserved"));

    // The same slug again: the conflict is shown next to the slug.
    let again = post(&app, "/services/new", &good).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = again.text().await.unwrap();
    assert!(text(&by_id(&html, "f-slug-error").unwrap()).contains("already exists"));
}

const FORM_OF_CHECKOUT: [(&str, &str); 5] = [
    ("name", "Checkout (mine)"),
    ("team", "payments"),
    ("tier", "tier1"),
    ("lifecycle", "production"),
    ("description", "My description"),
];

async fn stale_edit_keeps_input_and_explains(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER1").await;
    let (status, html) = get(&app, "/services/checkout/edit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<input type=\"hidden\" name=\"version\" value=\"1\">"));
    assert_eq!(attr(&html, "f-name", "value").as_deref(), Some("Svc"));

    // Bob saves first.
    app.ok_as(
        "bob",
        "mutation { updateService(slug: \"checkout\", expectedVersion: 1, input: {name: \"Checkout (bob)\"}) { version } }",
        json!({}),
    )
    .await;
    let mut form: Vec<(&str, &str)> = FORM_OF_CHECKOUT.to_vec();
    form.push(("version", "1"));
    let stale = post(&app, "/services/checkout/edit", &form).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let html = stale.text().await.unwrap();
    let notice = section(&html, "conflict-title");
    assert!(notice.contains("bob changed it at"), "{notice}");
    assert!(notice.contains("version 2"));
    assert!(notice.contains("Name saved: Checkout (bob)"), "{notice}");
    assert_eq!(
        attr(&html, "f-name", "value").as_deref(),
        Some("Checkout (mine)")
    );
    assert!(html.contains("My description"));
    assert!(html.contains("<input type=\"hidden\" name=\"version\" value=\"2\">"));

    // Saving again on purpose replaces bob's version.
    form.pop();
    form.push(("version", "2"));
    let saved = post(&app, "/services/checkout/edit", &form).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&app, "/services/checkout?saved=updated").await;
    assert!(text(&html).contains("Checkout (mine)"));
    assert!(text(&html).contains("Changes saved."));

    // Invalid edits come back with the error beside the field.
    let bad = post(
        &app,
        "/services/checkout/edit",
        &[
            ("name", " "),
            ("team", "nobody"),
            ("tier", "tier1"),
            ("lifecycle", "beta"),
            ("version", "3"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(by_id(&html, "f-name-error").is_some());
    let bad = post(
        &app,
        "/services/checkout/edit",
        &[
            ("name", "Checkout"),
            ("team", "nobody"),
            ("tier", "tier1"),
            ("lifecycle", "beta"),
            ("version", "3"),
        ],
    )
    .await;
    let html = bad.text().await.unwrap();
    assert!(text(&by_id(&html, "f-team-error").unwrap()).contains("no team with slug “nobody”"));
    let (status, _) = get(&app, "/services/nope/edit").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
