//! A repository read from a directory on this machine (a checkout, or any directory).

use super::source::{RepoFile, RepoSource, RepoTree, SourceError};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Most files listed; past this the tree is marked truncated.
pub const MAX_FILES: usize = 50_000;
/// Largest file read, in bytes; larger files are listed but reading them is an error.
pub const MAX_READ_BYTES: u64 = 2 * 1024 * 1024;
/// Directory names never descended into.
const SKIPPED_DIRS: [&str; 3] = [".git", "target", "node_modules"];

/// A repository in a local directory.
///
/// The directory is listed once, on the first [`RepoSource::tree`] call, and the listing and
/// every file read are cached for the life of the value, so all checks of one verification run
/// see the same snapshot. Symbolic links to files inside the root are followed; links that
/// point outside it, and links to directories, are skipped.
#[derive(Debug)]
pub struct LocalRepo {
    root: PathBuf,
    tree: Mutex<Option<Arc<RepoTree>>>,
    reads: Arc<Mutex<HashMap<String, Arc<str>>>>,
}

impl LocalRepo {
    /// A source reading the directory `root`.
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            tree: Mutex::new(None),
            reads: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The directory read.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl RepoSource for LocalRepo {
    fn describe(&self) -> String {
        format!("local checkout {}", self.root.display())
    }

    fn tree(&self) -> BoxFuture<'_, Result<Arc<RepoTree>, SourceError>> {
        Box::pin(async move {
            if let Some(tree) = lock(&self.tree).as_ref() {
                return Ok(tree.clone());
            }
            let root = self.root.clone();
            let tree = tokio::task::spawn_blocking(move || list(&root))
                .await
                .map_err(|e| SourceError::new(format!("listing the repository failed: {e}")))??;
            let tree = Arc::new(tree);
            *lock(&self.tree) = Some(tree.clone());
            Ok(tree)
        })
    }

    fn read<'a>(
        &'a self,
        tree: &'a RepoTree,
        path: &'a str,
    ) -> BoxFuture<'a, Result<Arc<str>, SourceError>> {
        Box::pin(async move {
            if let Some(text) = lock(&self.reads).get(path) {
                return Ok(text.clone());
            }
            let Some(file) = tree.file(path) else {
                return Err(SourceError::new(format!("{path} is not in the repository")));
            };
            if file.size > MAX_READ_BYTES {
                return Err(SourceError::new(format!(
                    "{path} is {} bytes, larger than the {MAX_READ_BYTES} bytes checks read",
                    file.size
                )));
            }
            let (root, full) = (self.root.clone(), self.root.join(path));
            let text = tokio::task::spawn_blocking(move || read_inside(&root, &full))
                .await
                .map_err(|e| SourceError::new(format!("reading {path} failed: {e}")))?
                .map_err(|e| SourceError::new(format!("cannot read {path}: {e}")))?;
            let text: Arc<str> = String::from_utf8_lossy(&text).into();
            lock(&self.reads).insert(path.to_owned(), text.clone());
            Ok(text)
        })
    }
}

/// Reads `file` if it still lies inside `root` once symbolic links are followed: the tree was
/// listed earlier, and a file may have been replaced by a link leading out of the checkout
/// since. At most [`MAX_READ_BYTES`] are read, whatever the file has grown to.
fn read_inside(root: &Path, file: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let root = fs::canonicalize(root)?;
    let target = fs::canonicalize(file)?;
    if !target.starts_with(&root) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it leads outside the checkout",
        ));
    }
    let mut bytes = Vec::new();
    fs::File::open(&target)?
        .take(MAX_READ_BYTES)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it (the caches stay
/// consistent: every write is a single insert).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Lists every file under `root`.
fn list(root: &Path) -> Result<RepoTree, SourceError> {
    let canonical_root = fs::canonicalize(root)
        .map_err(|e| SourceError::new(format!("cannot open {}: {e}", root.display())))?;
    if !canonical_root.is_dir() {
        return Err(SourceError::new(format!(
            "{} is not a directory",
            root.display()
        )));
    }
    let mut files = Vec::new();
    let mut truncated = false;
    let mut pending = vec![(canonical_root.clone(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        let entries = fs::read_dir(&dir)
            .map_err(|e| SourceError::new(format!("cannot list {}: {e}", dir.display())))?;
        for entry in entries {
            let entry = entry
                .map_err(|e| SourceError::new(format!("cannot list {}: {e}", dir.display())))?;
            let Ok(name) = entry.file_name().into_string() else {
                continue; // not UTF-8: no glob in a template can name it
            };
            let rel = format!("{prefix}{name}");
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) {
                    pending.push((entry.path(), format!("{rel}/")));
                }
                continue;
            }
            let meta = if kind.is_symlink() {
                match fs::canonicalize(entry.path()) {
                    Ok(target) if target.starts_with(&canonical_root) => fs::metadata(&target),
                    _ => continue,
                }
            } else {
                entry.metadata()
            };
            let Ok(meta) = meta else { continue };
            if !meta.is_file() {
                continue;
            }
            if files.len() >= MAX_FILES {
                truncated = true;
                break;
            }
            files.push(RepoFile {
                path: rel,
                size: meta.len(),
            });
        }
        if truncated {
            break;
        }
    }
    let mut tree = RepoTree::new(head_commit(&canonical_root), files);
    tree.truncated = truncated;
    Ok(tree)
}

/// The commit checked out in `root`, read from `.git` without running git; `None` when
/// `root` is not a git checkout or the ref cannot be resolved.
pub fn head_commit(root: &Path) -> Option<String> {
    let dot_git = root.join(".git");
    let git_dir = if dot_git.is_file() {
        // A worktree or submodule: `.git` is a file saying `gitdir: <path>`.
        let text = fs::read_to_string(&dot_git).ok()?;
        let dir = text.trim().strip_prefix("gitdir:")?.trim();
        root.join(dir)
    } else {
        dot_git
    };
    let head = fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:") else {
        return is_sha(head).then(|| head.to_owned());
    };
    let reference = reference.trim();
    if reference.split('/').any(|s| s == ".." || s.is_empty()) {
        return None;
    }
    // Worktrees keep shared refs in the common directory.
    let common = fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .map(|c| git_dir.join(c.trim()));
    [Some(git_dir), common]
        .into_iter()
        .flatten()
        .find_map(|dir| resolve_ref(&dir, reference))
}

fn resolve_ref(git_dir: &Path, reference: &str) -> Option<String> {
    if let Ok(text) = fs::read_to_string(git_dir.join(reference)) {
        let sha = text.trim();
        if is_sha(sha) {
            return Some(sha.to_owned());
        }
    }
    let packed = fs::read_to_string(git_dir.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (sha, name) = line.split_once(' ')?;
        (name.trim() == reference && is_sha(sha)).then(|| sha.to_owned())
    })
}

/// A SHA-1 or SHA-256 object name in hex.
fn is_sha(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}
