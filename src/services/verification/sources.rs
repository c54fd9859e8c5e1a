//! Where verification reads from, configured once at start-up: repositories (local
//! checkouts under `--local-repos-root`; GitHub when a token or App is configured) and
//! Prometheus.

use crate::domain::catalog::Repository;
use crate::verify::github::GitHub;
use crate::verify::prom::MetricsSource;
use crate::verify::repo::{LocalRepo, LocalRoots, RepoSource};
use std::sync::Arc;

/// The external systems checks read. Cheap to clone.
#[derive(Clone, Default)]
pub struct VerifySources {
    /// Prometheus, when configured.
    pub metrics: Option<Arc<dyn MetricsSource>>,
    /// GitHub, when a token or App is configured.
    pub github: Option<GitHub>,
    /// Directories local checkouts may lie in; none: local checkouts are off.
    pub local_roots: LocalRoots,
}

/// Why a service's repository cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoRepo {
    /// Nothing to read from is set up (no repository, no GitHub access): checks are skipped.
    Skipped(String),
    /// The repository is refused (a local path outside the allowed roots, or local
    /// checkouts off): checks are recorded as errors with the reason.
    Refused(String),
}

impl VerifySources {
    /// The source for a service's `repository` field, or why there is none.
    pub fn repo(&self, repository: Option<&str>) -> Result<Arc<dyn RepoSource>, NoRepo> {
        let Some(raw) = repository else {
            return Err(NoRepo::Skipped(
                "the service has no repository configured".into(),
            ));
        };
        match Repository::parse("repository", raw) {
            Ok(Repository::Local(path)) => match self.local_roots.resolve(&path) {
                Ok(dir) => Ok(Arc::new(LocalRepo::new(dir))),
                Err(refused) => Err(NoRepo::Refused(refused.to_string())),
            },
            Ok(Repository::GitHub { owner, name }) => match &self.github {
                Some(github) => Ok(Arc::new(github.repo(&owner, &name))),
                None => Err(NoRepo::Skipped(format!(
                    "`{owner}/{name}` is on GitHub and no GitHub access is configured \
                 (set --github-token or the GitHub App settings)"
                ))),
            },
            Err(e) => Err(NoRepo::Refused(format!(
                "the repository `{}` is not valid: {}",
                raw.escape_debug(),
                e.message
            ))),
        }
    }

    /// Prometheus, or why checks against it cannot run.
    pub fn metrics(&self) -> Result<&Arc<dyn MetricsSource>, String> {
        self.metrics
            .as_ref()
            .ok_or_else(|| "no Prometheus is configured (set --prometheus-url)".into())
    }
}
