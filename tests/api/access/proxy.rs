//! Proxy and local modes at the edge: who is believed, what needs sign-in, what stays open.

use super::{behind_proxy, gql_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use orrery::config::{AuthArgs, AuthKind};
use serde_json::json;

dual_backend_test!(
    proxy_headers_only_from_trusted_addresses,
    sign_in_is_required_off_local_mode
);

async fn proxy_headers_only_from_trusted_addresses(backend: Backend) {
    // The proxy is somewhere else: the same header from the test client is refused.
    let app = TestApp::spawn_auth(
        backend,
        AuthArgs {
            auth: Some(AuthKind::Proxy),
            trusted_proxies: vec!["10.0.0.0/8".into()],
            ..AuthArgs::default()
        },
    )
    .await;
    let res = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("x-forwarded-user", "root")
        .json(&json!({"query": "{ me { login } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("only accepted from a trusted proxy")
    );
    let page = app
        .client
        .get(format!("{}/", app.base))
        .header("accept", "text/html")
        .header("x-forwarded-user", "root")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 401);
}

async fn sign_in_is_required_off_local_mode(backend: Backend) {
    let app = behind_proxy(backend).await;
    // Nobody: the API answers 401 UNAUTHENTICATED, pages 401 with a page.
    let res = app
        .client
        .post(format!("{}/graphql", app.base))
        .json(&json!({"query": "{ services(first: 1) { totalCount } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("www-authenticate").is_some());
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    // X-Orrery-Actor names nobody outside local mode.
    let named = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("x-orrery-actor", "root")
        .json(&json!({"query": "{ me { login } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(named.status(), 401);
    for page in ["/", "/services/new", "/teams/new", "/graphql"] {
        let res = app
            .client
            .get(format!("{}{page}", app.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{page}");
    }
    // Health, metrics and assets stay open.
    for open in ["/healthz", "/readyz", "/metrics"] {
        let res = app
            .client
            .get(format!("{}{open}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{open}");
    }
    // Signed in through the proxy: pages say who, and there is no local-mode banner.
    let page = app
        .client
        .get(format!("{}/", app.base))
        .header("x-forwarded-user", "Olivia")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<strong class=\"viewer__login\">olivia</strong>"),
        "{html}"
    );
    assert!(!html.contains("mode-banner"));
    // Cross-site requests are still refused, signed in or not.
    let cross = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("x-forwarded-user", "olivia")
        .header("origin", "https://evil.example")
        .json(&json!({"query": "mutation { createTeam(input: {slug: \"x\", name: \"X\"}) { slug } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let form = app
        .client
        .post(format!("{}/teams/new", app.base))
        .header("x-forwarded-user", "olivia")
        .header("origin", "https://evil.example")
        .form(&[("slug", "x"), ("name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 403);
    let me = gql_by(
        &app,
        "olivia",
        &["sre", "payments"],
        "{ me { login groups } }",
        json!({}),
    )
    .await;
    assert_eq!(
        me["data"]["me"],
        json!({"login": "olivia", "groups": ["sre", "payments"]})
    );
}
