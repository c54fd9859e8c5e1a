//! Repository checks (`repo.*` kinds) and the sources they read.
//!
//! - `repo.file_exists`: a file matching the globs exists (and is at least `min_bytes`).
//! - `repo.file_contains`: a line of a matching file matches a regular expression.
//! - `repo.yaml_path`: a JSONPath predicate over the documents of YAML/JSON files.
//! - `repo.codeowners`: CODEOWNERS gives every file in scope an owner.
//! - `repo.branch_protection`: only a hosting service can answer; not applicable locally.

mod checks;
pub mod codeowners;
mod git;
pub mod glob;
mod local;
mod protection_check;
mod roots;
mod source;
mod subdir;
pub mod yaml_docs;
mod yaml_files;
pub mod yaml_path;
mod yaml_report;

pub use checks::{is_repo_check, run_repo_check};
pub use git::GitCommit;
pub use local::{LocalRepo, MAX_FILES, MAX_READ_BYTES, head_commit};
pub use roots::{LocalRoots, Refused};
pub use source::{BranchProtection, ProtectionRule, RepoFile, RepoSource, RepoTree, SourceError};
pub use subdir::Subdir;

#[cfg(test)]
mod codeowners_tests;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod local_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod yaml_tests;
