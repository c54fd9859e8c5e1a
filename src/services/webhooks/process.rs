//! What one queued job does. A pull request job judges the change for every service of
//! the repository (each service's repository checks at the base and head commits, combined
//! with its current review; see [`crate::services::pr_check`]) and posts one check run per
//! service on the head commit. A push to the default branch re-verifies the services.

use super::jobs::PrCheckJob;
use crate::domain::change::Links;
use crate::domain::records;
use crate::domain::webhook::JobKind;
use crate::error::{AppError, ErrorCode};
use crate::services::{Actor, Services};
use crate::store::entities::verification_job;
use crate::verify::github::{CheckAnnotation, CheckRunResult, GitHubRepo, WriteError};
use crate::verify::repo::RepoSource;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Why an attempt at a job failed, and whether a later attempt may succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobFailure {
    /// What failed; safe to store and show (no secrets, no internals).
    pub message: String,
    /// GitHub or the database was unavailable: try again later.
    pub transient: bool,
}

impl JobFailure {
    fn permanent(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            transient: false,
        }
    }
}

impl From<WriteError> for JobFailure {
    fn from(e: WriteError) -> Self {
        Self {
            message: e.message,
            transient: e.transient,
        }
    }
}

impl From<AppError> for JobFailure {
    fn from(e: AppError) -> Self {
        if e.code() == ErrorCode::Internal {
            tracing::error!(error = %e.log_detail(), "PR check job failed");
        }
        Self {
            transient: e.code() == ErrorCode::Unavailable,
            message: e.public_message(),
        }
    }
}

/// The two commits of a change, read from GitHub.
pub(super) struct Sides<'a> {
    pub base_sha: &'a str,
    pub head_sha: &'a str,
    pub base: GitHubRepo,
    pub head: GitHubRepo,
}

impl Services {
    /// Does `job`'s work and returns its outcome in a sentence.
    pub async fn run_pr_check_job(&self, job: &PrCheckJob) -> Result<String, JobFailure> {
        let services = self.services_for_github_repo(&job.owner, &job.name).await?;
        if services.is_empty() {
            return Ok(format!("no service uses {}", job.full_name()));
        }
        if job.kind == JobKind::Push {
            let synced = self.follow_manifests(job, &services).await?;
            let verified = self.reverify(&services).await?;
            return Ok(if synced.is_empty() {
                verified
            } else {
                format!("{synced}; {verified}")
            });
        }
        let github = self.sources().github.clone().ok_or_else(|| {
            JobFailure::permanent(
                "no GitHub App is configured (set --github-app-id and --github-app-key-file), \
                 so no check run can be posted",
            )
        })?;
        if let Some(id) = job.installation_id.and_then(|i| u64::try_from(i).ok()) {
            github.use_installation(&job.owner, &job.name, id);
        }
        let (Some(head_sha), Some(base_sha)) = (job.head_sha.as_deref(), job.base_sha.as_deref())
        else {
            return Err(JobFailure::permanent(
                "the job names no base and head commits",
            ));
        };
        let head = github.repo_at(&job.owner, &job.name, head_sha);
        // Judged from where the pull request branched off, not from wherever its base branch
        // has moved since (a transient failure retries the job).
        let merge_base = head
            .merge_base(base_sha, head_sha)
            .await
            .map_err(|e| JobFailure {
                message: e.message,
                transient: true,
            })?;
        let base_sha = merge_base.as_deref().unwrap_or(base_sha);
        let sides = Sides {
            base_sha,
            head_sha,
            base: github.repo_at(&job.owner, &job.name, base_sha),
            head,
        };
        // Listing both commits first: a GitHub outage retries the job rather than being
        // judged as items failing at one side.
        for side in [&sides.base, &sides.head] {
            side.tree().await.map_err(|e| JobFailure {
                message: e.message,
                transient: true,
            })?;
        }
        let targets = self.targets(job, services).await?;
        let checks = github.check_runs(&job.owner, &job.name);
        for service in &targets {
            let run = self.open_check_run(&checks, job, service, head_sha).await?;
            let result = self.judge(service, &sides).await?;
            self.close_check_run(&checks, job, service, head_sha, run, result)
                .await?;
        }
        Ok(format!(
            "posted {} check run{} on {head_sha}",
            targets.len(),
            if targets.len() == 1 { "" } else { "s" }
        ))
    }

