//! The session cookie and the session's life: flags, rotation, idle and absolute expiry,
//! sign-out, and what the database keeps.

use super::harness::{Agent, Answer, OidcApp};
use crate::helpers::Backend;
use chrono::TimeDelta;
use sha2::{Digest, Sha256};

fn session_cookie(answer: &Answer) -> &str {
    answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with("orrery_session=") && !c.starts_with("orrery_session=;"))
        .unwrap_or_else(|| panic!("no session cookie: {} {}", answer.status, answer.body))
}

/// Whether `agent`'s session still opens a page (rather than being sent to sign in).
async fn signed_in(agent: &mut Agent, app: &OidcApp) -> bool {
    let answer = agent.get(&app.url("/teams/none")).await;
    match answer.status {
        303 => {
            let to = answer.location.unwrap();
            assert!(to.ends_with("/auth/signin?return_to=/teams/none"), "{to}");
            false
        }
        _ => true,
    }
}

async fn the_cookie_is_http_only_and_lax_and_not_secure_on_http(app: OidcApp) {
    let mut agent = Agent::default();
    let answer = agent.sign_in(&app, "alice", "/").await;
    let cookie = session_cookie(&answer);
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    let secret = agent.cookie(&app.url("/"), "orrery_session").unwrap();
    assert!(secret.len() >= 22, "at least 128 bits: {secret}");
}

