//! Sign-in modes, roles, separation of duties and API tokens.

mod pages;
mod proxy;
mod reviews;
mod roles;
mod tokens;

use crate::helpers::{Backend, TestApp};
use orrery::config::{AuthArgs, AuthKind};
use serde_json::{Value, json};

/// The configured admin of the proxy-mode apps.
pub const ROOT: &str = "root";

/// An app behind a trusted proxy on loopback (the tests are the proxy), with `root` as its
/// configured admin.
pub async fn behind_proxy(backend: Backend) -> TestApp {
    TestApp::spawn_auth(
        backend,
        AuthArgs {
            auth: Some(AuthKind::Proxy),
            admins: vec![ROOT.into()],
            trusted_proxies: vec!["127.0.0.1/32".into(), "::1/128".into()],
            ..AuthArgs::default()
        },
    )
    .await
}

/// Sends a GraphQL operation as the proxy would for `login` in `groups`.
pub async fn gql_by(
    app: &TestApp,
    login: &str,
    groups: &[&str],
    query: &str,
    variables: Value,
) -> Value {
    let mut req = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("x-forwarded-user", login)
        .json(&json!({"query": query, "variables": variables}));
    if !groups.is_empty() {
        req = req.header("x-forwarded-groups", groups.join(","));
    }
    req.send().await.unwrap().json().await.unwrap()
}

/// Like [`gql_by`], failing on any error and returning `data`.
pub async fn ok_by(
    app: &TestApp,
    login: &str,
    groups: &[&str],
    query: &str,
    variables: Value,
) -> Value {
    let body = gql_by(app, login, groups, query, variables).await;
    assert!(
        body.get("errors").is_none(),
        "{login}: unexpected errors: {body:#}"
    );
    body["data"].clone()
}

/// Asserts the call is refused with `FORBIDDEN` and a reason containing `reason`.
pub async fn refused_by(
    app: &TestApp,
    login: &str,
    groups: &[&str],
    query: &str,
    variables: Value,
    reason: &str,
) {
    let body = gql_by(app, login, groups, query, variables).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{login} should be refused: {body:#}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(reason),
        "{login}: `{message}` should say `{reason}`"
    );
}
