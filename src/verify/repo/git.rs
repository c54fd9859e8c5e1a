//! A commit of a local git repository as a [`RepoSource`]: what `orrery check` reads in a
//! CI job, where the checkout holds both the pull request's base and head.
//!
//! It runs the `git` program (`ls-tree` to list, `cat-file` to read): the checkout is the
//! CI job's own, and git already knows how to read packs, alternates and partial clones.
//! Revisions are passed after `--end-of-options`, so none can be taken for an option.

use super::local::{MAX_FILES, MAX_READ_BYTES};
use super::source::{RepoFile, RepoSource, RepoTree, SourceError};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::process::Command;
use tokio::sync::OnceCell;

/// One commit of the repository at `dir`.
pub struct GitCommit {
    dir: PathBuf,
    commit: String,
    listing: OnceCell<(Arc<RepoTree>, HashMap<String, String>)>,
}

/// Runs `git -C dir args…` and returns its standard output.
async fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, SourceError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| SourceError::new(format!("cannot run git in {}: {e}", dir.display())))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim();
        return Err(SourceError::new(format!(
            "git {} failed in {}: {}",
            args.first().copied().unwrap_or(""),
            dir.display(),
            if first.is_empty() {
                "no message"
            } else {
                first
            }
        )));
    }
    Ok(out.stdout)
}

/// Refuses revisions that are empty, huge or hold characters no ref name has.
fn check_rev(rev: &str) -> Result<(), SourceError> {
    let ok = !rev.is_empty()
        && rev.len() <= 250
        && !rev.starts_with('-')
        && rev
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '\\' | ':' | '?' | '*' | '['));
    if ok {
        Ok(())
    } else {
        Err(SourceError::new(format!(
            "`{}` is not a git revision Orrery accepts",
            rev.escape_debug()
        )))
    }
}

impl GitCommit {
    /// The full SHA of `rev` (a branch, tag, `HEAD~1`, a SHA) in the repository at `dir`.
    pub async fn resolve(dir: &Path, rev: &str) -> Result<String, SourceError> {
        check_rev(rev)?;
        let spec = format!("{rev}^{{commit}}");
        let out = git(
            dir,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )
        .await
        .map_err(|_| {
            SourceError::new(format!(
                "`{rev}` is not a commit of the repository at {} (is it fetched? in GitHub \
                 Actions, check out with `fetch-depth: 0`)",
                dir.display()
            ))
        })?;
        let sha = String::from_utf8_lossy(&out).trim().to_owned();
        if sha.len() < 40 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SourceError::new(format!("git gave `{sha}` for `{rev}`")));
        }
        Ok(sha)
    }

    /// The best common ancestor of two commits, when they have one.
    pub async fn merge_base(dir: &Path, a: &str, b: &str) -> Option<String> {
        let out = git(dir, &["merge-base", "--end-of-options", a, b])
            .await
            .ok()?;
        let sha = String::from_utf8_lossy(&out).trim().to_owned();
        (sha.len() >= 40).then_some(sha)
    }

    /// The commit `commit` (a full SHA from [`GitCommit::resolve`]) of the repository at `dir`.
    pub fn new(dir: impl Into<PathBuf>, commit: impl Into<String>) -> Self {
        Self {
            dir: dir.into(),
            commit: commit.into(),
            listing: OnceCell::new(),
        }
    }

    async fn listing(&self) -> Result<&(Arc<RepoTree>, HashMap<String, String>), SourceError> {
        self.listing
            .get_or_try_init(|| async {
                let out = git(
                    &self.dir,
                    &[
                        "ls-tree",
                        "-r",
                        "-l",
                        "-z",
                        "--end-of-options",
                        &self.commit,
                    ],
                )
                .await?;
                let (tree, blobs) = parse_ls_tree(&out, &self.commit);
                Ok((Arc::new(tree), blobs))
            })
            .await
    }
}

/// Parses `git ls-tree -r -l -z`: `<mode> <type> <object> <size>\t<path>\0` per entry.
/// Only regular files (blobs that are not symbolic links) are listed.
fn parse_ls_tree(out: &[u8], commit: &str) -> (RepoTree, HashMap<String, String>) {
    let mut files = Vec::new();
    let mut blobs = HashMap::new();
    let mut truncated = false;
    for entry in out.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split_ascii_whitespace();
        let (Some(mode), Some(kind), Some(sha), Some(size)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if kind != "blob" || mode == "120000" {
            continue;
        }
        if files.len() >= MAX_FILES {
            truncated = true;
            break;
        }
        files.push(RepoFile {
            path: path.to_owned(),
            size: size.parse().unwrap_or(0),
        });
        blobs.insert(path.to_owned(), sha.to_owned());
    }
    let mut tree = RepoTree::new(Some(commit.to_owned()), files);
    tree.truncated = truncated;
    (tree, blobs)
}

