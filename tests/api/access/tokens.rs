//! API tokens: made once, stored as a hash, used as a bearer, read-only or writing,
//! expiring, revoked with effect on the next request; service accounts.

use super::{ROOT, behind_proxy, ok_by, refused_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};

dual_backend_test!(
    tokens_act_for_their_maker,
    token_lifetimes_are_enforced,
    service_accounts_act_through_tokens
);

const CREATE: &str = "mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) {
    secret token { id name prefix actsAs createdBy scopes expiresAt lastUsedAt revokedAt } } }";

fn input(name: &str, scopes: &[&str], days: i64) -> Value {
    json!({"i": {"name": name, "scopes": scopes, "expiresAt": (Utc::now() + Duration::days(days)).to_rfc3339()}})
}

/// Sends a GraphQL operation with `Authorization: Bearer <secret>` and nothing else.
async fn gql_token(app: &TestApp, secret: &str, query: &str, variables: Value) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}/graphql", app.base))
        .bearer_auth(secret)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn make(app: &TestApp, by: &str, name: &str, scopes: &[&str]) -> (String, Value) {
    let data = ok_by(app, by, &[], CREATE, input(name, scopes, 30)).await;
    let created = &data["createApiToken"];
    (
        created["secret"].as_str().unwrap().to_owned(),
        created["token"].clone(),
    )
}

