//! The merge base of a pull request: GitHub's three-dot compare names the commit a pull
//! request branched from, which is what its change is judged against (a base branch that
//! moved on since must not be blamed on the pull request).

use super::repo::GitHubRepo;
use crate::verify::repo::SourceError;
use axum::http::StatusCode;

impl GitHubRepo {
    /// `GET /repos/{o}/{r}/compare/{base}...{head}`: the best common ancestor of `base` and
    /// `head`. `Ok(None)` when GitHub cannot compare them (unknown commits, unrelated
    /// histories); callers then compare with `base` itself.
    pub async fn merge_base(&self, base: &str, head: &str) -> Result<Option<String>, SourceError> {
        self.check_name()?;
        let hex = |s: &str| (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex(base) || !hex(head) {
            return Err(SourceError::new(format!(
                "`{base}` and `{head}` must be commit SHAs to compare them"
            )));
        }
        // `per_page=1`: only the merge base is wanted, not the commits and files between.
        let path = format!(
            "/repos/{}/compare/{base}...{head}?per_page=1",
            self.full_name()
        );
        let what = format!(
            "finding where {head} branched from {base} in {}",
            self.full_name()
        );
        let target = self.target(&what, &path);
        let reply = self.gh().client().get(&target).await?;
        if matches!(
            reply.status,
            StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY
        ) {
            return Ok(None);
        }
        #[derive(serde::Deserialize)]
        struct Comparison {
            merge_base_commit: Commit,
        }
        #[derive(serde::Deserialize)]
        struct Commit {
            sha: String,
        }
        let found: Comparison = target.parse(&reply)?;
        let sha = found.merge_base_commit.sha;
        Ok(hex(&sha).then_some(sha))
    }
}
