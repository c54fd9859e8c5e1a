//! Reading the few fields Orrery needs from a delivery's JSON. Minimal structs on purpose:
//! GitHub adds fields and actions over time, and an unknown one must never fail a delivery.

use super::{Delivery, JobKind, PrCheckRequest};
use serde::Deserialize;

/// A signed delivery whose body is not what its event promises.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the `{event}` payload is not valid: {reason}")]
pub struct PayloadError {
    /// The `X-GitHub-Event` value.
    pub event: String,
    /// What is wrong (serde's message: field and position).
    pub reason: String,
}

#[derive(Deserialize)]
struct Repository {
    name: String,
    owner: Owner,
    #[serde(default)]
    default_branch: Option<String>,
}

#[derive(Deserialize)]
struct Owner {
    login: String,
}

#[derive(Deserialize)]
struct Installation {
    id: i64,
}

#[derive(Deserialize)]
struct Commit {
    sha: String,
}

#[derive(Deserialize)]
struct PullRequest {
    number: i64,
    head: Commit,
    base: Commit,
}

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(default)]
    action: Option<String>,
    repository: Repository,
    #[serde(default)]
    installation: Option<Installation>,
    #[serde(flatten)]
    event: T,
}

#[derive(Deserialize)]
struct PullRequestEvent {
    pull_request: PullRequest,
    #[serde(default)]
    changes: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Suite {
    head_sha: String,
    #[serde(default)]
    pull_requests: Vec<PullRequest>,
}

#[derive(Deserialize)]
struct CheckRunEvent {
    check_run: CheckRun,
}

#[derive(Deserialize)]
struct CheckRun {
    id: i64,
    head_sha: String,
    #[serde(default)]
    pull_requests: Vec<PullRequest>,
}

#[derive(Deserialize)]
struct CheckSuiteEvent {
    check_suite: Suite,
}

#[derive(Deserialize)]
struct PushEvent {
    #[serde(rename = "ref")]
    git_ref: String,
    after: String,
    #[serde(default)]
    deleted: bool,
}

/// What a delivery of `event` with this (already verified) `body` asks for.
pub fn parse_delivery(event: &str, body: &[u8]) -> Result<Delivery, PayloadError> {
    match event {
        "ping" => Ok(Delivery::Ping),
        "pull_request" => {
            let e: Envelope<PullRequestEvent> = parse(event, body)?;
            let action = e.action.as_deref().unwrap_or_default();
            let base_changed = e
                .event
                .changes
                .as_ref()
                .is_some_and(|c| c.get("base").is_some());
            let acts = matches!(
                action,
                "opened" | "synchronize" | "reopened" | "ready_for_review"
            ) || (action == "edited" && base_changed);
            if !acts {
                return Ok(ignored(event, action));
            }
            let pr = &e.event.pull_request;
            let work = request(JobKind::PullRequest, &e, Some(pr), &pr.head.sha)?;
            Ok(Delivery::Work(work))
        }
        "check_run" => {
            let e: Envelope<CheckRunEvent> = parse(event, body)?;
            let action = e.action.as_deref().unwrap_or_default();
            if action != "rerequested" {
                return Ok(ignored(event, action));
            }
            let run = &e.event.check_run;
            let Some(pr) = run.pull_requests.first() else {
                return Ok(no_pull_request(event));
            };
            let mut work = request(JobKind::RerunCheck, &e, Some(pr), &run.head_sha)?;
            work.check_run_id = Some(run.id);
            Ok(Delivery::Work(work))
        }
        "check_suite" => {
            let e: Envelope<CheckSuiteEvent> = parse(event, body)?;
            let action = e.action.as_deref().unwrap_or_default();
            if action != "rerequested" {
                return Ok(ignored(event, action));
            }
            let suite = &e.event.check_suite;
            let Some(pr) = suite.pull_requests.first() else {
                return Ok(no_pull_request(event));
            };
            let work = request(JobKind::RerunSuite, &e, Some(pr), &suite.head_sha)?;
            Ok(Delivery::Work(work))
        }
        "push" => {
            let e: Envelope<PushEvent> = parse(event, body)?;
            let push = &e.event;
            let Some(default) = e.repository.default_branch.as_deref() else {
                return Ok(Delivery::Ignored(
                    "the push does not name the repository's default branch".into(),
                ));
            };
            if push.git_ref != format!("refs/heads/{default}") {
                return Ok(Delivery::Ignored(format!(
                    "the push is to `{}`, not to the default branch `{default}`",
                    push.git_ref
                )));
            }
            if push.deleted {
                return Ok(Delivery::Ignored("the push deletes the branch".into()));
            }
            // The pushed commit: the services' manifests are read there.
            let work = request(JobKind::Push, &e, None, &push.after)?;
            Ok(Delivery::Work(work))
        }
        other => Ok(Delivery::Ignored(format!(
            "Orrery does not act on `{other}` events"
        ))),
    }
}

fn parse<'a, T: Deserialize<'a>>(event: &str, body: &'a [u8]) -> Result<T, PayloadError> {
    serde_json::from_slice(body).map_err(|e| PayloadError {
        event: event.to_owned(),
        reason: e.to_string(),
    })
}

fn ignored(event: &str, action: &str) -> Delivery {
    Delivery::Ignored(format!(
        "Orrery does not act on `{event}` with action `{action}`"
    ))
}

fn no_pull_request(event: &str) -> Delivery {
    Delivery::Ignored(format!(
        "the `{event}` is not about a pull request in this repository (Orrery checks pull requests)"
    ))
}

fn request<T>(
    kind: JobKind,
    e: &Envelope<T>,
    pr: Option<&PullRequest>,
    head: &str,
) -> Result<PrCheckRequest, PayloadError> {
    let invalid = |reason: String| PayloadError {
        event: kind.as_str().to_owned(),
        reason,
    };
    for sha in std::iter::once(head).chain(pr.map(|p| p.base.sha.as_str())) {
        if !is_sha(sha) {
            return Err(invalid(format!("`{sha}` is not a commit SHA")));
        }
    }
    let (owner, name) = (&e.repository.owner.login, &e.repository.name);
    let part = |p: &str| {
        (1..=100).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if !part(owner) || !part(name) {
        return Err(invalid(format!(
            "`{owner}/{name}` is not a repository name"
        )));
    }
    Ok(PrCheckRequest {
        kind,
        owner: owner.clone(),
        name: name.clone(),
        installation_id: e.installation.as_ref().map(|i| i.id),
        head_sha: Some(head.to_ascii_lowercase()),
        base_sha: pr.map(|p| p.base.sha.to_ascii_lowercase()),
        pr_number: pr.map(|p| p.number),
        check_run_id: None,
    })
}

/// A full 40 (SHA-1) or 64 (SHA-256) hex digit object name.
fn is_sha(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
