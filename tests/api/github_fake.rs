//! A GitHub REST fake for end-to-end verification: any number of repositories, each served
//! from a fixture directory (or one set of files for every name), shaped like the real API:
//! repository metadata and branches with ETags (`304` on `If-None-Match`), recursive git
//! trees, base64 blobs in 60-character lines, classic branch protection and rulesets, and
//! rate-limit headers. Branch protection and rulesets are conditional too. Commit SHAs derive
//! from the repository name and content, so caches never share a tree between repositories.
//! Latency can be injected per response; [`Answers`] records what the fake answered.

// Shared with the verification benchmark; each user needs only some of it.
#![allow(dead_code)]

use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Files of a repository: path and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// The first 40 hex digits of SHA-256, standing in for a git SHA-1.
pub fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))[..40].to_owned()
}

/// Every file under `dir`, with `/`-separated relative paths.
pub fn load_dir(dir: &Path) -> Files {
    fn walk(root: &Path, dir: &Path, out: &mut Files) {
        for entry in std::fs::read_dir(dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).expect("fixture file")));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

struct Repo {
    files: Files,
    blobs: HashMap<String, usize>,
}

impl Repo {
    fn new(files: Files) -> Self {
        let blobs = files
            .iter()
            .enumerate()
            .map(|(i, (_, b))| (sha(b), i))
            .collect();
        Self { files, blobs }
    }
}

/// Every answer a fake gave, in order: the request's path and the status answered.
#[derive(Clone, Default)]
pub struct Answers(Arc<Mutex<Vec<(String, u16)>>>);

impl Answers {
    /// Answers so far.
    pub fn all(&self) -> Vec<(String, u16)> {
        self.0.lock().unwrap().clone()
    }

    /// Number of answers so far.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// Answers after the first `n`.
    pub fn since(&self, n: usize) -> Vec<(String, u16)> {
        self.all().split_off(n)
    }
}

/// Builder and responder of the fake.
pub struct FakeGitHub {
    repos: HashMap<String, Repo>,
    any: Option<Repo>,
    reviews: u32,
    latency: Duration,
    answers: Answers,
}

impl Default for FakeGitHub {
    fn default() -> Self {
        Self {
            repos: HashMap::new(),
            any: None,
            reviews: 2,
            latency: Duration::ZERO,
            answers: Answers::default(),
        }
    }
}

impl FakeGitHub {
    /// Serves `files` as `full_name` (`owner/name`).
    pub fn repo(mut self, full_name: &str, files: Files) -> Self {
        self.repos.insert(full_name.to_owned(), Repo::new(files));
        self
    }

    /// Serves `files` for every repository not added with [`Self::repo`].
    pub fn any_repo(mut self, files: Files) -> Self {
        self.any = Some(Repo::new(files));
        self
    }

    /// Approving reviews classic protection requires on every default branch.
    pub fn required_reviews(mut self, reviews: u32) -> Self {
        self.reviews = reviews;
        self
    }

    /// Delays every response, like a remote API.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// What the fake answers, recorded as it answers (take it before [`Self::start`]).
    pub fn answers(&self) -> Answers {
        self.answers.clone()
    }

    /// Starts a server answering every GET like GitHub.
    pub async fn start(self) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(self)
            .mount(&server)
            .await;
        server
    }

    /// The status and response for `req`.
    fn answer(&self, req: &Request) -> (u16, ResponseTemplate) {
        let parts: Vec<&str> = req.url.path().trim_start_matches('/').split('/').collect();
        let not_found = || {
            let body = json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"});
            (404, ResponseTemplate::new(404).set_body_json(body))
        };
        if parts.len() < 3 || parts[0] != "repos" {
            return not_found();
        }
        let full = format!("{}/{}", parts[1], parts[2]);
        let Some(repo) = self.repos.get(&full).or(self.any.as_ref()) else {
            return not_found();
        };
        let mut content = full.clone().into_bytes();
        for (p, b) in &repo.files {
            content.extend_from_slice(p.as_bytes());
            content.extend_from_slice(b);
        }
        let commit = sha(&content);
        let etag = format!("\"{commit}\"");
        let conditional = req
            .headers
            .get("if-none-match")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == etag);
        let body: Value = match &parts[3..] {
            [] | ["branches", ..] | ["rules", "branches", _] if conditional => {
                let not_modified = ResponseTemplate::new(304).insert_header("etag", etag.as_str());
                return (304, not_modified);
            }
            [] => {
                json!({"name": parts[2], "full_name": full, "private": true, "default_branch": "main"})
            }
            ["branches", branch] => {
                json!({"name": branch, "commit": {"sha": commit}, "protected": self.reviews > 0})
            }
            ["git", "trees", _] => json!({
                "sha": commit, "truncated": false,
                "tree": repo.files.iter().map(|(p, b)| json!({
                    "path": p, "mode": "100644", "type": "blob", "sha": sha(b), "size": b.len()
                })).collect::<Vec<_>>(),
            }),
            ["git", "blobs", blob] => {
                let Some(&i) = repo.blobs.get(*blob) else {
                    return not_found();
                };
                let bytes = &repo.files[i].1;
                let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
                let lines: Vec<&str> = encoded
                    .as_bytes()
                    .chunks(60)
                    .map(|c| std::str::from_utf8(c).unwrap_or_default())
                    .collect();
                json!({"sha": blob, "size": bytes.len(), "encoding": "base64",
                       "content": lines.join("\n") + "\n"})
            }
            ["branches", _, "protection"] if self.reviews == 0 => {
                let body = json!({"message": "Branch not protected"});
                return (404, ResponseTemplate::new(404).set_body_json(body));
            }
            ["branches", _, "protection"] => json!({
                "required_pull_request_reviews": {"required_approving_review_count": self.reviews},
                "required_status_checks": {"strict": true, "contexts": ["ci"], "checks": [{"context": "ci"}]},
                "enforce_admins": {"enabled": true},
            }),
            ["rules", "branches", _] => json!([]),
            _ => return not_found(),
        };
        let ok = ResponseTemplate::new(200)
            .insert_header("etag", etag.as_str())
            .insert_header("x-ratelimit-limit", "5000")
            .insert_header("x-ratelimit-remaining", "4990")
            .insert_header("x-ratelimit-reset", "4102444800")
            .set_body_json(body);
        (200, ok)
    }
}

impl Respond for FakeGitHub {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let (status, response) = self.answer(req);
        let answered = (req.url.path().to_owned(), status);
        self.answers.0.lock().unwrap().push(answered);
        response.set_delay(self.latency)
    }
}