impl RepoSource for GitCommit {
    fn describe(&self) -> String {
        format!(
            "git repository {} at commit {}",
            self.dir.display(),
            self.commit.get(..12).unwrap_or(&self.commit)
        )
    }

    fn tree(&self) -> BoxFuture<'_, Result<Arc<RepoTree>, SourceError>> {
        Box::pin(async move { Ok(self.listing().await?.0.clone()) })
    }

    fn read<'a>(
        &'a self,
        tree: &'a RepoTree,
        path: &'a str,
    ) -> BoxFuture<'a, Result<Arc<str>, SourceError>> {
        Box::pin(async move {
            let (_, blobs) = self.listing().await?;
            let (Some(file), Some(sha)) = (tree.file(path), blobs.get(path)) else {
                return Err(SourceError::new(format!(
                    "{path} is not in commit {}",
                    self.commit
                )));
            };
            if file.size > MAX_READ_BYTES {
                return Err(SourceError::new(format!(
                    "{path} is {} bytes, larger than the {MAX_READ_BYTES} bytes checks read",
                    file.size
                )));
            }
            let bytes = git(&self.dir, &["cat-file", "blob", sha]).await?;
            Ok(String::from_utf8_lossy(&bytes).into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_listings_and_skips_links_and_submodules() {
        let out = b"100644 blob aaaa     12\tsrc/main.rs\0\
                    120000 blob bbbb      3\tlink\0\
                    160000 commit cccc       -\tvendor/sub\0\
                    100755 blob dddd    500\tdir with space/run.sh\0";
        let (tree, blobs) = parse_ls_tree(out, "c0ffee");
        let paths: Vec<_> = tree.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["dir with space/run.sh", "src/main.rs"]);
        assert_eq!(tree.file("src/main.rs").unwrap().size, 12);
        assert_eq!(blobs["dir with space/run.sh"], "dddd");
        assert_eq!(tree.commit.as_deref(), Some("c0ffee"));
    }

    #[test]
    fn refuses_revisions_that_could_be_options_or_odd() {
        for bad in ["", "-n", "--output=/tmp/x", "a b", "a:b", "HEAD\n"] {
            assert!(check_rev(bad).is_err(), "{bad:?}");
        }
        for good in ["HEAD~1", "origin/main", "v1.2.3", "abc123", "HEAD^"] {
            assert!(check_rev(good).is_ok(), "{good}");
        }
    }

    #[tokio::test]
    async fn reads_two_commits_of_a_real_repository() {
        let dir = std::env::temp_dir().join(format!("orrery-git-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let run = |args: &[&str]| {
            let ok = std::process::Command::new("git")
                .arg("-C")
                .arg(&dir)
                .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
                .args(args)
                .output()
                .unwrap()
                .status
                .success();
            assert!(ok, "git {args:?}");
        };
        run(&["init", "-q"]);
        std::fs::write(dir.join("Dockerfile"), "USER app\n").unwrap();
        run(&["add", "."]);
        run(&["commit", "-qm", "one"]);
        std::fs::write(dir.join("Dockerfile"), "USER root\n").unwrap();
        run(&["commit", "-qam", "two"]);
        let base = GitCommit::resolve(&dir, "HEAD~1").await.unwrap();
        let head = GitCommit::resolve(&dir, "HEAD").await.unwrap();
        assert_ne!(base, head);
        assert_eq!(
            GitCommit::merge_base(&dir, &base, &head).await.as_deref(),
            Some(base.as_str())
        );
        for (sha, text) in [(&base, "USER app\n"), (&head, "USER root\n")] {
            let src = GitCommit::new(&dir, sha.clone());
            let tree = src.tree().await.unwrap();
            assert_eq!(&*src.read(&tree, "Dockerfile").await.unwrap(), text);
        }
        let missing = GitCommit::resolve(&dir, "no-such-branch")
            .await
            .unwrap_err();
        assert!(
            missing.message.contains("fetch-depth"),
            "{}",
            missing.message
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
