//! A push to the default branch: each service whose repository holds a readiness manifest
//! (`orrery.yaml` in the service's directory) follows it. Fields changed in Orrery since the
//! last sync are kept and reported as drift (see [`crate::services::manifest`]).

use super::jobs::PrCheckJob;
use super::process::JobFailure;
use crate::domain::records;
use crate::error::ErrorCode;
use crate::services::pr_check::{manifest_side, subdir_of};
use crate::services::{Actor, Services};
use crate::verify::repo::RepoSource;

impl Services {
    /// Syncs every service of the pushed repository from its manifest at the pushed commit,
    /// and says what happened in a sentence (empty when no service has a manifest).
    pub(super) async fn follow_manifests(
        &self,
        job: &PrCheckJob,
        services: &[records::Service],
    ) -> Result<String, JobFailure> {
        let (Some(github), Some(commit)) = (self.sources().github.clone(), job.head_sha.as_deref())
        else {
            return Ok(String::new());
        };
        if let Some(id) = job.installation_id.and_then(|i| u64::try_from(i).ok()) {
            github.use_installation(&job.owner, &job.name, id);
        }
        let source = github.repo_at(&job.owner, &job.name, commit);
        source.tree().await.map_err(|e| JobFailure {
            message: e.message,
            transient: true,
        })?;
        let actor = Actor::system();
        let mut done = Vec::new();
        for service in services {
            let path = manifest_side::default_path(subdir_of(service).as_ref());
            let manifest = match manifest_side::load(&source, &path).await {
                Ok(Some(m)) => m,
                Ok(None) => continue,
                Err(problems) => {
                    done.push(format!(
                        "{}: {path} is invalid ({} problem{}), not synced",
                        service.slug,
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" }
                    ));
                    continue;
                }
            };
            // Several services may share a repository: a manifest speaks for its own.
            if manifest.service.slug.as_str() != service.slug {
                done.push(format!(
                    "{}: {path} declares `{}`, not synced",
                    service.slug, manifest.service.slug
                ));
                continue;
            }
            match self
                .sync_manifest(&actor, &service.slug, &manifest, commit)
                .await
            {
                Ok(report) => done.push(format!(
                    "{}: synced from {path} ({} drift)",
                    service.slug,
                    report.drift.len()
                )),
                // Someone edited the service meanwhile: the next attempt reads it afresh.
                Err(e) if matches!(e.code(), ErrorCode::Conflict | ErrorCode::Unavailable) => {
                    return Err(JobFailure {
                        message: e.public_message(),
                        transient: true,
                    });
                }
                Err(e) => done.push(format!(
                    "{}: not synced: {}",
                    service.slug,
                    e.public_message()
                )),
            }
        }
        Ok(done.join("; "))
    }
}
