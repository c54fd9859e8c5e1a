//! What `verifyService` costs in GitHub requests: every fact once per run (the protection
//! check reuses the branch the listing resolved), a warm run only `304`s, and a repository
//! that cannot be read one request per run however many checks need it.

use crate::dual_backend_test;
use crate::github_fake::{Answers, FakeGitHub, load_dir};
use crate::helpers::{Backend, TestApp};
use orrery::config::SourceArgs;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

dual_backend_test!(
    a_warm_run_makes_four_requests_all_not_modified,
    an_unreadable_repository_costs_one_request_per_run
);

const VERIFY: &str = "mutation($s: String!) { verifyService(slug: $s) {
    commit items { itemKey outcome summary } skipped { itemKey reason } } }";

/// An app reading GitHub from a fake serving the well-prepared fixture as `acme/checkout`,
/// and what the fake answers.
async fn app_and_fake(backend: Backend) -> (TestApp, Answers, wiremock::MockServer) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/well-prepared");
    let fake = FakeGitHub::default().repo("acme/checkout", load_dir(&fixture));
    let answers = fake.answers();
    let server = fake.start().await;
    let app = TestApp::spawn_with(
        backend,
        SourceArgs {
            github_api_url: server.uri(),
            github_token: Some("test-token".into()),
            ..SourceArgs::default()
        },
    )
    .await;
    app.seed_team("shop").await;
    (app, answers, server)
}

async fn create(app: &TestApp, slug: &str, repository: &str) {
    app.ok(
        "mutation($s: String!, $r: String!) { createService(input: {slug: $s, name: \"S\",
            teamSlug: \"shop\", tier: TIER2, repository: $r}) { slug } }",
        json!({"s": slug, "r": repository}),
    )
    .await;
}

async fn verify(app: &TestApp, slug: &str) -> Value {
    app.ok(VERIFY, json!({"s": slug})).await["verifyService"].clone()
}

fn outcomes(report: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in report["items"].as_array().unwrap() {
        *counts
            .entry(item["outcome"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    counts
}

async fn a_warm_run_makes_four_requests_all_not_modified(backend: Backend) {
    let (app, answers, _server) = app_and_fake(backend).await;
    create(&app, "checkout", "acme/checkout").await;

    let cold = verify(&app, "checkout").await;
    assert_eq!(outcomes(&cold).get("ERROR"), None, "{cold:#}");
    let cold_answers = answers.all();
    let mut seen = BTreeMap::new();
    for (path, _) in &cold_answers {
        *seen.entry(path.as_str()).or_insert(0) += 1;
    }
    assert!(
        seen.values().all(|&n| n == 1),
        "nothing asked twice in a run: {seen:#?}"
    );
    let blobs = seen.keys().filter(|p| p.contains("/git/blobs/")).count();
    // Repository, branch, tree, protection, rulesets and the files the template reads.
    assert_eq!(cold_answers.len(), 5 + blobs, "{seen:#?}");
    assert!(cold_answers.iter().all(|(_, status)| *status == 200));

    let warm = verify(&app, "checkout").await;
    assert_eq!(warm["items"], cold["items"], "same outcomes and evidence");
    let expected: Vec<(String, u16)> = [
        "",
        "/branches/main",
        "/branches/main/protection",
        "/rules/branches/main",
    ]
    .iter()
    .map(|route| (format!("/repos/acme/checkout{route}"), 304))
    .collect();
    let warm_answers = answers.since(cold_answers.len());
    assert_eq!(warm_answers, expected);
    // The issue's bound: at most 4 requests, at most 2 of them not 304.
    assert!(warm_answers.len() <= 4);
    assert!(warm_answers.iter().filter(|(_, s)| *s != 304).count() <= 2);
}

async fn an_unreadable_repository_costs_one_request_per_run(backend: Backend) {
    let (app, answers, _server) = app_and_fake(backend).await;
    create(&app, "gone", "acme/gone").await;
    for run in 1..=2 {
        let report = verify(&app, "gone").await;
        let counts = outcomes(&report);
        let errors = counts.get("ERROR").copied().unwrap_or_default();
        assert_eq!(counts.len(), 1, "every repository item errs: {counts:?}");
        assert!(errors >= 20, "{counts:?}");
        let summary = report["items"][0]["summary"].as_str().unwrap();
        assert!(
            summary.contains("reading repository acme/gone failed"),
            "{summary}"
        );
        assert_eq!(
            answers.all(),
            vec![("/repos/acme/gone".to_owned(), 404); run],
            "one request per run for {errors} checks"
        );
    }
}
