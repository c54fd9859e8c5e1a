//! Where repository checks read files from (a local checkout, GitHub) and what a hosting
//! service says about branch protection.

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

/// One source of rules protecting a branch: classic branch protection, or one ruleset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectionRule {
    /// Where the rule comes from, e.g. `classic branch protection` or
    /// `ruleset 42 (Organization acme)`.
    pub origin: String,
    /// Approving reviews a pull request needs before merging; `None` when this rule does not
    /// require pull requests at all.
    pub required_approving_reviews: Option<u32>,
    /// Status checks (by context name) that must pass before merging; `None` when this rule
    /// does not require status checks. An empty list means the setting is on with no check
    /// named, which blocks nothing.
    pub required_status_checks: Option<Vec<String>>,
}

/// The rules protecting one branch, as a hosting service reports them. No rules means the
/// branch is not protected.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BranchProtection {
    /// The branch the rules apply to.
    pub branch: String,
    /// The commit the branch pointed at when read, when known.
    pub commit: Option<String>,
    /// Every rule that applies, classic protection first.
    pub rules: Vec<ProtectionRule>,
}

impl BranchProtection {
    /// The most approving reviews any rule requires (the effective requirement) and the
    /// first rule requiring that many; `(0, None)` when no rule requires pull requests.
    pub fn required_reviews(&self) -> (u32, Option<&ProtectionRule>) {
        self.rules
            .iter()
            .filter_map(|r| r.required_approving_reviews.map(|n| (n, r)))
            .fold((0, None), |best, (n, r)| match best {
                (most, Some(_)) if most >= n => best,
                _ => (n, Some(r)),
            })
    }

    /// Every status check some rule requires, sorted and without duplicates.
    pub fn required_status_checks(&self) -> Vec<&str> {
        let mut checks: Vec<&str> = self
            .rules
            .iter()
            .filter_map(|r| r.required_status_checks.as_ref())
            .flatten()
            .map(String::as_str)
            .collect();
        checks.sort_unstable();
        checks.dedup();
        checks
    }

    /// The rules that name at least one required status check.
    pub fn status_check_rules(&self) -> impl Iterator<Item = &ProtectionRule> {
        self.rules.iter().filter(|r| {
            r.required_status_checks
                .as_ref()
                .is_some_and(|c| !c.is_empty())
        })
    }
}

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

    /// The rules protecting `branch` (the repository's default branch when `None`).
    ///
    /// Only sources whose [`RepoSource::supports_branch_protection`] is `true` implement it;
    /// the default says the source cannot. Lacking permission to read the rules is an error,
    /// never an unprotected branch.
    fn branch_protection<'a>(
        &'a self,
        branch: Option<&'a str>,
    ) -> BoxFuture<'a, Result<BranchProtection, SourceError>> {
        let _ = branch;
        Box::pin(async move {
            Err(SourceError::new(format!(
                "{} cannot report branch protection",
                self.describe()
            )))
        })
    }
}
