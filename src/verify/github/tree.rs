//! Listing a commit's files (git trees) and reading them (git blobs) for [`GitHubRepo`].

use super::cache::Snapshot;
use super::repo::GitHubRepo;
use crate::verify::repo::{MAX_FILES, RepoFile, RepoTree, SourceError};
use base64::Engine;
use std::collections::HashMap;
use std::sync::Arc;

impl GitHubRepo {
    /// `GET /repos/{o}/{r}/git/trees/{commit}?recursive=1`: every file (blob) of the commit.
    /// Submodules and symbolic links are not files; a listing GitHub cut short is marked
    /// truncated.
    pub(super) async fn list(&self, commit: &str) -> Result<Snapshot, SourceError> {
        let path = format!("/repos/{}/git/trees/{commit}?recursive=1", self.full_name());
        let what = format!(
            "listing the files of {} at commit {commit}",
            self.full_name()
        );
        let target = self.target(&what, &path);
        let reply = self.gh().client().get(&target).await?;
        #[derive(serde::Deserialize)]
        struct Tree {
            #[serde(default)]
            truncated: bool,
            tree: Vec<Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            path: String,
            #[serde(rename = "type")]
            kind: String,
            #[serde(default)]
            mode: String,
            sha: String,
            #[serde(default)]
            size: u64,
        }
        let listed: Tree = target.parse(&reply)?;
        let mut truncated = listed.truncated;
        let mut files = Vec::new();
        let mut blobs = HashMap::new();
        for entry in listed.tree {
            if entry.kind != "blob" || entry.mode == "120000" {
                continue;
            }
            if files.len() >= MAX_FILES {
                truncated = true;
                break;
            }
            files.push(RepoFile {
                path: entry.path.clone(),
                size: entry.size,
            });
            blobs.insert(entry.path, entry.sha);
        }
        let mut tree = RepoTree::new(Some(commit.to_owned()), files);
        tree.truncated = truncated;
        Ok(Snapshot {
            tree: Arc::new(tree),
            blobs,
        })
    }

    /// `GET /repos/{o}/{r}/git/blobs/{sha}`, decoded; cached by blob SHA.
    pub(super) async fn read_blob(&self, path: &str, sha: &str) -> Result<Arc<str>, SourceError> {
        if let Some(text) = self.gh().caches().blob(sha) {
            return Ok(text);
        }
        let route = format!("/repos/{}/git/blobs/{sha}", self.full_name());
        let what = format!("reading {path} of {} (blob {sha})", self.full_name());
        let target = self.target(&what, &route);
        let reply = self.gh().client().get(&target).await?;
        #[derive(serde::Deserialize)]
        struct Blob {
            content: String,
            encoding: String,
        }
        let blob: Blob = target.parse(&reply)?;
        let bytes = match blob.encoding.as_str() {
            "base64" => {
                let packed: String = blob.content.split_ascii_whitespace().collect();
                base64::engine::general_purpose::STANDARD
                    .decode(packed)
                    .map_err(|e| target.fail(format!("the content is not valid base64: {e}")))?
            }
            "utf-8" => blob.content.into_bytes(),
            other => return Err(target.fail(format!("unknown content encoding `{other}`"))),
        };
        let text: Arc<str> = String::from_utf8_lossy(&bytes).into();
        self.gh().caches().put_blob(sha, text.clone());
        Ok(text)
    }
}
