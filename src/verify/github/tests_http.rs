//! Conditional requests, rate limits and retries against the wiremock GitHub.

use super::fake::*;
use crate::verify::repo::RepoSource;
use serde_json::json;
use wiremock::matchers::header;
use wiremock::{MockServer, ResponseTemplate};

/// The `if-none-match` headers sent to `route`, in order (`None`: sent without).
async fn conditional_headers(server: &MockServer, route: &str) -> Vec<Option<String>> {
    let received = server.received_requests().await.unwrap_or_default();
    received
        .iter()
        .filter(|r| r.url.path() == route)
        .map(|r| {
            r.headers
                .get("if-none-match")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn repeated_lookups_are_conditional_and_a_304_reuses_the_earlier_answer() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let commit = sha(b"c1");
    serve(&server, &commit, &files).await;
    let gh = github(&server);
    for _ in 0..3 {
        let tree = gh.repo(OWNER, NAME).tree().await.expect("tree");
        assert_eq!(tree.commit.as_deref(), Some(commit.as_str()));
    }
    let repo_tag = Some(REPO_ETAG.to_owned());
    assert_eq!(
        conditional_headers(&server, &repo_path("")).await,
        vec![None, repo_tag.clone(), repo_tag]
    );
    let branch_tag = Some(format!("\"branch-{commit}\""));
    assert_eq!(
        conditional_headers(&server, &repo_path("/branches/main")).await,
        vec![None, branch_tag.clone(), branch_tag]
    );
    server.verify().await;
}

#[tokio::test]
async fn a_short_rate_limit_is_waited_out() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let commit = sha(b"c1");
    serve(&server, &commit, &files).await;
    let limited = json!({ "message": "API rate limit exceeded for installation ID 1." });
    get(&repo_path(""))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(&limited)
                .insert_header("retry-after", "1"),
        )
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let reset = chrono::Utc::now().timestamp() + 1;
    get(&repo_path("/branches/main"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(&limited)
                .insert_header("x-ratelimit-limit", "5000")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", reset.to_string().as_str()),
        )
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let tree = github(&server)
        .repo(OWNER, NAME)
        .tree()
        .await
        .expect("waited, then read");
    assert_eq!(tree.commit.as_deref(), Some(commit.as_str()));
    server.verify().await;
}

#[tokio::test]
async fn a_long_rate_limit_fails_at_once_naming_the_reset_time() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    let reset = chrono::Utc::now().timestamp() + 3600;
    get(&repo_path(""))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({ "message": "API rate limit exceeded" }))
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", reset.to_string().as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let e = github(&server)
        .repo(OWNER, NAME)
        .tree()
        .await
        .expect_err("limited");
    let at = chrono::DateTime::from_timestamp(reset, 0)
        .expect("time")
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(e.message.contains(&format!("resets at {at}")), "{e}");
    assert!(
        e.message
            .starts_with("reading repository acme/orders failed"),
        "{e}"
    );
    server.verify().await;
}

#[tokio::test]
async fn a_5xx_is_retried_and_a_success_is_used() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let commit = sha(b"c1");
    serve(&server, &commit, &files).await;
    get(&repo_path(&format!("/git/trees/{commit}")))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .up_to_n_times(2)
        .expect(2)
        .with_priority(1)
        .mount(&server)
        .await;
    let tree = github(&server)
        .repo(OWNER, NAME)
        .tree()
        .await
        .expect("third attempt");
    assert_eq!(tree.files.len(), files.len());
    server.verify().await;
}

#[tokio::test]
async fn a_persistent_5xx_is_an_error_and_poisons_no_cache() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let commit = sha(b"c1");
    serve(&server, &commit, &files).await;
    let gh = github(&server);
    let repo = gh.repo(OWNER, NAME);
    let tree = repo.tree().await.expect("tree");
    let readme = repo.read(&tree, "README.md").await.expect("read");

    // A file read fails for good: three attempts, then an error naming file and repository.
    let (path, bytes) = files
        .iter()
        .find(|(p, _)| p == "SECURITY.md")
        .expect("file");
    get(&repo_path(&format!("/git/blobs/{}", sha(bytes))))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({ "message": "Server Error" })),
        )
        .up_to_n_times(3)
        .expect(3)
        .with_priority(1)
        .mount(&server)
        .await;
    let e = repo.read(&tree, path).await.expect_err("500");
    assert!(
        e.message.contains("reading SECURITY.md of acme/orders"),
        "{e}"
    );
    assert!(
        e.message
            .contains("500 Internal Server Error (Server Error)"),
        "{e}"
    );
    assert!(e.message.contains("3 attempts"), "{e}");
    // The run remembers the failure (no fourth request); the next run reads the file.
    assert_eq!(repo.read(&tree, path).await.expect_err("remembered"), e);
    assert_eq!(repo.read(&tree, "README.md").await.expect("cached"), readme);
    let next = gh.repo(OWNER, NAME);
    let tree = next.tree().await.expect("tree");
    let text = next.read(&tree, path).await.expect("works again");
    assert_eq!(text.as_bytes(), bytes.as_slice());

    // The branch lookup fails in a later verification; the one after sees the right head.
    get(&repo_path("/branches/main"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(3)
        .expect(3)
        .with_priority(1)
        .mount(&server)
        .await;
    let e = gh.repo(OWNER, NAME).tree().await.expect_err("503");
    assert!(
        e.message
            .contains("reading branch main of acme/orders failed"),
        "{e}"
    );
    assert!(e.message.contains("503"), "{e}");
    let tree = gh.repo(OWNER, NAME).tree().await.expect("recovered");
    assert_eq!(tree.commit.as_deref(), Some(commit.as_str()));
    let last = server.received_requests().await.unwrap_or_default();
    let last = last
        .iter()
        .rev()
        .find(|r| r.url.path() == repo_path("/branches/main"));
    assert!(last.is_some_and(|r| r.headers.contains_key("if-none-match")));
    server.verify().await;
}

#[tokio::test]
async fn a_plain_403_is_not_retried_or_waited_on() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    get(&repo_path(""))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({ "message": "Resource not accessible by integration" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let e = github(&server)
        .repo(OWNER, NAME)
        .tree()
        .await
        .expect_err("403");
    assert!(
        e.message
            .contains("403 Forbidden (Resource not accessible by integration)"),
        "{e}"
    );
    server.verify().await;
}
