//! Check runs (`/repos/{o}/{r}/check-runs`): create one, mark it in progress, complete it
//! with a conclusion, a Markdown summary and line annotations (at most 50 per request, the
//! rest appended by further updates), and find one by name on a commit.

use super::GitHub;
use super::request::Target;
use super::write::{Method, WriteError, expect_success};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

/// Annotations GitHub accepts per request.
pub const ANNOTATIONS_PER_REQUEST: usize = 50;
/// Longest `summary` or `text`, in bytes (GitHub: 65,535 characters).
pub const MAX_MARKDOWN: usize = 65_535;
/// Longest annotation `title`, in bytes.
const MAX_ANNOTATION_TITLE: usize = 255;
/// Longest annotation `message`, in bytes (GitHub: 64 KB).
const MAX_ANNOTATION_MESSAGE: usize = 64 * 1024 - 1;
/// Appended to Markdown cut to fit.
const CUT_NOTE: &str = "\n\n… (cut to fit GitHub's limit; the full report is on Orrery)";

/// A line annotation of a check run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckAnnotation {
    /// File path from the repository root.
    pub path: String,
    /// First line (1-based).
    pub start_line: u32,
    /// Last line.
    pub end_line: u32,
    /// `failure`, `warning` or `notice`.
    pub level: &'static str,
    /// Short title.
    pub title: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// What a completed check run shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRunResult {
    /// `success`, `failure`, `neutral`, …
    pub conclusion: &'static str,
    /// When it completed.
    pub completed_at: DateTime<Utc>,
    /// One-line title.
    pub title: String,
    /// Markdown summary (cut to [`MAX_MARKDOWN`] bytes with a note when longer).
    pub summary: String,
    /// Line annotations; all are sent, 50 per request.
    pub annotations: Vec<CheckAnnotation>,
}

/// The check runs of one repository. Made with [`GitHub::check_runs`].
pub struct CheckRuns {
    gh: GitHub,
    full_name: String,
}

impl GitHub {
    /// The check runs of `owner/name`, written with the token or the App's installation.
    pub fn check_runs(&self, owner: &str, name: &str) -> CheckRuns {
        CheckRuns {
            gh: self.clone(),
            full_name: format!("{}/{}", owner.trim(), name.trim()),
        }
    }
}

impl CheckRuns {
    /// `owner/name`.
    pub fn full_name(&self) -> &str {
        &self.full_name
    }

    /// The newest check run named `name` on `head_sha`, if any (`GET
    /// /repos/{o}/{r}/commits/{sha}/check-runs?check_name=…`).
    pub async fn find(&self, head_sha: &str, name: &str) -> Result<Option<i64>, WriteError> {
        let path = format!(
            "/repos/{}/commits/{head_sha}/check-runs?check_name={}&filter=latest",
            self.full_name,
            url::form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
        );
        let what = format!("looking up check run `{name}` on {}", self.full_name);
        let target = Target {
            repo: &self.full_name,
            what: &what,
            path: &path,
        };
        let reply = self.gh.client().get(&target).await?;
        #[derive(serde::Deserialize)]
        struct Listed {
            check_runs: Vec<Run>,
        }
        #[derive(serde::Deserialize)]
        struct Run {
            id: i64,
            name: String,
        }
        let listed: Listed = target.parse(&reply)?;
        Ok(listed
            .check_runs
            .into_iter()
            .filter(|r| r.name == name)
            .map(|r| r.id)
            .max())
    }

