//! A GitHub fake for pull request checks: repositories served per commit (recursive trees
//! and base64 blobs, like [`crate::github_fake`]) and the check-runs API with state: a
//! `POST` creates a run with the next id, a `PATCH` updates it, and the runs of a commit can
//! be listed by name. Every request is kept for the test to inspect; latency can be injected.

// Shared with the PR check benchmark, which uses only part of it.
#![allow(dead_code)]

use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// Files of a commit: path and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// A stand-in git object name: the first 40 hex digits of SHA-256.
pub fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))[..40].to_owned()
}

/// A check run as the fake holds it.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: i64,
    pub name: String,
    pub head_sha: String,
    /// Every body sent for it: the `POST`, then each `PATCH`.
    pub bodies: Vec<Value>,
    /// When the `POST` arrived.
    pub created: Instant,
    /// When the last `PATCH` arrived.
    pub updated: Instant,
}

#[derive(Default)]
struct State {
    runs: Vec<Run>,
    next_id: i64,
}

/// Builder and responder.
#[derive(Clone, Default)]
pub struct FakeChecks {
    /// Files by commit SHA (any repository).
    commits: Arc<HashMap<String, Files>>,
    /// Files of every other commit.
    any: Option<Arc<Files>>,
    blobs: Arc<HashMap<String, Vec<u8>>>,
    state: Arc<Mutex<State>>,
    latency: Duration,
}

impl FakeChecks {
    /// Serves `files` at each commit of `commits`.
    pub fn new(commits: Vec<(String, Files)>) -> Self {
        let blobs = commits
            .iter()
            .flat_map(|(_, files)| files.iter().map(|(_, b)| (sha(b), b.clone())))
            .collect();
        Self {
            commits: Arc::new(commits.into_iter().collect()),
            blobs: Arc::new(blobs),
            state: Arc::new(Mutex::new(State {
                runs: Vec::new(),
                next_id: 1000,
            })),
            latency: Duration::ZERO,
            any: None,
        }
    }

    /// Serves `files` at every commit not given to [`Self::new`].
    pub fn any_commit(mut self, files: Files) -> Self {
        let mut blobs = (*self.blobs).clone();
        blobs.extend(files.iter().map(|(_, b)| (sha(b), b.clone())));
        self.blobs = Arc::new(blobs);
        self.any = Some(Arc::new(files));
        self
    }

    /// Delays every answer.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Starts the server; the returned handle reads the runs.
    pub async fn start(self) -> (MockServer, Self) {
        let server = MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(self.clone())
            .mount(&server)
            .await;
        (server, self)
    }

    /// The runs created so far, oldest first.
    pub fn runs(&self) -> Vec<Run> {
        self.state.lock().unwrap().runs.clone()
    }

    fn answer(&self, req: &Request) -> ResponseTemplate {
        let parts: Vec<&str> = req.url.path().trim_start_matches('/').split('/').collect();
        let not_found =
            || ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}));
        if parts.len() < 4 || parts[0] != "repos" {
            return not_found();
        }
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        match (req.method.as_str(), &parts[3..]) {
            ("GET", ["git", "trees", commit]) => {
                let Some(files) = self.commits.get(*commit).or(self.any.as_deref()) else {
                    return not_found();
                };
                let tree: Vec<Value> = files
                    .iter()
                    .map(|(p, b)| {
                        json!({"path": p, "mode": "100644", "type": "blob",
                                         "sha": sha(b), "size": b.len()})
                    })
                    .collect();
                ok(json!({"sha": commit, "truncated": false, "tree": tree}))
            }
            ("GET", ["git", "blobs", blob]) => match self.blobs.get(*blob) {
                Some(bytes) => {
                    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
                    ok(
                        json!({"sha": blob, "size": bytes.len(), "encoding": "base64",
                              "content": encoded}),
                    )
                }
                None => not_found(),
            },
            ("GET", ["commits", commit, "check-runs"]) => {
                let name = req
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == "check_name")
                    .map(|(_, v)| v.into_owned());
                let state = self.state.lock().unwrap();
                let runs: Vec<Value> = state
                    .runs
                    .iter()
                    .filter(|r| r.head_sha == *commit && name.as_ref().is_none_or(|n| *n == r.name))
                    .map(|r| json!({"id": r.id, "name": r.name, "head_sha": r.head_sha}))
                    .collect();
                ok(json!({"total_count": runs.len(), "check_runs": runs}))
            }
            ("POST", ["check-runs"]) => {
                let mut state = self.state.lock().unwrap();
                state.next_id += 1;
                let run = Run {
                    id: state.next_id,
                    name: body["name"].as_str().unwrap_or_default().to_owned(),
                    head_sha: body["head_sha"].as_str().unwrap_or_default().to_owned(),
                    bodies: vec![body],
                    created: Instant::now(),
                    updated: Instant::now(),
                };
                let answer = json!({"id": run.id, "name": run.name, "head_sha": run.head_sha,
                                    "status": "in_progress"});
                state.runs.push(run);
                ResponseTemplate::new(201).set_body_json(answer)
            }
            ("PATCH", ["check-runs", id]) => {
                let mut state = self.state.lock().unwrap();
                let id: i64 = id.parse().unwrap_or_default();
                let Some(run) = state.runs.iter_mut().find(|r| r.id == id) else {
                    return not_found();
                };
                run.bodies.push(body);
                run.updated = Instant::now();
                ok(json!({"id": id, "name": run.name}))
            }
            _ => not_found(),
        }
    }
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-ratelimit-remaining", "4990")
        .set_body_json(body)
}

impl Respond for FakeChecks {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        self.answer(req).set_delay(self.latency)
    }
}
