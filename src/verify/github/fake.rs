//! A fake GitHub REST API on wiremock, shaped like the real routes: repository metadata and
//! branches (with ETags and `304`s), recursive git trees, base64 blobs, branch protection
//! (with ETags and `304`s).

use super::{GitHub, GitHubAuth, GitHubConfig, RetryPolicy};
use crate::domain::template::{Template, TemplateSchema};
use crate::verify::CheckResult;
use crate::verify::repo::{RepoSource, is_repo_check, run_repo_check};
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wiremock::matchers::{any, header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

pub const OWNER: &str = "acme";
pub const NAME: &str = "orders";
pub const TOKEN: &str = "test-token";
/// The ETag the fake sends with repository metadata.
pub const REPO_ETAG: &str = "\"repo-v1\"";

/// A file of a fake repository: path and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Short retries and rate-limit waits, so tests run fast.
pub fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_rate_limit_wait: Duration::from_secs(5),
    }
}

/// A connection to the fake with a token.
pub fn github(server: &MockServer) -> GitHub {
    let config = GitHubConfig {
        api_url: server.uri(),
        auth: GitHubAuth::Token(TOKEN.to_owned()),
        request_timeout: Duration::from_secs(10),
    };
    GitHub::with_policy(config, policy()).expect("client")
}

pub fn fixture_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repos")
        .join(name)
}

/// Every file under a fixture directory, by `/`-separated path.
pub fn fixture_files(name: &str) -> Files {
    fn walk(root: &Path, dir: &Path, out: &mut Files) {
        for entry in std::fs::read_dir(dir).expect("fixture dir") {
            let entry = entry.expect("entry");
            let full = entry.path();
            if full.is_dir() {
                walk(root, &full, out);
            } else {
                let rel = full.strip_prefix(root).expect("under root");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&full).expect("read fixture")));
            }
        }
    }
    let root = fixture_dir(name);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    files
}

/// A stable 40-hex-digit name for `data` (the fake's stand-in for git object names).
pub fn sha(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    digest.iter().take(20).map(|b| format!("{b:02x}")).collect()
}

/// A mock for `GET path` that requires the token.
pub fn get(route: &str) -> MockBuilder {
    Mock::given(method("GET"))
        .and(path(route.to_owned()))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
}

pub fn repo_path(rest: &str) -> String {
    format!("/repos/{OWNER}/{NAME}{rest}")
}

/// Unmatched requests get GitHub's 404 body, so failures read clearly.
pub async fn mount_fallback(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found (no fake route)",
            "documentation_url": "https://docs.github.com/rest"
        })))
        .with_priority(10)
        .mount(server)
        .await;
}

/// Repository metadata with default branch `main`; a request carrying the ETag gets a `304`.
pub async fn mount_repo(server: &MockServer) {
    get(&repo_path(""))
        .and(header("if-none-match", REPO_ETAG))
        .respond_with(ResponseTemplate::new(304).insert_header("etag", REPO_ETAG))
        .with_priority(2)
        .mount(server)
        .await;
    let body = json!({
        "id": 1296269, "node_id": "R_1", "name": NAME, "full_name": format!("{OWNER}/{NAME}"),
        "private": true, "default_branch": "main",
        "url": format!("https://api.github.com/repos/{OWNER}/{NAME}"),
    });
    get(&repo_path(""))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("etag", REPO_ETAG),
        )
        .mount(server)
        .await;
}

/// Branch `branch` at `commit`, conditional like GitHub. To move the branch, mount it again
/// with a smaller `priority` (which wins in wiremock). Scoped mocks are not used: wiremock
/// 0.6.5 sorts its mocks by priority in place, so dropping a `MockGuard` can switch off
/// another mock when priorities differ.
pub async fn mount_branch(server: &MockServer, branch: &str, commit: &str, priority: u8) {
    let route = repo_path(&format!("/branches/{branch}"));
    let etag = format!("\"branch-{commit}\"");
    get(&route)
        .and(header("if-none-match", etag.as_str()))
        .respond_with(ResponseTemplate::new(304).insert_header("etag", etag.as_str()))
        .with_priority(priority)
        .mount(server)
        .await;
    let body = json!({
        "name": branch,
        "commit": { "sha": commit, "url": "https://api.github.com/commit" },
        "protected": true,
    });
    get(&route)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("etag", etag.as_str()),
        )
        .with_priority(priority.saturating_add(1))
        .mount(server)
        .await;
}

