//! [`GitHubRepo`]: one verification's view of a GitHub repository, read at the head commit
//! of its default branch, or at a fixed commit (pull request checks).

use super::GitHub;
use super::cache::Snapshot;
use super::memo::Memo;
use super::request::Target;
use crate::verify::repo::{BranchProtection, MAX_READ_BYTES, RepoSource, RepoTree, SourceError};
use axum::http::StatusCode;
use futures_util::future::BoxFuture;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// A GitHub repository as a [`RepoSource`].
///
/// The first [`RepoSource::tree`] resolves the default branch and its head commit
/// (conditional requests) and lists that commit's tree, or takes it from the connection's
/// cache; every later call, and every read, uses that snapshot, so all checks of one
/// verification see one commit. Make a new value (with [`GitHub::repo`]) per verification to
/// see new commits.
///
/// One value is one run: every fact (the default branch, a branch head, the listing, a file,
/// a branch's protection) is asked for at most once, and a failure is remembered like an
/// answer, so a missing repository costs one request, not one per check. The next value asks
/// again.
pub struct GitHubRepo {
    gh: GitHub,
    full_name: String,
    snapshot: OnceCell<Result<Arc<Snapshot>, SourceError>>,
    default_branch: OnceCell<Result<String, SourceError>>,
    /// Head commit by branch name.
    heads: Memo<String>,
    /// File text by `blob-sha path`.
    files: Memo<Arc<str>>,
    /// Protection by branch name.
    protection: Memo<BranchProtection>,
    /// A fixed commit to read instead of the default branch's head.
    pinned: Option<String>,
}

impl GitHubRepo {
    pub(super) fn new(gh: GitHub, owner: &str, name: &str) -> Self {
        Self {
            gh,
            full_name: format!("{}/{}", owner.trim(), name.trim()),
            snapshot: OnceCell::new(),
            default_branch: OnceCell::new(),
            heads: Memo::default(),
            files: Memo::default(),
            protection: Memo::default(),
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
        self.default_branch
            .get_or_init(|| self.fetch_default_branch())
            .await
            .clone()
    }

    async fn fetch_default_branch(&self) -> Result<String, SourceError> {
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
        Ok(repository.default_branch)
    }

    /// The head commit of `branch` (`GET /repos/{o}/{r}/branches/{b}`, conditional), looked
    /// up once per value and branch.
    pub(super) async fn branch_head(&self, branch: &str) -> Result<String, SourceError> {
        self.heads
            .get_or_fetch(branch, || self.fetch_branch_head(branch))
            .await
    }

    async fn fetch_branch_head(&self, branch: &str) -> Result<String, SourceError> {
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

    /// The protection of `branch`, read once per value and branch with `read`.
    pub(super) async fn protection_of<F, Fut>(
        &self,
        branch: &str,
        read: F,
    ) -> Result<BranchProtection, SourceError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<BranchProtection, SourceError>>,
    {
        self.protection.get_or_fetch(branch, read).await
    }

    /// The snapshot this value reads: resolved and listed on first use, then kept (or the
    /// error that stopped it, kept too).
    async fn snapshot(&self) -> Result<Arc<Snapshot>, SourceError> {
        self.snapshot.get_or_init(|| self.resolve()).await.clone()
    }

    /// Resolves the commit to read and lists it (or takes the listing from the cache).
    async fn resolve(&self) -> Result<Arc<Snapshot>, SourceError> {
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
        if let Some(snapshot) = self.gh.caches().tree(&commit) {
            return Ok(snapshot);
        }
        let snapshot = Arc::new(self.list(&commit).await?);
        self.gh.caches().put_tree(&commit, snapshot.clone());
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
            let kept = self.snapshot.get().and_then(|s| s.as_ref().ok()).cloned();
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
            let key = format!("{sha} {path}");
            self.files
                .get_or_fetch(&key, || self.read_blob(path, sha))
                .await
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
