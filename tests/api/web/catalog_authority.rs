//! Who may use the catalog forms, behind a proxy that names people: someone outside the
//! owning team is told up front why they cannot save, and a post anyway is refused by the
//! use case with the reason next to the form — nothing is saved.

use super::html::*;
use crate::access::{ROOT, behind_proxy, ok_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::json;

dual_backend_test!(outsiders_are_told_and_refused);

async fn get_by(app: &TestApp, login: &str, path: &str) -> String {
    let res = client()
        .get(format!("{}{path}", app.base))
        .header("x-forwarded-user", login)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

async fn post_by(
    app: &TestApp,
    login: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let res = client()
        .post(format!("{}{path}", app.base))
        .header("x-forwarded-user", login)
        .header("origin", app.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn outsiders_are_told_and_refused(backend: Backend) {
    let app = behind_proxy(backend).await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    ok_by(&app, ROOT, &[], "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER2}) { slug } }", json!({})).await;

    // The owner's page offers the forms; an outsider's explains instead.
    let own = get_by(&app, ROOT, "/services/checkout").await;
    assert!(by_id(&own, "add-slo").is_some() && by_id(&own, "needs-slo-add").is_some());
    let page = get_by(&app, "mallory", "/services/checkout").await;
    assert!(by_id(&page, "add-slo").is_none() && by_id(&page, "add-dependency").is_none());
    assert!(by_id(&page, "archive-service").is_none());
    assert!(text(&by_id(&page, "needs-slo").unwrap()).contains("only owners of team “payments”"));
    assert!(!page.contains('`'), "no code quotes on the page");

    for path in [
        "/services/checkout/slos/new",
        "/services/checkout/dependencies/new",
        "/services/checkout/capacity",
        "/teams/payments/edit",
    ] {
        let form = get_by(&app, "mallory", path).await;
        let why = text(&by_id(&form, "why-not").unwrap_or_else(|| panic!("why-not on {path}")));
        assert!(
            why.contains("Only owners of team “payments”"),
            "{path}: {why}"
        );
        assert!(
            form.contains(" disabled>"),
            "{path}: the save button is disabled"
        );
    }
    let team = get_by(&app, "mallory", "/teams/payments").await;
    assert!(by_id(&team, "edit-team").is_none() && team.contains("data-role=\"why-not\""));

    // Posting anyway: refused with the reason, nothing saved.
    let (status, html) = post_by(
        &app,
        "mallory",
        "/services/checkout/slos/new",
        &[
            ("name", "availability"),
            ("sli_kind", "ratio"),
            ("good_query", "a_total"),
            ("total_query", "b_total"),
            ("objective_percent", "99.9"),
            ("window_days", "28"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&by_id(&html, "form-error").unwrap()).contains("Only owners of team “payments”"));
    let (status, html) = post_by(
        &app,
        "mallory",
        "/teams/payments/edit",
        &[("name", "Mine now"), ("version", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&by_id(&html, "form-error").unwrap()).contains("Only owners of team “payments”"));
    let (status, _) = post_by(
        &app,
        "mallory",
        "/services/checkout/archive",
        &[("version", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let data = ok_by(
        &app,
        ROOT,
        &[],
        "{ service(slug: \"checkout\") { archivedAt slos { id } team { name } } }",
        json!({}),
    )
    .await;
    assert_eq!(data["service"]["slos"], json!([]));
    assert_eq!(data["service"]["archivedAt"], json!(null));
    assert_eq!(data["service"]["team"]["name"], "Payments");
}
