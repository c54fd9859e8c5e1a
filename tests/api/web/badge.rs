//! The README badge `GET /badge/{slug}.svg`: an SVG with cache headers, revalidated with its
//! `ETag`, a grey 404 badge for unknown and archived services, open without sign-in, and
//! its Markdown on the service page.

use super::html::*;
use crate::access::{ROOT, behind_proxy, ok_by};
use crate::helpers::{Backend, TestApp};
use crate::{dual_backend_test, dual_test};
use orrery::config::SourceArgs;
use orrery::services::SystemClock;
use reqwest::{StatusCode, header};
use serde_json::json;
use std::sync::Arc;

dual_test!(
    badge_shows_gate_and_level_with_cache_headers,
    badge_revalidates_with_its_etag,
    unknown_and_archived_services_get_a_grey_404,
    service_page_offers_the_markdown
);
dual_backend_test!(
    badge_needs_no_sign_in_behind_a_proxy,
    markdown_uses_the_public_url
);

/// Fetches `path` with no credentials at all, as GitHub's image proxy does.
async fn fetch(app: &TestApp, path: &str, if_none_match: Option<&str>) -> reqwest::Response {
    let mut req = client().get(format!("{}{path}", app.base));
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    req.send().await.unwrap()
}

fn header_of(res: &reqwest::Response, name: header::HeaderName) -> &str {
    res.headers()
        .get(&name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .unwrap()
}

async fn seed(app: &TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER3").await;
}

async fn badge_shows_gate_and_level_with_cache_headers(app: TestApp) {
    seed(&app).await;
    let res = fetch(&app, "/badge/checkout.svg", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header_of(&res, header::CONTENT_TYPE),
        "image/svg+xml; charset=utf-8"
    );
    assert_eq!(
        header_of(&res, header::CACHE_CONTROL),
        "public, max-age=300"
    );
    assert!(header_of(&res, header::ETAG).starts_with('"'));
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    let svg = res.text().await.unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    // A new service has open blockers: NO-GO at level 0, on red.
    assert!(
        svg.contains("<title>readiness: NO-GO · L0</title>"),
        "{svg}"
    );
    assert!(svg.contains("fill=\"#cf222e\""), "{svg}");
    // HEAD answers the same headers.
    let head = client()
        .head(format!("{}/badge/checkout.svg", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(
        header_of(&head, header::CACHE_CONTROL),
        "public, max-age=300"
    );
}

async fn badge_revalidates_with_its_etag(app: TestApp) {
    seed(&app).await;
    let first = fetch(&app, "/badge/checkout.svg", None).await;
    let tag = header_of(&first, header::ETAG).to_owned();
    let again = fetch(&app, "/badge/checkout.svg", Some(&tag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&again, header::ETAG), tag);
    assert_eq!(
        header_of(&again, header::CACHE_CONTROL),
        "public, max-age=300"
    );
    assert!(again.text().await.unwrap().is_empty());
    let other = fetch(&app, "/badge/checkout.svg", Some("\"something-else\"")).await;
    assert_eq!(other.status(), StatusCode::OK);
    // The tag is stable while nothing changes.
    let third = fetch(&app, "/badge/checkout.svg", None).await;
    assert_eq!(header_of(&third, header::ETAG), tag);
}

async fn unknown_and_archived_services_get_a_grey_404(app: TestApp) {
    seed(&app).await;
    for path in [
        "/badge/nope.svg",
        "/badge/Not%20A%20Slug.svg",
        "/badge/checkout.png",
    ] {
        let res = fetch(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            header_of(&res, header::CONTENT_TYPE),
            "image/svg+xml; charset=utf-8"
        );
        assert!(res.headers().get(header::ETAG).is_none());
        let svg = res.text().await.unwrap();
        assert!(
            svg.contains("<title>readiness: unknown service</title>"),
            "{svg}"
        );
        assert!(svg.contains("fill=\"#6a737d\""), "{svg}");
    }
    app.ok(
        "mutation { archiveService(slug: \"checkout\", expectedVersion: 1) { archivedAt } }",
        json!({}),
    )
    .await;
    let res = fetch(&app, "/badge/checkout.svg", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let svg = res.text().await.unwrap();
    assert!(
        svg.contains("unknown service"),
        "archived reads as unknown: {svg}"
    );
}

async fn service_page_offers_the_markdown(app: TestApp) {
    seed(&app).await;
    let (status, html) = get(&app, "/services/checkout").await;
    assert_eq!(status, StatusCode::OK);
    let markdown = text(&by_id(&html, "badge-markdown").unwrap());
    assert_eq!(
        markdown,
        "[![readiness](https://orrery.example.com/badge/checkout.svg)](https://orrery.example.com/services/checkout)"
    );
    assert!(text(&html).contains("public address is not configured"));
    assert!(html.contains("<img src=\"/badge/checkout.svg\""));
}

async fn markdown_uses_the_public_url(backend: Backend) {
    let app = TestApp::spawn_configured(
        backend,
        SourceArgs::default(),
        &|a| a.public_url = Some("https://orrery.acme.io".into()),
        Arc::new(SystemClock),
    )
    .await;
    seed(&app).await;
    let (_, html) = get(&app, "/services/checkout").await;
    assert_eq!(
        text(&by_id(&html, "badge-markdown").unwrap()),
        "[![readiness](https://orrery.acme.io/badge/checkout.svg)](https://orrery.acme.io/services/checkout)"
    );
    assert!(!text(&html).contains("public address is not configured"));
}

async fn badge_needs_no_sign_in_behind_a_proxy(backend: Backend) {
    let app = behind_proxy(backend).await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER3}) { slug } }",
        json!({}),
    )
    .await;
    // Pages need someone signed in: the badge does not.
    let page = fetch(&app, "/services/checkout", None).await;
    assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
    let res = fetch(&app, "/badge/checkout.svg", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("NO-GO · L0"));
    // Credentials that are not good are ignored, not refused: the badge is the same for all.
    let res = client()
        .get(format!("{}/badge/checkout.svg", app.base))
        .header(header::AUTHORIZATION, "Bearer orr_not_a_token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let unknown = fetch(&app, "/badge/nope.svg", None).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}
