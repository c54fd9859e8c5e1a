//! [`GitHubRepo`]: one verification's view of a GitHub repository, read at the head commit
//! of its default branch, or at a fixed commit (pull request checks).

use super::GitHub;
use super::cache::Snapshot;
use super::request::Target;
use crate::verify::repo::{BranchProtection, MAX_READ_BYTES, RepoSource, RepoTree, SourceError};
use axum::http::StatusCode;
use futures_util::future::BoxFuture;
use std::sync::{Arc, Mutex};

/// A GitHub repository as a [`RepoSource`].
///
/// The first [`RepoSource::tree`] resolves the default branch and its head commit
/// (conditional requests) and lists that commit's tree, or takes it from the connection's
/// cache; every later call, and every read, uses that snapshot, so all checks of one
/// verification see one commit. Make a new value (with [`GitHub::repo`]) per verification to
/// see new commits. Failures are not remembered: the next call asks GitHub again.
pub struct GitHubRepo {
    gh: GitHub,
    full_name: String,
    snapshot: tokio::sync::Mutex<Option<Arc<Snapshot>>>,
    default_branch: Mutex<Option<String>>,
    /// A fixed commit to read instead of the default branch's head.
    pinned: Option<String>,
}

impl GitHubRepo {
    pub(super) fn new(gh: GitHub, owner: &str, name: &str) -> Self {
        Self {
            gh,
            full_name: format!("{}/{}", owner.trim(), name.trim()),
            snapshot: tokio::sync::Mutex::new(None),
            default_branch: Mutex::new(None),
            pinned: None,
        }
    }

    /// The repository read at `commit` (a full SHA) rather than at its default branch.
    pub(super) fn at(gh: GitHub, owner: &str, name: &str, commit: &str) -> Self {
        Self {
            pinned: Some(commit.trim().to_ascii_lowercase()),
            ..Self::new(gh, owner, name)
        }
    }

    /// `owner/name`.
    pub fn full_name(&self) -> &str {
        &self.full_name
    }

    pub(super) fn gh(&self) -> &GitHub {
        &self.gh
    }

    /// Rejects names GitHub cannot have, so nothing else ends up in a request path.
    pub(super) fn check_name(&self) -> Result<(), SourceError> {
        let valid = |part: &str, extra: &[u8], max: usize| {
            (1..=max).contains(&part.len())
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || extra.contains(&b))
        };
        match self.full_name.split_once('/') {
            Some((owner, name)) if valid(owner, b"", 39) && valid(name, b"._", 100) => Ok(()),
            _ => Err(SourceError::new(format!(
                "`{}` is not a GitHub repository name (expected owner/name)",
                self.full_name
            ))),
        }
    }

    /// The default branch (`GET /repos/{o}/{r}`, conditional), looked up once per value.
    pub(super) async fn default_branch(&self) -> Result<String, SourceError> {
        if let Some(branch) = lock(&self.default_branch).clone() {
            return Ok(branch);
        }
        let path = format!("/repos/{}", self.full_name);
        let what = format!("reading repository {}", self.full_name);
        let target = self.target(&what, &path);
        let reply = self
            .gh
            .client()
            .get_conditional(self.gh.caches(), &target)
            .await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Err(target.fail(format!(
                "it does not exist or the configured credentials cannot see it (GitHub \
                 answered 404 to GET {path})"
            )));
        }
        #[derive(serde::Deserialize)]
        struct Repository {
            default_branch: String,
        }
        let repository: Repository = target.parse(&reply)?;
        *lock(&self.default_branch) = Some(repository.default_branch.clone());
        Ok(repository.default_branch)
    }

    /// The head commit of `branch` (`GET /repos/{o}/{r}/branches/{b}`, conditional).
    pub(super) async fn branch_head(&self, branch: &str) -> Result<String, SourceError> {
        let path = format!("/repos/{}/branches/{}", self.full_name, encode(branch));
        let what = format!("reading branch {branch} of {}", self.full_name);
        let target = self.target(&what, &path);
        let reply = self
            .gh
            .client()
            .get_conditional(self.gh.caches(), &target)
            .await?;
        if reply.status == StatusCode::NOT_FOUND {
            return Err(target.fail("the branch does not exist (GitHub answered 404)"));
        }
        #[derive(serde::Deserialize)]
        struct Branch {
            commit: Commit,
        }
        #[derive(serde::Deserialize)]
        struct Commit {
            sha: String,
        }
        let found: Branch = target.parse(&reply)?;
        let sha = found.commit.sha;
        if !(sha.len() >= 7 && sha.bytes().all(|b| b.is_ascii_hexdigit())) {
            return Err(target.fail(format!("GitHub gave `{sha}` as the head commit")));
        }
        Ok(sha)
    }

    pub(super) fn target<'a>(&'a self, what: &'a str, path: &'a str) -> Target<'a> {
        Target {
            repo: &self.full_name,
            what,
            path,
        }
    }

    /// The snapshot this value reads: resolved and listed on first use, then kept.
    async fn snapshot(&self) -> Result<Arc<Snapshot>, SourceError> {
        let mut kept = self.snapshot.lock().await;
        if let Some(snapshot) = kept.as_ref() {
            return Ok(snapshot.clone());
        }
        self.check_name()?;
        let commit = match &self.pinned {
            Some(commit) if is_full_sha(commit) => commit.clone(),
            Some(commit) => {
                return Err(SourceError::new(format!(
                    "`{commit}` is not a commit SHA of {}",
                    self.full_name
                )));
            }
            None => {
                let branch = self.default_branch().await?;
                self.branch_head(&branch).await?
            }
        };
        let snapshot = match self.gh.caches().tree(&commit) {
            Some(snapshot) => snapshot,
            None => {
                let snapshot = Arc::new(self.list(&commit).await?);
                self.gh.caches().put_tree(&commit, snapshot.clone());
                snapshot
            }
        };
        *kept = Some(snapshot.clone());
        Ok(snapshot)
    }
}