    /// Creates a check run in progress (`POST`, sent once) and returns its id.
    pub async fn create(
        &self,
        name: &str,
        head_sha: &str,
        details_url: Option<&str>,
        external_id: &str,
        started_at: DateTime<Utc>,
    ) -> Result<i64, WriteError> {
        let mut body = json!({
            "name": name, "head_sha": head_sha, "status": "in_progress",
            "started_at": timestamp(started_at), "external_id": external_id,
        });
        if let Some(url) = details_url {
            body["details_url"] = json!(url);
        }
        let path = format!("/repos/{}/check-runs", self.full_name);
        let what = format!("creating check run `{name}` on {}", self.full_name);
        let reply = self.send(Method::Post, &path, &body, &what).await?;
        expect_success(&reply, Method::Post, &path, &what)?;
        #[derive(serde::Deserialize)]
        struct Created {
            id: i64,
        }
        serde_json::from_str::<Created>(&reply.body)
            .map(|c| c.id)
            .map_err(|e| WriteError {
                message: format!("{what} failed: GitHub's answer has no check run id: {e}"),
                transient: false,
            })
    }

    /// Marks check run `id` in progress again (`PATCH`).
    pub async fn restart(&self, id: i64, started_at: DateTime<Utc>) -> Result<(), WriteError> {
        let body = json!({"status": "in_progress", "started_at": timestamp(started_at)});
        self.patch(id, &body, "marking check run in progress").await
    }

    /// Completes check run `id` with `result`: the conclusion, title, summary and the first
    /// 50 annotations, then further updates appending 50 annotations each.
    pub async fn complete(&self, id: i64, result: &CheckRunResult) -> Result<(), WriteError> {
        let title = cut(&result.title, MAX_ANNOTATION_TITLE, "…");
        let summary = cut(&result.summary, MAX_MARKDOWN, CUT_NOTE);
        let mut batches = result.annotations.chunks(ANNOTATIONS_PER_REQUEST);
        let first = batches.next().unwrap_or_default();
        let body = json!({
            "status": "completed", "conclusion": result.conclusion,
            "completed_at": timestamp(result.completed_at),
            "output": {"title": title, "summary": summary, "annotations": annotations(first)},
        });
        self.patch(id, &body, "completing check run").await?;
        for batch in batches {
            let body = json!({"output": {"title": title, "summary": summary,
                                         "annotations": annotations(batch)}});
            self.patch(id, &body, "adding annotations to check run")
                .await?;
        }
        Ok(())
    }

    async fn patch(&self, id: i64, body: &Value, doing: &str) -> Result<(), WriteError> {
        let path = format!("/repos/{}/check-runs/{id}", self.full_name);
        let what = format!("{doing} {id} on {}", self.full_name);
        let reply = self.send(Method::Patch, &path, body, &what).await?;
        expect_success(&reply, Method::Patch, &path, &what)
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        what: &str,
    ) -> Result<super::request::Reply, WriteError> {
        let client = self.gh.client();
        let crab = client.for_repo(&self.full_name).await?;
        client.write(&crab, method, path, body, what).await
    }
}

fn annotations(batch: &[CheckAnnotation]) -> Vec<Value> {
    batch
        .iter()
        .map(|a| {
            json!({
                "path": a.path, "start_line": a.start_line.max(1),
                "end_line": a.end_line.max(a.start_line).max(1),
                "annotation_level": a.level,
                "title": cut(&a.title, MAX_ANNOTATION_TITLE, "…"),
                "message": cut(&a.message, MAX_ANNOTATION_MESSAGE, "…"),
            })
        })
        .collect()
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `text` when it has at most `max` bytes; otherwise its longest prefix that, cut on a
/// character boundary and followed by `note`, fits in `max` bytes.
pub fn cut(text: &str, max: usize, note: &str) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub(note.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{note}", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_cuts_long_text_on_a_char_boundary() {
        assert_eq!(cut("short", 10, "…"), "short");
        let long = "é".repeat(40_000);
        let out = cut(&long, MAX_MARKDOWN, CUT_NOTE);
        assert!(out.len() <= MAX_MARKDOWN, "{}", out.len());
        assert!(out.ends_with(CUT_NOTE));
        assert!(out.len() > MAX_MARKDOWN - CUT_NOTE.len() - 2);
        assert_eq!(cut("ab€cd", 4, ""), "ab");
        assert_eq!(cut("ab€cd", 5, ""), "ab€");
    }
}
