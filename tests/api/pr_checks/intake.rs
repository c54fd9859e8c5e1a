//! The webhook endpoint: signature first, one record per delivery, work queued or not.

use super::*;
use crate::helpers::{Backend, TestApp};
use crate::{dual_backend_test, dual_test};
use orrery::config::SourceArgs;
use serde_json::json;

async fn error_code(res: reqwest::Response) -> String {
    let body: Value = res.json().await.expect("JSON error");
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn signed_pull_request_is_queued_once(backend: Backend) {
    let app = spawn(backend, None).await;
    let body = pull_request("opened", "acme/orders", HEAD);
    let res = deliver(&app, "pull_request", "d-1", &body).await;
    assert_eq!(res.status(), 202);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["queued"], true);
    let queued = jobs(&app).await;
    assert_eq!(queued.len(), 1);
    let job = &queued[0];
    assert_eq!(
        (
            job.kind.as_str(),
            job.repo.as_str(),
            job.delivery_id.as_str()
        ),
        ("pull_request", "acme/orders", "d-1")
    );
    assert_eq!(
        (
            job.head_sha.as_deref(),
            job.base_sha.as_deref(),
            job.installation_id
        ),
        (Some(HEAD), Some(BASE), Some(77))
    );
    assert_eq!(answer["job"], job.id);

    // The same delivery again (GitHub's "Redeliver", or a replay): nothing queued.
    let res = deliver(&app, "pull_request", "d-1", &body).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"duplicate": true})
    );
    assert_eq!(jobs(&app).await.len(), 1);
    assert_eq!(deliveries(&app).await.len(), 1);
}

async fn unsigned_or_badly_signed_deliveries_are_refused_and_nothing_is_stored(backend: Backend) {
    let app = spawn(backend, None).await;
    let body = pull_request("opened", "acme/orders", HEAD).to_string();
    let url = format!("{}/webhooks/github", app.base);
    let wrong = deliver_signed(&app, "pull_request", "d-1", body.as_bytes(), "wrong").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(error_code(wrong).await, "UNAUTHENTICATED");
    // Signed in full, sent cut short.
    let signature = orrery::domain::webhook::sign(SECRET.as_bytes(), body.as_bytes());
    let cut = &body.as_bytes()[..body.len() - 1];
    let send = |event: Option<&str>, delivery: Option<&str>, sig: Option<&str>, b: &[u8]| {
        let mut req = app.client.post(&url).body(b.to_vec());
        for (name, value) in [
            ("x-github-event", event),
            ("x-github-delivery", delivery),
            ("x-hub-signature-256", sig),
        ] {
            if let Some(v) = value {
                req = req.header(name, v);
            }
        }
        req.send()
    };
    let full = body.as_bytes();
    let cases = [
        (
            Some("pull_request"),
            Some("d-2"),
            Some(signature.as_str()),
            cut,
        ),
        (Some("pull_request"), Some("d-3"), None, full),
        (Some("pull_request"), Some("d-4"), Some("sha256=00"), full),
        (Some("pull_request"), None, Some(signature.as_str()), full),
        (None, Some("d-5"), Some(signature.as_str()), full),
    ];
    for (i, (event, delivery, sig, b)) in cases.into_iter().enumerate() {
        let res = send(event, delivery, sig, b).await.unwrap();
        assert_eq!(res.status(), 401, "case {i}");
        assert_eq!(error_code(res).await, "UNAUTHENTICATED", "case {i}");
    }
    assert!(jobs(&app).await.is_empty());
    assert!(deliveries(&app).await.is_empty());
}

async fn events_and_actions_orrery_does_not_act_on_get_204(backend: Backend) {
    let app = spawn(backend, None).await;
    let ping = json!({"zen": "Design for failure.", "hook_id": 1});
    assert_eq!(deliver(&app, "ping", "p-1", &ping).await.status(), 204);
    let closed = pull_request("closed", "acme/orders", HEAD);
    assert_eq!(
        deliver(&app, "pull_request", "c-1", &closed).await.status(),
        204
    );
    let issue = json!({"action": "opened", "issue": {"number": 1}});
    assert_eq!(deliver(&app, "issues", "i-1", &issue).await.status(), 204);
    let mut push = pull_request("ignored", "acme/orders", HEAD);
    push["ref"] = json!("refs/heads/feature");
    push["after"] = json!(HEAD);
    assert_eq!(deliver(&app, "push", "u-1", &push).await.status(), 204);
    // Signed but not a pull_request payload: 400, nothing stored.
    let res = deliver(&app, "pull_request", "b-1", &json!({"action": "opened"})).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "VALIDATION");
    assert!(jobs(&app).await.is_empty());
    assert!(deliveries(&app).await.is_empty());
}