impl std::fmt::Debug for GitHubRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubRepo")
            .field("repo", &self.full_name)
            .field("api_url", &self.gh.client().api_url())
            .finish_non_exhaustive()
    }
}

impl RepoSource for GitHubRepo {
    fn describe(&self) -> String {
        let api = self.gh.client().api_url();
        if api == super::DEFAULT_API_URL {
            format!("GitHub repository {}", self.full_name)
        } else {
            format!("GitHub repository {} at {api}", self.full_name)
        }
    }

    fn tree(&self) -> BoxFuture<'_, Result<Arc<RepoTree>, SourceError>> {
        Box::pin(async move { Ok(self.snapshot().await?.tree.clone()) })
    }

    fn read<'a>(
        &'a self,
        tree: &'a RepoTree,
        path: &'a str,
    ) -> BoxFuture<'a, Result<Arc<str>, SourceError>> {
        Box::pin(async move {
            let Some(commit) = tree.commit.as_deref() else {
                return Err(SourceError::new(format!(
                    "{path}: the listing does not say which commit of {} it is",
                    self.full_name
                )));
            };
            let kept = self.snapshot.lock().await.clone();
            let snapshot = kept
                .filter(|s| s.tree.commit.as_deref() == Some(commit))
                .or_else(|| self.gh.caches().tree(commit))
                .ok_or_else(|| {
                    SourceError::new(format!(
                        "{path}: the listing of {} at commit {commit} is no longer cached; \
                         list the repository again",
                        self.full_name
                    ))
                })?;
            let (Some(file), Some(sha)) = (tree.file(path), snapshot.blobs.get(path)) else {
                return Err(SourceError::new(format!(
                    "{path} is not in {} at commit {commit}",
                    self.full_name
                )));
            };
            if file.size > MAX_READ_BYTES {
                return Err(SourceError::new(format!(
                    "{path} is {} bytes, larger than the {MAX_READ_BYTES} bytes checks read",
                    file.size
                )));
            }
            self.read_blob(path, sha).await
        })
    }

    fn supports_branch_protection(&self) -> bool {
        true
    }

    fn branch_protection<'a>(
        &'a self,
        branch: Option<&'a str>,
    ) -> BoxFuture<'a, Result<BranchProtection, SourceError>> {
        Box::pin(super::protection::read(self, branch))
    }
}

/// A full 40 (SHA-1) or 64 (SHA-256) hex digit commit name.
fn is_full_sha(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Percent-encodes a branch name for a path, keeping `/` (GitHub routes accept it).
pub(super) fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
