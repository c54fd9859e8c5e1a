//! Pull request checks (GitHub App mode): `POST /webhooks/github` refuses what is not
//! signed with the secret, records each delivery once and queues its work; the worker posts
//! one check run per service on the head commit and updates it on later deliveries.

pub mod fake;
mod intake;
mod manifest;
mod posting;

use crate::helpers::{Backend, TestApp};
use orrery::config::SourceArgs;
use orrery::domain::webhook::sign;
use orrery::store::entities::{github_delivery, pr_check_job};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::{Value, json};
use std::sync::Arc;

/// The webhook secret the tests' apps use.
pub const SECRET: &str = "It's a Secret to Everybody";
pub const HEAD: &str = "1111111111111111111111111111111111111111";
pub const BASE: &str = "2222222222222222222222222222222222222222";

/// An app receiving webhooks, reading GitHub at `github_url` (none: no GitHub access).
pub async fn spawn(backend: Backend, github_url: Option<&str>) -> TestApp {
    let sources = SourceArgs {
        github_api_url: github_url.unwrap_or("http://127.0.0.1:9").to_owned(),
        github_token: github_url.map(|_| "test-token".to_owned()),
        github_webhook_secret: Some(SECRET.to_owned()),
        ..SourceArgs::default()
    };
    TestApp::spawn_configured(
        backend,
        sources,
        &|_| {},
        Arc::new(orrery::services::SystemClock),
    )
    .await
}

/// Sends a delivery signed with `secret`.
pub async fn deliver_signed(
    app: &TestApp,
    event: &str,
    delivery: &str,
    body: &[u8],
    secret: &str,
) -> reqwest::Response {
    app.client
        .post(format!("{}/webhooks/github", app.base))
        .header("x-github-event", event)
        .header("x-github-delivery", delivery)
        .header("x-hub-signature-256", sign(secret.as_bytes(), body))
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .expect("delivered")
}

/// Sends a delivery signed with [`SECRET`].
pub async fn deliver(
    app: &TestApp,
    event: &str,
    delivery: &str,
    body: &Value,
) -> reqwest::Response {
    deliver_signed(app, event, delivery, body.to_string().as_bytes(), SECRET).await
}

/// A `pull_request` payload for `owner/name` at [`BASE`] → `head`.
pub fn pull_request(action: &str, repo: &str, head: &str) -> Value {
    let (owner, name) = repo.split_once('/').unwrap();
    json!({
        "action": action, "number": 12,
        "pull_request": {"number": 12, "draft": false,
                         "head": {"ref": "change", "sha": head},
                         "base": {"ref": "main", "sha": BASE}},
        "repository": {"name": name, "full_name": repo, "owner": {"login": owner},
                       "default_branch": "main"},
        "installation": {"id": 77}
    })
}

/// Every queued job, oldest first.
pub async fn jobs(app: &TestApp) -> Vec<pr_check_job::Model> {
    pr_check_job::Entity::find()
        .order_by_asc(pr_check_job::Column::Id)
        .all(app.services.db.conn())
        .await
        .unwrap()
}

/// Every recorded delivery.
pub async fn deliveries(app: &TestApp) -> Vec<github_delivery::Model> {
    github_delivery::Entity::find()
        .all(app.services.db.conn())
        .await
        .unwrap()
}

/// Waits until every queued job has finished, and returns them.
pub async fn settled(app: &TestApp) -> Vec<pr_check_job::Model> {
    for _ in 0..300 {
        let all = jobs(app).await;
        if all.iter().all(|j| j.finished_at.is_some()) {
            return all;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("jobs did not finish: {:#?}", jobs(app).await);
}

/// Registers team `payments` and a tier-2 service `slug` whose repository is `repo`.
pub async fn service_on(app: &TestApp, slug: &str, repo: &str) {
    app.ok(
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    app.ok(
        "mutation($s: String!, $r: String!) { createService(input: {slug: $s, name: \"Svc\",
            teamSlug: \"payments\", tier: TIER2, repository: $r}) { slug } }",
        json!({"s": slug, "r": repo}),
    )
    .await;
}
