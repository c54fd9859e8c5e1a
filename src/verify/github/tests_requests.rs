//! How many requests a verification run makes: every fact once per run (failures too), and a
//! warm run (the ETag cache filled by an earlier one) only conditional requests.

use super::fake::*;
use crate::verify::CheckOutcome;
use crate::verify::repo::RepoSource;
use serde_json::json;
use std::collections::BTreeMap;
use wiremock::{MockServer, ResponseTemplate};

/// `(path, If-None-Match)` of every request the fake received after the first `skip`.
async fn requests_since(server: &MockServer, skip: usize) -> Vec<(String, Option<String>)> {
    let received = server.received_requests().await.unwrap_or_default();
    received
        .iter()
        .skip(skip)
        .map(|r| {
            let tag = r.headers.get("if-none-match").and_then(|v| v.to_str().ok());
            (r.url.path().to_owned(), tag.map(str::to_owned))
        })
        .collect()
}

fn count(requests: &[(String, Option<String>)]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for (path, _) in requests {
        *counts.entry(path.as_str()).or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn a_run_asks_for_each_fact_once_and_a_warm_run_makes_four_conditional_requests() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let commit = sha(b"warm");
    serve(&server, &commit, &files).await;
    mount_protection(&server, "main", Some(classic(1, &["ci"])), json!([])).await;
    let gh = github(&server);

    // Cold: repository, branch (once, although the protection check needs its head too),
    // tree, each file read once, protection and rulesets.
    let results = run_all(&gh.repo(OWNER, NAME)).await;
    assert!(results.values().all(|r| r.outcome == CheckOutcome::Pass));
    let cold = requests_since(&server, 0).await;
    let counts = count(&cold);
    assert!(counts.values().all(|&n| n == 1), "{counts:#?}");
    let blobs = counts.keys().filter(|p| p.contains("/git/blobs/")).count();
    assert!(blobs >= 5, "the template reads files: {counts:#?}");
    assert_eq!(cold.len(), 5 + blobs, "{counts:#?}");
    for route in [
        "",
        "/branches/main",
        &format!("/git/trees/{commit}"),
        "/branches/main/protection",
        "/rules/branches/main",
    ] {
        assert_eq!(counts.get(repo_path(route).as_str()), Some(&1), "{route}");
    }

    // Warm: the next run asks whether the four mutable facts changed, each with the ETag
    // the fake answers `304 Not Modified` to; the tree and files come from the SHA-keyed
    // caches.
    let results = run_all(&gh.repo(OWNER, NAME)).await;
    assert!(results.values().all(|r| r.outcome == CheckOutcome::Pass));
    let warm = requests_since(&server, cold.len()).await;
    let expected = vec![
        (repo_path(""), Some(REPO_ETAG.to_owned())),
        (
            repo_path("/branches/main"),
            Some(format!("\"branch-{commit}\"")),
        ),
        (
            repo_path("/branches/main/protection"),
            Some(etag_of(&classic(1, &["ci"]))),
        ),
        (repo_path("/rules/branches/main"), Some(etag_of(&json!([])))),
    ];
    assert_eq!(warm, expected);
    server.verify().await;
}

#[tokio::test]
async fn a_missing_repository_costs_one_request_per_run_however_many_checks_need_it() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    let gh = github(&server);
    let results = run_all(&gh.repo(OWNER, NAME)).await;
    assert_eq!(results.len(), 30);
    for (key, r) in &results {
        assert_eq!(r.outcome, CheckOutcome::Error, "{key}");
        assert!(
            r.evidence
                .summary
                .contains("reading repository acme/orders failed"),
            "{key}: {}",
            r.evidence.summary
        );
    }
    assert_eq!(requests_since(&server, 0).await.len(), 1);
    // The failure is not kept beyond the run: the next one asks again.
    run_all(&gh.repo(OWNER, NAME)).await;
    assert_eq!(requests_since(&server, 0).await.len(), 2);
}

#[tokio::test]
async fn a_missing_branch_a_failing_file_and_unreadable_protection_are_asked_once() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    mount_repo(&server).await;
    // The default branch does not exist: one request for it, then nothing else.
    let results = run_all(&github(&server).repo(OWNER, NAME)).await;
    assert!(results.values().all(|r| r.outcome == CheckOutcome::Error));
    let requests = requests_since(&server, 0).await;
    assert_eq!(
        count(&requests),
        BTreeMap::from([
            (repo_path("").as_str(), 1),
            (repo_path("/branches/main").as_str(), 1)
        ])
    );

    // A file whose blob keeps failing is read once (three attempts) however often checks
    // ask; protection that may not be read is asked for once.
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    serve(&server, &sha(b"c"), &files).await;
    let (path, bytes) = files
        .iter()
        .find(|(p, _)| p == "deploy/deployment.yaml")
        .expect("a manifest");
    let blob = repo_path(&format!("/git/blobs/{}", sha(bytes)));
    get(&blob)
        .respond_with(ResponseTemplate::new(502))
        .with_priority(1)
        .expect(3)
        .mount(&server)
        .await;
    let protection = repo_path("/branches/main/protection");
    get(&protection)
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "Forbidden"})))
        .expect(1)
        .mount(&server)
        .await;
    let repo = github(&server).repo(OWNER, NAME);
    let results = run_all(&repo).await;
    let tree = repo.tree().await.expect("tree");
    let e = repo.read(&tree, path).await.expect_err("remembered");
    assert!(e.message.contains("502"), "{e}");
    let errored: Vec<&String> = results
        .iter()
        .filter(|(_, r)| r.outcome == CheckOutcome::Error)
        .map(|(k, _)| k)
        .collect();
    assert!(
        errored.len() >= 3,
        "checks reading {path} and the protection check are errors: {errored:?}"
    );
    for again in 0..2 {
        let p = repo.branch_protection(None).await.expect_err("403");
        assert!(p.message.contains("403"), "{again}: {p}");
    }
    let requests = requests_since(&server, 0).await;
    let counts = count(&requests);
    assert_eq!(counts[blob.as_str()], 3, "one lookup: three attempts");
    assert_eq!(counts[protection.as_str()], 1);
    assert!(
        counts.values().all(|&n| n == 1 || n == 3),
        "nothing else twice: {counts:#?}"
    );
    server.verify().await;
}
