//! Tests of [`LocalRepo`] on real temporary directories.

use super::*;
use crate::verify::CheckOutcome;
use std::fs;
use std::path::{Path, PathBuf};

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("orrery-verify-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temp dir");
        Self(dir)
    }
    fn write(&self, path: &str, content: &[u8]) {
        let full = self.0.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(full, content).expect("write file");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

fn paths(repo: &RepoTree) -> Vec<&str> {
    repo.files.iter().map(|f| f.path.as_str()).collect()
}

#[tokio::test]
async fn lists_files_skipping_tool_directories_and_reads_them() {
    let dir = TempDir::new("walk");
    dir.write("README.md", b"hello\nworld\n");
    dir.write("deploy/app.yaml", b"kind: Deployment\n");
    dir.write(".github/workflows/ci.yml", b"on: push\n");
    dir.write("target/debug/big", b"x");
    dir.write("web/node_modules/left-pad/index.js", b"x");
    dir.write(".git/config", b"x");
    dir.write("latin1.txt", &[b'c', b'a', b'f', 0xe9]);
    let repo = LocalRepo::new(dir.0.clone());
    let tree = repo.tree().await.expect("tree");
    assert_eq!(
        paths(&tree),
        [
            ".github/workflows/ci.yml",
            "README.md",
            "deploy/app.yaml",
            "latin1.txt"
        ]
    );
    assert_eq!(tree.commit, None, "not a git checkout");
    assert_eq!(tree.file("README.md").map(|f| f.size), Some(12));
    assert_eq!(
        &*repo.read(&tree, "README.md").await.expect("read"),
        "hello\nworld\n"
    );
    assert_eq!(
        &*repo.read(&tree, "latin1.txt").await.expect("read"),
        "caf\u{fffd}"
    );
    let missing = repo.read(&tree, "../etc/passwd").await;
    assert!(missing.is_err_and(|e| e.message.contains("not in the repository")));
    assert!(repo.describe().starts_with("local checkout "));
    assert!(!repo.supports_branch_protection());
}

#[tokio::test]
async fn large_files_are_listed_but_not_read() {
    let dir = TempDir::new("large");
    let size = usize::try_from(MAX_READ_BYTES).unwrap_or(usize::MAX) + 1;
    dir.write("dump.sql", &vec![b'x'; size]);
    let repo = LocalRepo::new(dir.0.clone());
    let tree = repo.tree().await.expect("tree");
    assert_eq!(tree.file("dump.sql").map(|f| f.size), Some(size as u64));
    let err = repo.read(&tree, "dump.sql").await.expect_err("too large");
    assert!(err.message.contains("larger than"), "{err}");
    let spec = super::tests::spec("kind: repo.file_contains\npaths: ['*.sql']\npattern: x");
    let r = run_repo_check(&spec, &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{}", r.evidence.summary);
}

#[tokio::test]
async fn a_missing_directory_is_an_error_outcome() {
    let repo = LocalRepo::new(PathBuf::from("/nonexistent/orrery/checkout"));
    let spec = super::tests::spec("kind: repo.file_exists\npaths: [README.md]");
    let r = run_repo_check(&spec, &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence.summary.contains("/nonexistent/orrery/checkout"),
        "{}",
        r.evidence.summary
    );
}

#[cfg(unix)]
#[tokio::test]
async fn symlinks_escaping_the_root_are_skipped() {
    let outside = TempDir::new("outside");
    outside.write("secret.txt", b"s");
    let dir = TempDir::new("links");
    dir.write("real/file.txt", b"f");
    std::os::unix::fs::symlink(outside.0.join("secret.txt"), dir.0.join("escape.txt"))
        .expect("link");
    std::os::unix::fs::symlink(dir.0.join("real/file.txt"), dir.0.join("inside.txt"))
        .expect("link");
    std::os::unix::fs::symlink(&outside.0, dir.0.join("outdir")).expect("link");
    std::os::unix::fs::symlink(dir.0.join("real"), dir.0.join("loop")).expect("link");
    let tree = LocalRepo::new(dir.0.clone()).tree().await.expect("tree");
    assert_eq!(paths(&tree), ["inside.txt", "real/file.txt"]);
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_swapped_for_a_link_out_of_the_root_after_listing_is_not_read() {
    let outside = TempDir::new("swap-outside");
    outside.write("secret.txt", b"password=hunter2");
    let dir = TempDir::new("swap");
    dir.write("config.yaml", b"ok: true");
    let repo = LocalRepo::new(dir.0.clone());
    let tree = repo.tree().await.expect("tree");
    fs::remove_file(dir.0.join("config.yaml")).expect("remove");
    std::os::unix::fs::symlink(outside.0.join("secret.txt"), dir.0.join("config.yaml"))
        .expect("link");
    let e = repo
        .read(&tree, "config.yaml")
        .await
        .expect_err("the link leads outside");
    assert!(e.to_string().contains("outside the checkout"), "{e}");
}

fn git(root: &Path, head: &str) {
    fs::create_dir_all(root.join(".git/refs/heads")).expect("git dir");
    fs::write(root.join(".git/HEAD"), head).expect("HEAD");
}

#[test]
fn commit_is_read_from_loose_refs_packed_refs_and_detached_heads() {
    let dir = TempDir::new("git");
    git(&dir.0, "ref: refs/heads/main\n");
    assert_eq!(head_commit(&dir.0), None, "unborn branch");
    fs::write(
        dir.0.join(".git/packed-refs"),
        format!("# pack-refs with: peeled\n{SHA} refs/heads/main\n"),
    )
    .expect("packed");
    assert_eq!(head_commit(&dir.0).as_deref(), Some(SHA));
    let loose = SHA.replace('0', "f");
    fs::write(dir.0.join(".git/refs/heads/main"), format!("{loose}\n")).expect("loose");
    assert_eq!(
        head_commit(&dir.0),
        Some(loose),
        "loose refs win over packed ones"
    );
    fs::write(dir.0.join(".git/HEAD"), format!("{SHA}\n")).expect("detached");
    assert_eq!(head_commit(&dir.0).as_deref(), Some(SHA));
    fs::write(dir.0.join(".git/HEAD"), "ref: refs/heads/../../../etc\n").expect("evil");
    assert_eq!(head_commit(&dir.0), None);
    fs::write(dir.0.join(".git/HEAD"), "garbage").expect("garbage");
    assert_eq!(head_commit(&dir.0), None);

    let worktree = TempDir::new("worktree");
    let gitdir = dir.0.join(".git/worktrees/wt");
    fs::create_dir_all(&gitdir).expect("wt dir");
    fs::write(gitdir.join("HEAD"), "ref: refs/heads/main\n").expect("wt HEAD");
    fs::write(gitdir.join("commondir"), "../..\n").expect("commondir");
    fs::write(
        worktree.0.join(".git"),
        format!("gitdir: {}\n", gitdir.display()),
    )
    .expect(".git file");
    assert_eq!(
        head_commit(&worktree.0).as_deref(),
        Some(SHA.replace('0', "f").as_str())
    );
}

#[tokio::test]
async fn evidence_carries_the_commit() {
    let dir = TempDir::new("commit");
    git(&dir.0, &format!("{SHA}\n"));
    dir.write("README.md", b"x");
    let spec = super::tests::spec("kind: repo.file_exists\npaths: [README.md]");
    let r = run_repo_check(&spec, &LocalRepo::new(dir.0.clone())).await;
    assert_eq!(
        (r.outcome, r.evidence.commit.as_deref()),
        (CheckOutcome::Pass, Some(SHA))
    );
}
