//! The sign-in redirect and the callback.

use super::harness::{Agent, OidcApp};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

fn query(url: &str) -> HashMap<String, String> {
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn hex_sha256(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn the_redirect_carries_pkce_state_and_nonce(app: OidcApp) {
    let mut agent = Agent::default();
    let answer = agent
        .get(&app.url("/auth/signin?return_to=/teams/payments"))
        .await;
    assert_eq!(answer.status, 303);
    let to = answer.location.unwrap();
    assert!(to.starts_with(&format!("{}/auth?", app.idp.issuer)), "{to}");
    let q = query(&to);
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], super::idp::CLIENT_ID);
    assert_eq!(q["redirect_uri"], app.callback);
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["code_challenge"].len(), 43, "a SHA-256, base64url");
    assert!(q["state"].len() >= 22, "state: {}", q["state"]);
    assert!(q["nonce"].len() >= 22, "nonce: {}", q["nonce"]);
    let scopes: Vec<&str> = q["scope"].split(' ').collect();
    assert!(
        scopes.contains(&"openid") && scopes.contains(&"groups"),
        "{scopes:?}"
    );
    let bind = answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with("orrery_signin="))
        .expect("the sign-in is tied to this browser");
    assert!(
        bind.contains(&q["state"]) && bind.contains("HttpOnly") && bind.contains("SameSite=Lax")
    );
    assert!(bind.contains("Path=/auth/callback"), "{bind}");

    // A second sign-in gets its own state, nonce and challenge.
    let again = query(&agent.get(&app.url("/auth/signin")).await.location.unwrap());
    for k in ["state", "nonce", "code_challenge"] {
        assert_ne!(again[k], q[k], "{k} repeats");
    }

    // Only the hash of the state is stored with the pending sign-in.
    let db = sea_orm::Database::connect(&app.app.database_url)
        .await
        .unwrap();
    use sea_orm::{ConnectionTrait, Statement};
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT state_hash, return_to FROM pending_logins",
        ))
        .await
        .unwrap();
    let hashes: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("", "state_hash").unwrap())
        .collect();
    assert!(hashes.contains(&hex_sha256(&q["state"])), "{hashes:?}");
    assert!(!hashes.contains(&q["state"]));
    db.close().await.ok();
}

async fn signing_in_returns_to_the_page_with_the_name_in_the_header(app: OidcApp) {
    let mut agent = Agent::default();
    let answer = agent
        .sign_in(&app, "alice", "/teams/payments%3Fx%3D1")
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.location.unwrap(), app.url("/teams/payments?x=1"));
    let page = agent.get(&app.url("/")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Alice Adams"),
        "the display name in the header"
    );
    assert!(
        page.body.contains("action=\"/auth/signout\""),
        "a sign-out button"
    );
    let rows = app.session_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, "alice");
    assert_eq!(rows[0].2.as_deref(), Some("Alice Adams"));
    assert_eq!(rows[0].3, r#"["sre","payments"]"#);

    // Carol's provider sends her groups only from the userinfo endpoint.
    let mut carol = Agent::default();
    assert_eq!(carol.sign_in(&app, "Carol", "/").await.status, 303);
    let rows = app.session_rows().await;
    let carol_row = rows
        .iter()
        .find(|r| r.1 == "carol")
        .expect("logins are lowercase");
    assert_eq!(carol_row.3, r#"["auditors"]"#);
}

async fn a_wrong_or_used_state_is_refused(app: OidcApp) {
    let mut agent = Agent::default();
    let start = app.url("/auth/signin");
    let callback = agent.through_provider(&start, &app.callback, "alice").await;

    // Another browser with this answer (a link someone was sent): refused.
    let mut other = Agent::default();
    let stolen = other.get(&callback).await;
    assert_eq!(stolen.status, 400, "{}", stolen.body);
    assert!(stolen.body.contains("unknown_state"), "{}", stolen.body);
    assert!(
        !stolen
            .set_cookies
            .iter()
            .any(|c| c.starts_with("orrery_session="))
    );

    // That used the state up: even the browser that started the sign-in is refused now.
    let used = agent.get(&callback).await;
    assert_eq!(used.status, 400);
    assert!(
        used.body.contains("expired or was already used"),
        "{}",
        used.body
    );

    // A made-up state, or none.
    let mut agent = Agent::default();
    let callback = agent.through_provider(&start, &app.callback, "alice").await;
    let q = query(&callback);
    let forged = callback.replace(&q["state"], "forged-state-value-0000000000");
    agent.set_cookie(&start, "orrery_signin", "forged-state-value-0000000000");
    assert_eq!(agent.get(&forged).await.status, 400);
    assert_eq!(
        agent.get(&app.url("/auth/callback?code=abc")).await.status,
        400
    );

    // The right one, once.
    let mut agent = Agent::default();
    let callback = agent.through_provider(&start, &app.callback, "alice").await;
    assert_eq!(agent.get(&callback).await.status, 303);
    assert_eq!(agent.get(&callback).await.status, 400, "single use");
}

async fn a_refusal_at_the_provider_is_a_clear_page(app: OidcApp) {
    let mut agent = Agent::default();
    let to_idp = agent.get(&app.url("/auth/signin")).await.location.unwrap();
    let interaction = agent.get(&to_idp).await.location.unwrap();
    assert!(interaction.contains("/interaction/"), "{interaction}");
    // The person cancels at the provider.
    let back = agent
        .get(&format!("{interaction}/abort"))
        .await
        .location
        .unwrap();
    let back = agent.get(&back).await.location.unwrap_or(back);
    assert!(back.contains("error=access_denied"), "{back}");
    let page = agent.get(&back).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("access denied"), "{}", page.body);
    assert!(page.body.contains("provider_error"));
    assert!(
        !page.body.contains("End-User aborted"),
        "the provider's description is not shown"
    );
    assert!(app.session_rows().await.is_empty());
}

async fn a_name_that_cannot_be_a_login_is_refused(app: OidcApp) {
    let mut agent = Agent::default();
    let answer = agent.sign_in(&app, "alice smith", "/").await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(
        answer.body.contains("preferred_username"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("login_invalid"));
    assert!(app.session_rows().await.is_empty());
}

oidc_test!(
    the_redirect_carries_pkce_state_and_nonce,
    signing_in_returns_to_the_page_with_the_name_in_the_header,
    a_wrong_or_used_state_is_refused,
    a_refusal_at_the_provider_is_a_clear_page,
    a_name_that_cannot_be_a_login_is_refused,
);

/// A provider that cannot be discovered stops `orrery serve` with the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_fails_clearly_when_discovery_fails() {
    let dir = std::env::temp_dir().join(format!("orrery-oidc-discovery-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A port nothing listens on: bound, then released.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_orrery"))
            .arg("serve")
            .args([
                "--listen",
                "127.0.0.1:0",
                "--public-url",
                "http://127.0.0.1:8080",
            ])
            .arg("--database-url")
            .arg(format!("sqlite://{}?mode=rwc", dir.join("o.db").display()))
            .args(["--auth", "oidc", "--oidc-client-id", "orrery"])
            .arg("--oidc-issuer")
            .arg(format!("http://{closed}"))
            .env("ORRERY_OIDC_CLIENT_SECRET", "not-logged-secret-value")
            .env("ORRERY_LOG", "warn")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("OpenID Connect discovery failed for --oidc-issuer http://"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-logged-secret-value"), "{stderr}");
}