async fn a_repository_no_service_uses_gets_no_check_run(backend: Backend) {
    let (github, fake) = fake::FakeChecks::new(vec![]).start().await;
    let app = spawn(backend, Some(&github.uri())).await;
    service_on(&app, "orders", "acme/orders").await;
    let body = pull_request("opened", "acme/unused", HEAD);
    assert_eq!(
        deliver(&app, "pull_request", "n-1", &body).await.status(),
        202
    );
    let done = settled(&app).await;
    assert_eq!(
        done[0].outcome.as_deref(),
        Some("no service uses acme/unused")
    );
    assert!(fake.runs().is_empty());
    let asked = github.received_requests().await.unwrap_or_default();
    assert!(
        asked.iter().all(|r| r.method.as_str() != "POST"),
        "{asked:?}"
    );
}

dual_backend_test!(
    signed_pull_request_is_queued_once,
    unsigned_or_badly_signed_deliveries_are_refused_and_nothing_is_stored,
    events_and_actions_orrery_does_not_act_on_get_204,
    a_repository_no_service_uses_gets_no_check_run,
);

async fn without_a_secret_the_endpoint_is_off(app: TestApp) {
    let body = pull_request("opened", "acme/orders", HEAD);
    let res = deliver(&app, "pull_request", "d-1", &body).await;
    assert_eq!(res.status(), 404);
    assert_eq!(error_code(res).await, "NOT_FOUND");
    assert!(jobs(&app).await.is_empty());
}

dual_test!(without_a_secret_the_endpoint_is_off);

/// Behind sign-in (proxy mode), the webhook still answers: its signature is its proof.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_need_no_sign_in_but_a_signature() {
    let sources = SourceArgs {
        github_webhook_secret: Some(SECRET.to_owned()),
        ..SourceArgs::default()
    };
    let app = TestApp::spawn_configured(
        Backend::Sqlite,
        sources,
        &|args| {
            args.auth.auth = Some(orrery::config::AuthKind::Proxy);
            args.auth.trusted_proxies = vec!["10.0.0.0/8".into()];
        },
        std::sync::Arc::new(orrery::services::SystemClock),
    )
    .await;
    let graphql = app
        .client
        .post(format!("{}/graphql", app.base))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(graphql.status(), 401);
    let body = pull_request("opened", "acme/orders", HEAD);
    assert_eq!(
        deliver(&app, "pull_request", "s-1", &body).await.status(),
        202
    );
    let unsigned = deliver_signed(&app, "pull_request", "s-2", b"{}", "nope").await;
    assert_eq!(unsigned.status(), 401);
}

/// Large deliveries fit the webhook's own limit (5 MiB), far above the API's 256 KiB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_deliveries_fit_the_webhook_limit() {
    let app = spawn(Backend::Sqlite, None).await;
    let mut body = pull_request("opened", "acme/orders", HEAD);
    body["pull_request"]["body"] = json!("x".repeat(4 * 1024 * 1024));
    assert_eq!(
        deliver(&app, "pull_request", "l-1", &body).await.status(),
        202
    );
    body["pull_request"]["body"] = json!("x".repeat(6 * 1024 * 1024));
    let big = body.to_string();
    let signature = orrery::domain::webhook::sign(SECRET.as_bytes(), big.as_bytes());
    let sent = app
        .client
        .post(format!("{}/webhooks/github", app.base))
        .header("x-github-event", "pull_request")
        .header("x-github-delivery", "l-2")
        .header("x-hub-signature-256", signature)
        .body(big)
        .send()
        .await;
    // 413, or the connection closed on the client still sending: refused either way.
    match sent {
        Ok(res) => assert_eq!(res.status(), 413),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(jobs(&app).await.len(), 1);
}
