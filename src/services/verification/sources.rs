//! Where verification reads from, configured once at start-up: repositories (local
//! checkouts always; GitHub when a token or App is configured) and Prometheus.

use crate::domain::catalog::Repository;
use crate::verify::github::GitHub;
use crate::verify::prom::MetricsSource;
use crate::verify::repo::{LocalRepo, RepoSource};
use std::path::PathBuf;
use std::sync::Arc;

/// The external systems checks read. Cheap to clone.
#[derive(Clone, Default)]
pub struct VerifySources {
    /// Prometheus, when configured.
    pub metrics: Option<Arc<dyn MetricsSource>>,
    /// GitHub, when a token or App is configured.
    pub github: Option<GitHub>,
}

impl VerifySources {
    /// The source for a service's `repository` field, or why there is none.
    pub fn repo(&self, repository: Option<&str>) -> Result<Arc<dyn RepoSource>, String> {
        let Some(raw) = repository else {
            return Err("the service has no repository configured".into());
        };
        match Repository::parse("repository", raw) {
            Ok(Repository::Local(path)) => Ok(Arc::new(LocalRepo::new(PathBuf::from(path)))),
            Ok(Repository::GitHub { owner, name }) => match &self.github {
                Some(github) => Ok(Arc::new(github.repo(&owner, &name))),
                None => Err(format!(
                    "`{owner}/{name}` is on GitHub and no GitHub access is configured \
                 (set --github-token or the GitHub App settings)"
                )),
            },
            Err(e) => Err(format!(
                "the repository `{raw}` is not valid: {}",
                e.message
            )),
        }
    }

    /// Prometheus, or why checks against it cannot run.
    pub fn metrics(&self) -> Result<&Arc<dyn MetricsSource>, String> {
        self.metrics
            .as_ref()
            .ok_or_else(|| "no Prometheus is configured (set --prometheus-url)".into())
    }
}
