//! Check-run writes and fixed-commit reads on the wiremock GitHub: a POST is sent once, a
//! PATCH is retried, annotations go 50 per request, and a pinned commit is listed without
//! asking for the default branch.

use super::checks::{ANNOTATIONS_PER_REQUEST, CheckAnnotation, CheckRunResult};
use super::fake::*;
use crate::verify::repo::RepoSource;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HEAD: &str = "0123456789abcdef0123456789abcdef01234567";

fn write(verb: &str, route: &str) -> wiremock::MockBuilder {
    Mock::given(method(verb))
        .and(path(route.to_owned()))
        .and(wiremock::matchers::header(
            "authorization",
            format!("Bearer {TOKEN}").as_str(),
        ))
}

fn result(annotations: usize) -> CheckRunResult {
    CheckRunResult {
        conclusion: "failure",
        completed_at: chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap(),
        title: "Readiness 80 → 70: 1 blocker broken".into(),
        summary: "## Summary".into(),
        annotations: (0..annotations)
            .map(|i| CheckAnnotation {
                path: format!("deploy/f{i}.yaml"),
                start_line: 0,
                end_line: 0,
                level: "warning",
                title: format!("item {i}"),
                message: "fix it".into(),
            })
            .collect(),
    }
}

async fn bodies(server: &MockServer, verb: &str) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == verb)
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

#[tokio::test]
async fn create_posts_once_and_reports_a_failure_as_transient() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    write("POST", &repo_path("/check-runs"))
        .and(body_partial_json(
            json!({"name": "Orrery readiness: orders",
            "head_sha": HEAD, "status": "in_progress", "external_id": "service:7"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 99, "name": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    let runs = github(&server).check_runs(OWNER, NAME);
    let started = chrono::Utc::now();
    let id = runs
        .create(
            "Orrery readiness: orders",
            HEAD,
            Some("https://o/s"),
            "service:7",
            started,
        )
        .await
        .expect("created");
    assert_eq!(id, 99);

    let failing = MockServer::start().await;
    write("POST", &repo_path("/check-runs"))
        .respond_with(ResponseTemplate::new(502).set_body_json(json!({"message": "Bad gateway"})))
        .expect(1)
        .mount(&failing)
        .await;
    let e = github(&failing)
        .check_runs(OWNER, NAME)
        .create("n", HEAD, None, "service:7", started)
        .await
        .unwrap_err();
    assert!(e.transient && e.message.contains("502"), "{e}");

    let refused = MockServer::start().await;
    write("POST", &repo_path("/check-runs"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"message": "Resource not accessible by integration"})),
        )
        .expect(1)
        .mount(&refused)
        .await;
    let e = github(&refused)
        .check_runs(OWNER, NAME)
        .create("n", HEAD, None, "service:7", started)
        .await
        .unwrap_err();
    assert!(!e.transient && e.message.contains("Checks: write"), "{e}");
}

#[tokio::test]
async fn completing_sends_fifty_annotations_per_request_and_retries_patches() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    let route = repo_path("/check-runs/99");
    write("PATCH", &route)
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "oops"})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    write("PATCH", &route)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 99})))
        .expect(3)
        .mount(&server)
        .await;
    let runs = github(&server).check_runs(OWNER, NAME);
    runs.complete(99, &result(120)).await.expect("completed");
    let sent = bodies(&server, "PATCH").await;
    assert_eq!(sent.len(), 4, "one retried PATCH, then three");
    let counts: Vec<usize> = sent[1..]
        .iter()
        .map(|b| b["output"]["annotations"].as_array().unwrap().len())
        .collect();
    assert_eq!(
        counts,
        [ANNOTATIONS_PER_REQUEST, ANNOTATIONS_PER_REQUEST, 20]
    );
    assert_eq!(sent[1]["conclusion"], "failure");
    assert_eq!(sent[1]["status"], "completed");
    assert_eq!(sent[1]["completed_at"], "2026-11-30T00:53:20Z");
    assert!(sent[2].get("conclusion").is_none());
    assert_eq!(sent[3]["output"]["title"], sent[1]["output"]["title"]);
    let first = &sent[1]["output"]["annotations"][0];
    assert_eq!(
        (first["start_line"].as_u64(), first["end_line"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(first["annotation_level"], "warning");
}

#[tokio::test]
async fn find_picks_the_newest_run_of_that_name() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    get(&repo_path(&format!("/commits/{HEAD}/check-runs")))
        .and(query_param("check_name", "Orrery readiness: orders"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total_count": 2,
            "check_runs": [{"id": 5, "name": "Orrery readiness: orders"},
                           {"id": 8, "name": "Orrery readiness: orders"}]})),
        )
        .mount(&server)
        .await;
    let runs = github(&server).check_runs(OWNER, NAME);
    let found = runs.find(HEAD, "Orrery readiness: orders").await.unwrap();
    assert_eq!(found, Some(8));
}

#[tokio::test]
async fn a_pinned_commit_is_listed_without_the_default_branch_and_cached() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    let files: Files = vec![("README.md".into(), b"# orders\n".to_vec())];
    mount_tree(&server, HEAD, &files, 1).await;
    mount_blobs(&server, &files).await;
    let gh = github(&server);
    for _ in 0..2 {
        let repo = gh.repo_at(OWNER, NAME, HEAD);
        let tree = repo.tree().await.expect("listed");
        assert_eq!(tree.commit.as_deref(), Some(HEAD));
        let text = repo.read(&tree, "README.md").await.expect("read");
        assert_eq!(&*text, "# orders\n");
    }
    let refused = gh.repo_at(OWNER, NAME, "main").tree().await.unwrap_err();
    assert!(refused.message.contains("not a commit SHA"), "{refused}");
    let asked: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert!(
        !asked
            .iter()
            .any(|p| p.ends_with("/orders") || p.contains("/branches/")),
        "{asked:?}"
    );
}
