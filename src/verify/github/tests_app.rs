//! GitHub App authentication on the wiremock GitHub: JWT → installation → installation
//! token, minted once and reused; a failed mint is never retried and never remembered.

use super::fake::*;
use super::{GitHub, GitHubAuth, GitHubConfig};
use crate::verify::CheckOutcome;
use crate::verify::repo::RepoSource;
use base64::Engine;
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP_ID: u64 = 4242;
const INSTALLATION: u64 = 77;
/// An `Authorization` header carrying a JWT (header.payload.signature).
const JWT: &str = r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$";

fn app(server: &MockServer) -> GitHub {
    let config = GitHubConfig {
        api_url: server.uri(),
        auth: GitHubAuth::App {
            app_id: APP_ID,
            private_key_pem: include_str!("test_app_key.pem").to_owned(),
        },
        request_timeout: Duration::from_secs(10),
    };
    GitHub::with_policy(config, policy()).expect("app client")
}

/// `GET /repos/{o}/{r}/installation`, authenticated with the App's JWT.
async fn mount_installation(server: &MockServer, times: u64) {
    Mock::given(method("GET"))
        .and(path(repo_path("/installation")))
        .and(header_regex("authorization", JWT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": INSTALLATION, "app_id": APP_ID, "target_type": "Organization",
            "account": { "login": OWNER, "id": 1 }, "permissions": { "contents": "read" },
        })))
        .expect(times)
        .mount(server)
        .await;
}

/// `POST /app/installations/{id}/access_tokens`, authenticated with the App's JWT.
fn token_route() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(format!(
            "/app/installations/{INSTALLATION}/access_tokens"
        )))
        .and(header_regex("authorization", JWT))
}

fn token(expires_in: chrono::Duration) -> ResponseTemplate {
    let expires_at = (chrono::Utc::now() + expires_in).to_rfc3339();
    ResponseTemplate::new(201).set_body_json(json!({
        "token": TOKEN, "expires_at": expires_at,
        "permissions": { "contents": "read", "metadata": "read" },
        "repository_selection": "all",
    }))
}

/// The JWT claims of the first request to `route`.
async fn jwt_claims(server: &MockServer, route: &str) -> Value {
    let received = server.received_requests().await.unwrap_or_default();
    let request = received
        .iter()
        .find(|r| r.url.path() == route)
        .expect("request");
    let bearer = request.headers["authorization"].to_str().expect("ascii");
    let payload = bearer.split('.').nth(1).expect("JWT payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("claims")
}

#[tokio::test]
async fn the_installation_token_is_minted_once_and_reused() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let commit = sha(b"app");
    // Every repository route of the fake requires `Authorization: Bearer <installation token>`.
    serve(&server, &commit, &files).await;
    mount_protection(&server, "main", Some(classic(1, &["ci"])), json!([])).await;
    mount_installation(&server, 1).await;
    token_route()
        .respond_with(token(chrono::Duration::hours(1)))
        .expect(1)
        .mount(&server)
        .await;

    let gh = app(&server);
    for _ in 0..2 {
        let results = run_all(&gh.repo(OWNER, NAME)).await;
        for (key, r) in &results {
            assert_eq!(
                r.outcome,
                CheckOutcome::Pass,
                "{key}: {}",
                r.evidence.summary
            );
        }
    }
    let claims = jwt_claims(
        &server,
        &format!("/app/installations/{INSTALLATION}/access_tokens"),
    )
    .await;
    assert_eq!(
        claims["iss"].to_string().trim_matches('"'),
        APP_ID.to_string()
    );
    let received = server.received_requests().await.unwrap_or_default();
    for r in received
        .iter()
        .filter(|r| r.url.path().starts_with("/repos/acme/orders/git"))
    {
        assert_eq!(
            r.headers["authorization"],
            format!("Bearer {TOKEN}").as_str()
        );
    }
    server.verify().await;
}

#[tokio::test]
async fn a_token_about_to_expire_is_replaced() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    serve(&server, &sha(b"app"), &files).await;
    mount_installation(&server, 1).await;
    token_route()
        .respond_with(token(chrono::Duration::seconds(60)))
        .expect(2..)
        .mount(&server)
        .await;
    let gh = app(&server);
    gh.repo(OWNER, NAME).tree().await.expect("first");
    gh.repo(OWNER, NAME).tree().await.expect("second");
    server.verify().await;
}

#[tokio::test]
async fn a_failed_token_request_is_not_retried_and_not_remembered() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    serve(&server, &sha(b"app"), &files).await;
    mount_installation(&server, 1).await;
    token_route()
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({ "message": "Server Error" })),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let gh = app(&server);
    let e = gh.repo(OWNER, NAME).tree().await.expect_err("500");
    assert!(
        e.message.starts_with(&format!(
            "Creating an access token for installation {INSTALLATION} of GitHub App {APP_ID} \
             (to read acme/orders) failed: GitHub answered 500"
        )),
        "{e}"
    );
    assert!(!e.message.contains("BEGIN"), "{e}");
    token_route()
        .respond_with(token(chrono::Duration::hours(1)))
        .expect(1)
        .mount(&server)
        .await;
    let tree = gh.repo(OWNER, NAME).tree().await.expect("minted now");
    assert!(tree.file("README.md").is_some());
    server.verify().await;
}

#[tokio::test]
async fn an_app_not_installed_on_the_repository_is_an_error_saying_so() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    let gh = app(&server);
    let e = gh.repo(OWNER, NAME).tree().await.expect_err("404");
    assert!(e.message.contains("finding the installation of GitHub App 4242 on acme/orders failed: the App is not installed"), "{e}");
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(
        requests.iter().all(|r| r.method.as_str() == "GET"),
        "no token is minted"
    );
    let bearer = requests
        .first()
        .map(|r| r.headers.contains_key("authorization"));
    assert_eq!(bearer, Some(true));
}
