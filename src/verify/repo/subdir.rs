//! A repository seen from one directory (a monorepo's service): checks list and read only
//! the files under it, with paths relative to it; evidence is mapped back to the root.

use super::source::{BranchProtection, RepoFile, RepoSource, RepoTree, SourceError};
use crate::domain::repo_subdir::RepoSubdir;
use futures_util::future::BoxFuture;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// `inner` restricted to `dir`.
pub struct Subdir<'a> {
    inner: &'a dyn RepoSource,
    dir: RepoSubdir,
    /// The inner tree the restricted one was cut from (reads need it).
    trees: OnceCell<(Arc<RepoTree>, Arc<RepoTree>)>,
}

impl<'a> Subdir<'a> {
    /// `inner` seen from `dir`.
    pub fn new(inner: &'a dyn RepoSource, dir: RepoSubdir) -> Self {
        Self {
            inner,
            dir,
            trees: OnceCell::new(),
        }
    }

    async fn trees(&self) -> Result<&(Arc<RepoTree>, Arc<RepoTree>), SourceError> {
        self.trees
            .get_or_try_init(|| async {
                let whole = self.inner.tree().await?;
                let files = whole
                    .files
                    .iter()
                    .filter_map(|f| {
                        Some(RepoFile {
                            path: self.dir.strip(&f.path)?.to_owned(),
                            size: f.size,
                        })
                    })
                    .collect();
                let mut part = RepoTree::new(whole.commit.clone(), files);
                part.truncated = whole.truncated;
                Ok((whole, Arc::new(part)))
            })
            .await
    }
}

impl RepoSource for Subdir<'_> {
    fn describe(&self) -> String {
        format!("{}, directory {}", self.inner.describe(), self.dir)
    }

    fn tree(&self) -> BoxFuture<'_, Result<Arc<RepoTree>, SourceError>> {
        Box::pin(async move { Ok(self.trees().await?.1.clone()) })
    }

    fn read<'b>(
        &'b self,
        tree: &'b RepoTree,
        path: &'b str,
    ) -> BoxFuture<'b, Result<Arc<str>, SourceError>> {
        Box::pin(async move {
            let (whole, part) = self.trees().await?;
            if tree.commit != part.commit {
                return Err(SourceError::new(format!(
                    "{path}: the listing is not the one {} gave",
                    self.describe()
                )));
            }
            self.inner.read(whole, &self.dir.join(path)).await
        })
    }

    fn supports_branch_protection(&self) -> bool {
        self.inner.supports_branch_protection()
    }

    fn branch_protection<'b>(
        &'b self,
        branch: Option<&'b str>,
    ) -> BoxFuture<'b, Result<BranchProtection, SourceError>> {
        self.inner.branch_protection(branch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::repo::LocalRepo;

    #[tokio::test]
    async fn lists_and_reads_only_under_the_directory() {
        let dir = std::env::temp_dir().join(format!("orrery-subdir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("svc/pay")).unwrap();
        std::fs::write(dir.join("svc/pay/Dockerfile"), "USER app\n").unwrap();
        std::fs::write(dir.join("Dockerfile"), "USER root\n").unwrap();
        std::fs::write(dir.join("svc/payments.txt"), "x").unwrap();
        let local = LocalRepo::new(dir.clone());
        let sub = Subdir::new(&local, RepoSubdir::parse("p", "svc/pay").unwrap().unwrap());
        let tree = sub.tree().await.unwrap();
        let paths: Vec<_> = tree.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["Dockerfile"]);
        assert_eq!(&*sub.read(&tree, "Dockerfile").await.unwrap(), "USER app\n");
        assert!(sub.describe().ends_with("directory svc/pay"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
