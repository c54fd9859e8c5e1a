//! Where repository checks read files from: a local checkout today, GitHub later.

use futures_util::future::BoxFuture;
use std::fmt;
use std::sync::Arc;

/// One file of a repository snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoFile {
    /// Path relative to the repository root, `/`-separated, no leading `/`.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
}

/// A listing of every file of a repository at one point in time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepoTree {
    /// Commit the listing was taken at, when the source knows it.
    pub commit: Option<String>,
    /// Files sorted by path.
    pub files: Vec<RepoFile>,
    /// The listing stopped early (too many files); checks on it may miss files.
    pub truncated: bool,
}

impl RepoTree {
    /// A tree from files in any order; they are sorted by path.
    pub fn new(commit: Option<String>, mut files: Vec<RepoFile>) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Self {
            commit,
            files,
            truncated: false,
        }
    }

    /// The file at `path`, if listed.
    pub fn file(&self, path: &str) -> Option<&RepoFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
    }
}

/// A repository source could not answer (unreachable, unreadable, too large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// What went wrong, naming the repository or file.
    pub message: String,
}

impl SourceError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {}

/// A repository that checks can list and read.
///
/// Implementations cache by snapshot: `tree` lists the files once per commit and `read`
/// reads a file of that tree (a GitHub source keys both by the commit SHA).
pub trait RepoSource: Send + Sync {
    /// Human-readable name of the source, e.g. `local checkout /srv/app`.
    fn describe(&self) -> String;

    /// Every file of the repository's current snapshot.
    fn tree(&self) -> BoxFuture<'_, Result<Arc<RepoTree>, SourceError>>;

    /// The text of `path` (a path listed in `tree`). Non-UTF-8 bytes are replaced.
    fn read<'a>(
        &'a self,
        tree: &'a RepoTree,
        path: &'a str,
    ) -> BoxFuture<'a, Result<Arc<str>, SourceError>>;

    /// Whether the source can report branch protection rules (only a hosting service can).
    fn supports_branch_protection(&self) -> bool {
        false
    }
}
