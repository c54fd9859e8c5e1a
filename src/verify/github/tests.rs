//! The GitHub source against a wiremock GitHub: the shipped template gives the same outcomes
//! as a local checkout, trees are fetched once per commit, configuration errors are clear.

use super::fake::*;
use super::{GitHub, GitHubAuth, GitHubConfig, GitHubRepo};
use crate::verify::CheckOutcome;
use crate::verify::repo::{LocalRepo, RepoSource};
use serde_json::json;
use std::time::Duration;
use wiremock::MockServer;

#[tokio::test]
async fn shipped_template_gives_the_same_outcomes_as_a_local_checkout() {
    for (fixture, protected) in [("well-prepared", true), ("neglected", false)] {
        let server = MockServer::start().await;
        let files = fixture_files(fixture);
        let commit = sha(fixture.as_bytes());
        serve(&server, &commit, &files).await;
        let classic = protected.then(|| classic(1, &["ci"]));
        mount_protection(&server, "main", classic, json!([])).await;

        let remote = run_all(&github(&server).repo(OWNER, NAME)).await;
        let local = run_all(&LocalRepo::new(fixture_dir(fixture))).await;
        assert_eq!(remote.len(), 30, "{fixture}");
        assert!(remote.keys().eq(local.keys()), "{fixture}");
        for (key, here) in &local {
            let there = &remote[key];
            assert_eq!(
                there.evidence.commit.as_deref(),
                Some(commit.as_str()),
                "{fixture} {key}: {}",
                there.evidence.summary
            );
            if key == "change_management.code_review" {
                assert_eq!(here.outcome, CheckOutcome::NotApplicable);
                let expected = if protected {
                    CheckOutcome::Pass
                } else {
                    CheckOutcome::Fail
                };
                assert_eq!(there.outcome, expected, "{}", there.evidence.summary);
                continue;
            }
            assert_eq!(there.outcome, here.outcome, "{fixture} {key}");
            assert_eq!(there.evidence.summary, here.evidence.summary, "{key}");
            assert_eq!(there.evidence.path, here.evidence.path, "{key}");
            assert_eq!(there.evidence.line, here.evidence.line, "{key}");
            assert_eq!(there.evidence.observed, here.evidence.observed, "{key}");
        }
        server.verify().await;
    }
}

#[tokio::test]
async fn the_tree_is_fetched_once_per_commit_and_again_after_the_head_moves() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    let first = sha(b"first");
    serve(&server, &first, &files).await;
    mount_protection(&server, "main", Some(classic(1, &["ci"])), json!([])).await;
    let gh = github(&server);

    for _ in 0..2 {
        // Two verifications, many checks each: one tree request (expect(1) in `serve`).
        let results = run_all(&gh.repo(OWNER, NAME)).await;
        assert!(results.values().all(|r| r.outcome == CheckOutcome::Pass));
        assert!(
            results
                .values()
                .all(|r| r.evidence.commit.as_deref() == Some(first.as_str()))
        );
    }

    let second = sha(b"second");
    let mut moved: Files = files
        .iter()
        .filter(|(p, _)| p != "README.md")
        .cloned()
        .collect();
    let new_file: Files = vec![("docs/new.md".into(), b"# New\n".to_vec())];
    mount_blobs(&server, &new_file).await;
    moved.extend(new_file);
    mount_tree(&server, &second, &moved, 1).await;
    mount_branch(&server, "main", &second, BRANCH_PRIORITY - 2).await;

    let repo = gh.repo(OWNER, NAME);
    let results = run_all(&repo).await;
    let readme = &results["ownership.readme"];
    assert_eq!(readme.outcome, CheckOutcome::Fail, "README.md was removed");
    assert_eq!(readme.evidence.commit.as_deref(), Some(second.as_str()));
    let tree = repo.tree().await.expect("tree");
    assert_eq!(tree.commit.as_deref(), Some(second.as_str()));
    assert!(tree.file("docs/new.md").is_some() && tree.file("README.md").is_none());
    assert_eq!(
        &*repo.read(&tree, "docs/new.md").await.expect("read"),
        "# New\n"
    );
    server.verify().await;
}

#[tokio::test]
async fn files_are_decoded_and_sized_like_the_checkout() {
    let server = MockServer::start().await;
    let files = fixture_files("well-prepared");
    serve(&server, &sha(b"c"), &files).await;
    let repo = github(&server).repo(OWNER, NAME);
    let tree = repo.tree().await.expect("tree");
    assert_eq!(
        tree.files.len(),
        files.len(),
        "the `deploy` tree entry is no file"
    );
    assert!(!tree.truncated);
    for (path, bytes) in &files {
        assert_eq!(tree.file(path).map(|f| f.size), Some(bytes.len() as u64));
    }
    let codeowners = repo.read(&tree, ".github/CODEOWNERS").await.expect("read");
    let expected = std::fs::read_to_string(fixture_dir("well-prepared").join(".github/CODEOWNERS"));
    assert_eq!(&*codeowners, expected.expect("fixture").as_str());
    let missing = repo.read(&tree, "nope.txt").await.expect_err("not listed");
    assert!(
        missing.message.contains("nope.txt is not in acme/orders"),
        "{missing}"
    );
}