/// The recursive tree of `commit`, expected to be fetched `times` times.
pub async fn mount_tree(server: &MockServer, commit: &str, files: &Files, times: u64) {
    let entries: Vec<Value> = files
        .iter()
        .map(|(p, bytes)| {
            json!({ "path": p, "mode": "100644", "type": "blob", "sha": sha(bytes),
                    "size": bytes.len(), "url": "https://api.github.com/blob" })
        })
        .chain(std::iter::once(
            json!({ "path": "deploy", "mode": "040000", "type": "tree", "sha": sha(b"dir") }),
        ))
        .collect();
    get(&repo_path(&format!("/git/trees/{commit}")))
        .and(query_param("recursive", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "sha": sha(commit.as_bytes()), "url": "https://api.github.com/tree",
            "tree": entries, "truncated": false,
        })))
        .expect(times)
        .mount(server)
        .await;
}

/// A blob as GitHub sends it: base64 in lines of 60 characters.
pub fn blob_body(bytes: &[u8]) -> Value {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(60)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    json!({ "sha": sha(bytes), "node_id": "B_1", "size": bytes.len(),
            "url": "https://api.github.com/blob", "content": lines.join("\n") + "\n",
            "encoding": "base64" })
}

/// Every blob of `files`, each fetched at most once (they are cached by SHA).
pub async fn mount_blobs(server: &MockServer, files: &Files) {
    for (_, bytes) in files {
        get(&repo_path(&format!("/git/blobs/{}", sha(bytes))))
            .respond_with(ResponseTemplate::new(200).set_body_json(blob_body(bytes)))
            .expect(..=1)
            .mount(server)
            .await;
    }
}

/// The ETag [`mount_conditional`] sends with `body`.
pub fn etag_of(body: &Value) -> String {
    format!("\"{}\"", sha(body.to_string().as_bytes()))
}

/// `GET route` answering `body` with an ETag derived from it, and `304` to a request that
/// carries that ETag, like GitHub.
pub async fn mount_conditional(server: &MockServer, route: &str, body: Value) {
    let etag = etag_of(&body);
    get(route)
        .and(header("if-none-match", etag.as_str()))
        .respond_with(ResponseTemplate::new(304).insert_header("etag", etag.as_str()))
        .with_priority(4)
        .mount(server)
        .await;
    get(route)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("etag", etag.as_str()),
        )
        .mount(server)
        .await;
}

/// Protection of `branch`: classic (`None`: not protected) and ruleset rules, conditional
/// (GitHub sends no ETag with the `404` of an unprotected branch).
pub async fn mount_protection(
    server: &MockServer,
    branch: &str,
    classic: Option<Value>,
    rules: Value,
) {
    let route = repo_path(&format!("/branches/{branch}/protection"));
    match classic {
        Some(body) => mount_conditional(server, &route, body).await,
        None => {
            get(&route)
                .respond_with(ResponseTemplate::new(404).set_body_json(json!({
                    "message": "Branch not protected",
                    "documentation_url": "https://docs.github.com/rest/branches/branch-protection",
                    "status": "404"
                })))
                .mount(server)
                .await
        }
    }
    mount_conditional(
        server,
        &repo_path(&format!("/rules/branches/{branch}")),
        rules,
    )
    .await;
}

/// Classic protection requiring `reviews` approvals and the status checks `checks`.
pub fn classic(reviews: u32, checks: &[&str]) -> Value {
    json!({
        "url": "https://api.github.com/protection",
        "required_pull_request_reviews": {
            "dismiss_stale_reviews": false, "require_code_owner_reviews": false,
            "required_approving_review_count": reviews,
        },
        "required_status_checks": {
            "strict": true, "contexts": checks,
            "checks": checks.iter().map(|c| json!({ "context": c, "app_id": null })).collect::<Vec<_>>(),
        },
        "enforce_admins": { "enabled": false },
    })
}

/// Priority of the first branch mocks; failures injected by tests use 1.
pub const BRANCH_PRIORITY: u8 = 3;

/// A fake serving `files` at `commit` on `main`: metadata, branch, tree (fetched once), blobs.
pub async fn serve(server: &MockServer, commit: &str, files: &Files) {
    mount_fallback(server).await;
    mount_repo(server).await;
    mount_tree(server, commit, files, 1).await;
    mount_blobs(server, files).await;
    mount_branch(server, "main", commit, BRANCH_PRIORITY).await;
}

/// The shipped template.
pub fn template() -> Template {
    let schema = TemplateSchema::compile(include_str!("../../../checklists/schema.json"))
        .expect("schema compiles");
    schema
        .parse(
            "orr-standard.yaml",
            include_str!("../../../checklists/orr-standard.yaml"),
        )
        .expect("shipped template parses")
}

/// Every repository check of the shipped template against `source`, keyed by item.
pub async fn run_all(source: &dyn RepoSource) -> BTreeMap<String, CheckResult> {
    let mut results = BTreeMap::new();
    for (_, item) in template().items() {
        if let Some(spec) = item.check.as_ref().filter(|s| is_repo_check(s)) {
            results.insert(item.key.clone(), run_repo_check(spec, source).await);
        }
    }
    results
}
