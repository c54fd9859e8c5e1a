//! Repository globs: compiled once per check, matched against `/`-separated relative paths.

use super::source::{RepoFile, RepoTree};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A compiled list of globs. `*` and `?` never cross `/`; `**` spans directories
/// (`deploy/**/*.yaml` also matches `deploy/app.yaml`); matching is case-sensitive.
#[derive(Debug, Clone)]
pub struct Globs {
    set: GlobSet,
}

impl Globs {
    /// Compiles `patterns`; the error names the offending glob.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            builder.add(glob(pattern.as_ref())?);
        }
        let set = builder
            .build()
            .map_err(|e| format!("cannot compile globs: {e}"))?;
        Ok(Self { set })
    }

    /// Indices of the patterns `path` matches, ascending.
    pub fn matches(&self, path: &str) -> Vec<usize> {
        self.set.matches(path)
    }

    /// Whether `path` matches any pattern.
    pub fn is_match(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    /// The files of `tree` matching any pattern, ordered by the first pattern each matches
    /// and then by path, so earlier globs are preferred.
    pub fn select<'t>(&self, tree: &'t RepoTree) -> Vec<&'t RepoFile> {
        let mut found: Vec<(usize, &RepoFile)> = tree
            .files
            .iter()
            .filter_map(|f| self.matches(&f.path).first().map(|&i| (i, f)))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.path.cmp(&b.1.path)));
        found.into_iter().map(|(_, f)| f).collect()
    }
}

/// Compiles one glob with repository semantics.
pub fn glob(pattern: &str) -> Result<globset::Glob, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .case_insensitive(false)
        .backslash_escape(true)
        .build()
        .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))
}