#[tokio::test]
async fn a_truncated_listing_is_marked_and_links_and_submodules_are_no_files() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    mount_repo(&server).await;
    let commit = sha(b"big");
    mount_branch(&server, "main", &commit, BRANCH_PRIORITY).await;
    let entries = json!([
        { "path": "README.md", "mode": "100644", "type": "blob", "sha": sha(b"r"), "size": 9 },
        { "path": "link.md", "mode": "120000", "type": "blob", "sha": sha(b"l"), "size": 9 },
        { "path": "vendor/lib", "mode": "160000", "type": "commit", "sha": sha(b"s") },
    ]);
    get(&repo_path(&format!("/git/trees/{commit}")))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({
            "sha": sha(b"t"), "url": "https://api.github.com/tree",
            "tree": entries, "truncated": true,
        })))
        .expect(1)
        .mount(&server)
        .await;
    let repo = github(&server).repo(OWNER, NAME);
    // Checks running at once share one listing.
    let trees = futures_util::future::join_all((0..6).map(|_| repo.tree())).await;
    for tree in trees {
        let tree = tree.expect("tree");
        assert!(tree.truncated);
        let paths: Vec<&str> = tree.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["README.md"]);
    }
    let r = crate::verify::repo::run_repo_check(
        &serde_saphyr::from_str("kind: repo.file_exists\npaths: [RUNBOOK.md]").expect("spec"),
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("listing stopped at 1 files"),
        "{}",
        r.evidence.summary
    );
    server.verify().await;
}

#[tokio::test]
async fn a_missing_repository_or_a_bad_name_is_an_error_naming_it() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    let gh = github(&server);
    let e = gh.repo("acme", "gone").tree().await.expect_err("404");
    assert!(
        e.message.contains("reading repository acme/gone failed"),
        "{e}"
    );
    assert!(e.message.contains("404"), "{e}");
    let r = crate::verify::repo::run_repo_check(
        &serde_saphyr::from_str("kind: repo.file_exists\npaths: [README.md]").expect("spec"),
        &gh.repo("acme", "gone"),
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error, "never a pass or a fail");
    let e = gh.repo("acme", "../x").tree().await.expect_err("bad name");
    assert!(
        e.message
            .contains("`acme/../x` is not a GitHub repository name"),
        "{e}"
    );
    assert!(server.received_requests().await.unwrap_or_default().len() == 2);
}

#[tokio::test]
async fn an_unreachable_api_is_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let config = GitHubConfig {
        api_url: format!("http://127.0.0.1:{port}"),
        auth: GitHubAuth::Token(TOKEN.into()),
        request_timeout: Duration::from_secs(5),
    };
    let gh = GitHub::with_policy(config, policy()).expect("client");
    let e = gh.repo(OWNER, NAME).tree().await.expect_err("unreachable");
    assert!(
        e.message.contains("reading repository acme/orders failed"),
        "{e}"
    );
    assert!(e.message.contains("3 attempts"), "{e}");
}

#[tokio::test]
async fn configuration_errors_are_clear_and_debug_output_hides_secrets() {
    let pem = include_str!("test_app_key.pem");
    let app = GitHubConfig::new(GitHubAuth::App {
        app_id: 7,
        private_key_pem: pem.to_owned(),
    });
    let token = GitHubConfig::new(GitHubAuth::Token("ghp_supersecret".into()));
    for shown in [format!("{app:?}"), format!("{token:?}")] {
        assert!(
            !shown.contains("supersecret") && !shown.contains("PRIVATE KEY"),
            "{shown}"
        );
    }
    assert_eq!(token.api_url, "https://api.github.com");
    GitHub::new(app).expect("the test key is a valid App key");
    let gh = GitHub::new(token).expect("valid");
    assert!(!format!("{gh:?}").contains("supersecret"));
    let source: &dyn RepoSource = &gh.repo("acme", "orders");
    assert_eq!(source.describe(), "GitHub repository acme/orders");
    assert!(source.supports_branch_protection());

    let bad_key = GitHubConfig::new(GitHubAuth::App {
        app_id: 7,
        private_key_pem: "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n".into(),
    });
    let e = GitHub::new(bad_key).expect_err("bad key");
    assert_eq!(
        e.message,
        "The private key of GitHub App 7 is not a valid PEM-encoded RSA key"
    );
    let mut bad_url = GitHubConfig::new(GitHubAuth::Token("t".into()));
    bad_url.api_url = "ftp://example.com".into();
    let e = GitHub::new(bad_url).expect_err("bad url");
    assert!(e.message.contains("`ftp://example.com` is invalid"), "{e}");
    let e = GitHub::new(GitHubConfig::new(GitHubAuth::Token(" ".into()))).expect_err("empty");
    assert!(e.message.contains("token is empty"), "{e}");
}

/// `GitHubRepo` is what the wiring needs: a `RepoSource` that can live anywhere.
#[allow(dead_code)]
fn assert_source_bounds(repo: GitHubRepo) -> Box<dyn RepoSource + Send + Sync + 'static> {
    Box::new(repo)
}
