//! Where local checkouts may live: the directories given with `--local-repos-root`.
//!
//! A service may name a directory on the server as its repository, and verification then
//! reads files there and quotes them as evidence. Without confinement that reads any
//! directory the server can (`/etc`, `/root`). So local checkouts are off unless roots are
//! configured, and a path is accepted only when it resolves — `..` and symbolic links
//! followed — to a directory inside one of them.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The flag and variable that enable local checkouts, for messages.
const HOW_TO_ENABLE: &str = "start orrery with --local-repos-root DIR (repeatable) or \
     ORRERY_LOCAL_REPOS_ROOT=DIR1:DIR2 to allow checkouts under DIR";

/// The directories local checkouts must lie in (canonical paths). Empty: local checkouts off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalRoots(Vec<PathBuf>);

/// Why a local path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No `--local-repos-root` is configured.
    Disabled,
    /// The path is not inside any root (after resolving `..` and symbolic links).
    Outside { path: String, roots: Vec<PathBuf> },
    /// The path is inside a root but does not exist, or is not a readable directory.
    Missing { path: String, reason: String },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Disabled => write!(
                f,
                "local checkouts are turned off on this server; {HOW_TO_ENABLE}"
            ),
            Self::Outside { path, roots } => write!(
                f,
                "`{}` is outside the directories this server allows for local checkouts ({}); \
                 use a checkout under one of them",
                path.escape_debug(),
                roots
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::Missing { path, reason } => {
                write!(f, "`{}` cannot be used: {reason}", path.escape_debug())
            }
        }
    }
}

impl LocalRoots {
    /// Canonicalises each configured root; a root that does not exist or is not a directory
    /// is an error naming it (start-up stops rather than refusing every checkout later).
    pub fn new(dirs: &[PathBuf]) -> Result<Self, String> {
        let mut roots = Vec::with_capacity(dirs.len());
        for dir in dirs.iter().filter(|d| !d.as_os_str().is_empty()) {
            let canonical = std::fs::canonicalize(dir)
                .map_err(|e| format!("--local-repos-root {}: {e}", dir.display()))?;
            if !canonical.is_dir() {
                return Err(format!(
                    "--local-repos-root {}: not a directory",
                    dir.display()
                ));
            }
            if !roots.contains(&canonical) {
                roots.push(canonical);
            }
        }
        Ok(Self(roots))
    }

    /// Whether local checkouts are allowed at all.
    pub fn enabled(&self) -> bool {
        !self.0.is_empty()
    }

    /// The canonical roots.
    pub fn roots(&self) -> &[PathBuf] {
        &self.0
    }

    /// Resolves `path` (relative paths from the server's working directory) to the canonical
    /// directory it names, if that lies inside a root.
    ///
    /// The path is first checked without touching the file system (after resolving `.` and
    /// `..` lexically), so whether something exists outside the roots is never revealed;
    /// then it is canonicalised (symbolic links followed) and checked again.
    pub fn resolve(&self, path: &str) -> Result<PathBuf, Refused> {
        if !self.enabled() {
            return Err(Refused::Disabled);
        }
        let outside = || Refused::Outside {
            path: path.to_owned(),
            roots: self.0.clone(),
        };
        let absolute = match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) if Path::new(path).is_absolute() => PathBuf::from(path),
            Err(_) => return Err(outside()),
        };
        let lexical = normalise(&absolute);
        if !self.contains(&lexical) && !self.contains_configured_spelling(&lexical) {
            return Err(outside());
        }
        let canonical = std::fs::canonicalize(&absolute).map_err(|e| Refused::Missing {
            path: path.to_owned(),
            reason: format!("it does not exist on the server ({e})"),
        })?;
        if !self.contains(&canonical) {
            return Err(outside());
        }
        if !canonical.is_dir() {
            return Err(Refused::Missing {
                path: path.to_owned(),
                reason: "it is not a directory".into(),
            });
        }
        Ok(canonical)
    }

    fn contains(&self, path: &Path) -> bool {
        self.0.iter().any(|root| path.starts_with(root))
    }

    /// A root given through a symbolic link (`/tmp` → `/private/tmp`) is stored canonical;
    /// a path spelled through the same link is judged after canonicalisation instead.
    fn contains_configured_spelling(&self, lexical: &Path) -> bool {
        std::fs::canonicalize(lexical).is_ok_and(|c| self.contains(&c))
    }
}

/// Resolves `.` and `..` without the file system (`..` above the root stays at the root).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
#[path = "roots_tests.rs"]
mod tests;