    /// The services a job posts for: the re-run check run's service, or all of them.
    async fn targets(
        &self,
        job: &PrCheckJob,
        services: Vec<records::Service>,
    ) -> Result<Vec<records::Service>, JobFailure> {
        let Some(run_id) = job.check_run_id.filter(|_| job.kind == JobKind::RerunCheck) else {
            return Ok(services);
        };
        let Some(service_id) = self.service_of_check_run(run_id).await? else {
            // A run Orrery has no record of: re-run every service of the repository.
            return Ok(services);
        };
        Ok(services
            .into_iter()
            .filter(|s| s.id == service_id)
            .collect())
    }

    /// The check run's content for one service: the change report, or a neutral run
    /// saying why the change could not be judged.
    async fn judge(
        &self,
        service: &records::Service,
        sides: &Sides<'_>,
    ) -> Result<CheckRunResult, JobFailure> {
        let judged = async {
            // Each side: the repository checks and the readiness manifest at that commit.
            let base = self.side_at(service, &sides.base, sides.base_sha).await?;
            let head = self.side_at(service, &sides.head, sides.head_sha).await?;
            self.evaluate_change(service, base, head).await
        }
        .await;
        let report = match judged {
            Ok(report) => report,
            Err(e) if e.code() == ErrorCode::Unavailable => return Err(e.into()),
            Err(e) => {
                if e.code() == ErrorCode::Internal {
                    tracing::error!(service = %service.slug, error = %e.log_detail(), "judging a change failed");
                }
                return Ok(CheckRunResult {
                    conclusion: "neutral",
                    completed_at: self.now(),
                    title: "Orrery could not evaluate this change".into(),
                    summary: format!(
                        "Orrery could not judge what this change does to the readiness of \
                         `{}`: {}",
                        service.slug,
                        e.public_message()
                    ),
                    annotations: Vec::new(),
                });
            }
        };
        let links = Links::under(self.public_url(), &service.slug);
        Ok(CheckRunResult {
            conclusion: report.conclusion().as_github(),
            completed_at: self.now(),
            title: report.title(),
            summary: report.summary_markdown(&links),
            annotations: report
                .annotations()
                .into_iter()
                .map(|a| CheckAnnotation {
                    path: a.path,
                    start_line: a.line,
                    end_line: a.line,
                    level: a.level.as_github(),
                    title: a.title,
                    message: a.message,
                })
                .collect(),
        })
    }

    /// A push moved the default branch: the services' verification jobs become due now
    /// (the background scheduler runs them), or, with background verification off, the
    /// services are verified here.
    async fn reverify(&self, services: &[records::Service]) -> Result<String, JobFailure> {
        let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
        if self.webhooks().scheduled_verification {
            verification_job::Entity::update_many()
                .col_expr(verification_job::Column::DueAt, Expr::value(self.now()))
                .filter(verification_job::Column::ServiceId.is_in(ids))
                .exec(self.db.conn())
                .await
                .map_err(AppError::from)?;
            return Ok(format!(
                "{} service{} due for verification",
                services.len(),
                if services.len() == 1 { "" } else { "s" }
            ));
        }
        let actor = Actor::system();
        let mut verified = 0;
        for service in services {
            match self.verify_service(&actor, &service.slug).await {
                Ok(_) => verified += 1,
                Err(e) => {
                    tracing::info!(service = %service.slug, error = %e.log_detail(), "verification after a push did not complete");
                }
            }
        }
        Ok(format!(
            "verified {verified} of {} services",
            services.len()
        ))
    }
}