async fn the_cookie_is_secure_for_an_https_public_url(backend: Backend) {
    let app = OidcApp::start_at(backend, Some("https://orrery.test")).await;
    let mut agent = Agent::default();
    let start = agent.get(&app.url("/auth/signin")).await;
    assert!(
        start.set_cookies.iter().all(|c| c.contains("; Secure")),
        "{:?}",
        start.set_cookies
    );
    let mut agent = Agent::default();
    let answer = agent.sign_in(&app, "alice", "/").await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    let cookie = session_cookie(&answer);
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

mod the_cookie_is_secure_for_an_https_public_url {
    use crate::helpers::Backend;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::the_cookie_is_secure_for_an_https_public_url(Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::the_cookie_is_secure_for_an_https_public_url(Backend::Postgres).await;
    }
}

async fn each_sign_in_rotates_the_session(app: OidcApp) {
    let mut agent = Agent::default();
    agent.sign_in(&app, "alice", "/").await;
    let first = agent.cookie(&app.url("/"), "orrery_session").unwrap();
    assert!(signed_in(&mut agent, &app).await);
    // Signing in again (the provider remembers Alice, so no form this time).
    let answer = agent.sign_in(&app, "alice", "/").await;
    assert_eq!(answer.status, 303);
    let second = agent.cookie(&app.url("/"), "orrery_session").unwrap();
    assert_ne!(first, second, "a new id at every sign-in");
    assert!(signed_in(&mut agent, &app).await);
    // The first id was ended when the second was issued.
    let mut old = Agent::default();
    old.set_cookie(&app.url("/"), "orrery_session", &first);
    assert!(
        !signed_in(&mut old, &app).await,
        "the old id no longer works"
    );
    assert_eq!(app.session_rows().await.len(), 1);
}

async fn sessions_end_when_idle(app: OidcApp) {
    // The harness sets 30 idle minutes and 2 hours at most.
    let mut agent = Agent::default();
    agent.sign_in(&app, "bob", "/").await;
    app.clock.advance(TimeDelta::minutes(29));
    assert!(signed_in(&mut agent, &app).await, "29 minutes idle");
    app.clock.advance(TimeDelta::minutes(29));
    assert!(signed_in(&mut agent, &app).await, "the last request counts");
    app.clock.advance(TimeDelta::minutes(30));
    assert!(!signed_in(&mut agent, &app).await, "30 minutes idle");
    assert!(
        app.session_rows().await.is_empty(),
        "the ended session is deleted"
    );
}

async fn sessions_end_at_the_absolute_limit(app: OidcApp) {
    let mut agent = Agent::default();
    agent.sign_in(&app, "bob", "/").await;
    for _ in 0..4 {
        app.clock.advance(TimeDelta::minutes(29));
        assert!(signed_in(&mut agent, &app).await);
    }
    app.clock.advance(TimeDelta::minutes(5)); // 2 h 1 min after sign-in, 5 min idle
    assert!(
        !signed_in(&mut agent, &app).await,
        "however active, 2 hours at most"
    );
}

async fn the_last_use_is_written_at_most_once_a_minute(app: OidcApp) {
    let mut agent = Agent::default();
    agent.sign_in(&app, "bob", "/").await;
    let before = app.app.statements().await;
    for _ in 0..5 {
        assert!(signed_in(&mut agent, &app).await);
    }
    let per_request = (app.app.statements().await - before - 1) as f64 / 5.0;
    // The same requests a minute later write `last_seen_at` once.
    app.clock.advance(TimeDelta::minutes(2));
    let before = app.app.statements().await;
    for _ in 0..5 {
        assert!(signed_in(&mut agent, &app).await);
    }
    let later = app.app.statements().await - before - 1;
    assert_eq!(
        later as f64,
        per_request * 5.0 + 1.0,
        "one extra write for five requests"
    );
}

async fn signing_out_ends_the_session_on_the_server(app: OidcApp) {
    let mut agent = Agent::default();
    agent.sign_in(&app, "alice", "/").await;
    let secret = agent.cookie(&app.url("/"), "orrery_session").unwrap();

    // Another site cannot sign Alice out.
    let forged = app
        .app
        .client
        .post(app.url("/auth/signout"))
        .header("cookie", format!("orrery_session={secret}"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(signed_in(&mut agent, &app).await);

    let out = agent.post(&app.url("/auth/signout"), &[]).await;
    assert_eq!(out.status, 200);
    assert!(out.body.contains("signed out"), "{}", out.body);
    assert!(
        out.body.contains("href=\"/auth/signin"),
        "a way to sign in again"
    );
    assert!(
        !out.body.contains("Alice Adams"),
        "the header no longer names Alice"
    );
    let cleared = out
        .set_cookies
        .iter()
        .find(|c| c.starts_with("orrery_session=;"))
        .expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert!(app.session_rows().await.is_empty());

    // The old cookie, kept by someone, no longer works.
    let mut replay = Agent::default();
    replay.set_cookie(&app.url("/"), "orrery_session", &secret);
    assert!(!signed_in(&mut replay, &app).await);
}

async fn only_the_hash_of_the_session_id_is_stored(app: OidcApp) {
    let mut agent = Agent::default();
    agent.sign_in(&app, "alice", "/").await;
    let secret = agent.cookie(&app.url("/"), "orrery_session").unwrap();
    let rows = app.session_rows().await;
    assert_eq!(rows.len(), 1);
    let expected: String = Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(rows[0].0, expected);
    assert_ne!(rows[0].0, secret);
}

async fn the_api_needs_a_session_and_ignores_the_actor_header(app: OidcApp) {
    let anonymous = app
        .app
        .client
        .post(app.url("/graphql"))
        .header("x-orrery-actor", "mallory")
        .json(&serde_json::json!({"query": "{ services(first: 1) { edges { node { slug } } } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let mut agent = Agent::default();
    agent.sign_in(&app, "alice", "/").await;
    let secret = agent.cookie(&app.url("/"), "orrery_session").unwrap();
    let created = app
        .app
        .client
        .post(app.url("/graphql"))
        .header("cookie", format!("orrery_session={secret}"))
        .header("x-orrery-actor", "mallory")
        .json(&serde_json::json!({"query": "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    use sea_orm::{ConnectionTrait, Statement};
    let db = sea_orm::Database::connect(&app.app.database_url)
        .await
        .unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT DISTINCT actor FROM audit_events WHERE entity_type = 'team'",
        ))
        .await
        .unwrap();
    db.close().await.ok();
    let actors: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("", "actor").unwrap())
        .collect();
    assert_eq!(
        actors,
        ["alice"],
        "the session, not the header, names the actor"
    );
}

oidc_test!(
    the_cookie_is_http_only_and_lax_and_not_secure_on_http,
    each_sign_in_rotates_the_session,
    sessions_end_when_idle,
    sessions_end_at_the_absolute_limit,
    the_last_use_is_written_at_most_once_a_minute,
    signing_out_ends_the_session_on_the_server,
    only_the_hash_of_the_session_id_is_stored,
    the_api_needs_a_session_and_ignores_the_actor_header,
);