async fn tokens_act_for_their_maker(backend: Backend) {
    let app = behind_proxy(backend).await;
    ok_by(
        &app,
        "olivia",
        &[],
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    let (secret, token) = make(&app, "olivia", "deploy pipeline", &["WRITE", "READ"]).await;
    assert!(
        secret.starts_with("orr_") && secret.len() >= 4 + 22,
        "{secret}"
    );
    assert_eq!(token["actsAs"], "olivia");
    assert_eq!(token["scopes"], json!(["READ", "WRITE"]));
    assert!(secret.starts_with(token["prefix"].as_str().unwrap()));
    assert_eq!(token["lastUsedAt"], Value::Null);

    // Only the hash is stored.
    let db = Database::connect(&app.database_url).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT secret_hash FROM api_tokens",
        ))
        .await
        .unwrap();
    let stored: String = rows[0].try_get("", "secret_hash").unwrap();
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(&secret[4..]));

    // The token acts as its maker, without the proxy.
    let (status, me) = gql_token(&app, &secret, "{ me { login viaToken } }", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        me["data"]["me"],
        json!({"login": "olivia", "viaToken": true})
    );
    let (_, made) = gql_token(&app, &secret, "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER3}) { slug } }", json!({})).await;
    assert_eq!(
        made["data"]["createService"]["slug"], "checkout",
        "{made:#}"
    );
    let listed = ok_by(
        &app,
        "olivia",
        &[],
        "{ apiTokens { name lastUsedAt } }",
        json!({}),
    )
    .await;
    assert_eq!(listed["apiTokens"][0]["name"], "deploy pipeline");
    assert!(
        listed["apiTokens"][0]["lastUsedAt"].is_string(),
        "{listed:#}"
    );
    assert_eq!(
        ok_by(&app, "sam", &[], "{ apiTokens { name } }", json!({})).await["apiTokens"],
        json!([])
    );

    // A token cannot make tokens; a read-only token cannot write.
    let (_, nested) = gql_token(&app, &secret, CREATE, input("again", &["READ"], 5)).await;
    assert_eq!(
        nested["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{nested:#}"
    );
    let (reader, _) = make(&app, "olivia", "dashboards", &["READ"]).await;
    let (_, read) = gql_token(
        &app,
        &reader,
        "{ services(first: 5) { edges { node { slug } } } }",
        json!({}),
    )
    .await;
    assert_eq!(
        read["data"]["services"]["edges"][0]["node"]["slug"],
        "checkout"
    );
    let (_, write) = gql_token(
        &app,
        &reader,
        "mutation { archiveService(slug: \"checkout\", expectedVersion: 1) { slug } }",
        json!({}),
    )
    .await;
    assert_eq!(write["errors"][0]["extensions"]["code"], "FORBIDDEN");
    assert!(
        write["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("scope READ")
    );

    // The pipeline gate asks the server with a token from ORRERY_TOKEN; without one it is
    // refused (exit 2: cannot evaluate).
    let gate = |token: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_orrery"));
        cmd.args(["gate", "--service", "checkout", "--server", &app.base]);
        cmd.env_remove("ORRERY_TOKEN");
        if let Some(t) = token {
            cmd.env("ORRERY_TOKEN", t);
        }
        cmd.output().unwrap()
    };
    let judged = gate(Some(&reader));
    assert_eq!(
        judged.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&judged.stderr)
    );
    assert!(String::from_utf8_lossy(&judged.stdout).starts_with("checkout: NO_GO"));
    assert_eq!(gate(None).status.code(), Some(2));

    // Revoked: refused on the very next request, as unauthenticated.
    let revoke = "mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }";
    refused_by(
        &app,
        "sam",
        &[],
        revoke,
        json!({"id": token["id"]}),
        "only admins may revoke other people's tokens",
    )
    .await;
    ok_by(&app, "olivia", &[], revoke, json!({"id": token["id"]})).await;
    let (status, gone) = gql_token(&app, &secret, "{ me { login } }", json!({})).await;
    assert_eq!(status, 401);
    assert_eq!(gone["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    // So is a made-up token, in every form.
    for bogus in [
        "orr_not-a-real-token",
        "ghp_123",
        &secret[..secret.len() - 1],
    ] {
        let (status, _) = gql_token(&app, bogus, "{ me { login } }", json!({})).await;
        assert_eq!(status, 401, "{bogus}");
    }
}

async fn token_lifetimes_are_enforced(backend: Backend) {
    let app = behind_proxy(backend).await;
    let invalid = |v: Value| {
        let app = &app;
        async move {
            let body = super::gql_by(app, "olivia", &[], CREATE, v).await;
            assert_eq!(
                body["errors"][0]["extensions"]["code"], "VALIDATION",
                "{body:#}"
            );
            body["errors"][0]["extensions"]["field"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
    };
    assert_eq!(
        invalid(input("old", &["READ"], -1)).await,
        "input.expiresAt"
    );
    assert_eq!(
        invalid(input("forever", &["READ"], 400)).await,
        "input.expiresAt"
    );
    assert_eq!(invalid(input("none", &[], 30)).await, "input.scopes");
    assert_eq!(invalid(input("  ", &["READ"], 30)).await, "input.name");
    let missing = super::gql_by(
        &app,
        "olivia",
        &[],
        CREATE,
        json!({"i": {"name": "x", "scopes": ["READ"]}}),
    )
    .await;
    assert!(
        missing["errors"].is_array(),
        "an expiry is required: {missing:#}"
    );

    // Expired: refused like a revoked token.
    let (secret, token) = make(&app, "olivia", "short", &["READ"]).await;
    assert_eq!(
        gql_token(&app, &secret, "{ me { login } }", json!({}))
            .await
            .0,
        200
    );
    let db = Database::connect(&app.database_url).await.unwrap();
    let past = (Utc::now() - Duration::minutes(1)).to_rfc3339();
    let sql = format!(
        "UPDATE api_tokens SET expires_at = '{past}' WHERE id = {}",
        token["id"].as_str().unwrap()
    );
    db.execute_unprepared(&sql).await.unwrap();
    let (status, body) = gql_token(&app, &secret, "{ me { login } }", json!({})).await;
    assert_eq!(status, 401, "{body:#}");
}

async fn service_accounts_act_through_tokens(backend: Backend) {
    let app = behind_proxy(backend).await;
    ok_by(&app, ROOT, &[], "mutation { createServiceAccount(login: \"ci-bot\", description: \"Pull request checks\") { login } }", json!({})).await;
    let as_bot = json!({"i": {"name": "ci", "scopes": ["READ"], "actsAs": "ci-bot",
        "expiresAt": (Utc::now() + Duration::days(90)).to_rfc3339()}});
    refused_by(
        &app,
        "olivia",
        &[],
        CREATE,
        as_bot.clone(),
        "only admins may make tokens for service accounts",
    )
    .await;
    let created = ok_by(&app, ROOT, &[], CREATE, as_bot).await;
    let secret = created["createApiToken"]["secret"].as_str().unwrap();
    let (_, me) = gql_token(&app, secret, "{ me { login admin } }", json!({})).await;
    assert_eq!(me["data"]["me"], json!({"login": "ci-bot", "admin": false}));
    let accounts = ok_by(
        &app,
        "olivia",
        &[],
        "{ serviceAccounts { login createdBy } }",
        json!({}),
    )
    .await;
    assert_eq!(
        accounts["serviceAccounts"],
        json!([{"login": "ci-bot", "createdBy": "root"}])
    );
}
