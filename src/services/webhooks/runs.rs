//! One check run per (repository, head commit, service): created once, then updated.
//!
//! A delivery about a head commit that already has Orrery's run for the service marks that
//! run in progress and completes it again (`PATCH`). Without a stored run, one GitHub
//! already has under the same name is adopted (a row lost after a create), otherwise a run
//! is created (`POST`, never retried blindly). A re-run request ("Re-run", "Re-run all")
//! creates a new run, as GitHub expects, once per request: a retried job updates the run
//! its first attempt created. Annotations are sent once per run, because GitHub appends
//! the annotations of every update to those already there.

use super::jobs::PrCheckJob;
use super::process::JobFailure;
use crate::domain::change::Links;
use crate::domain::records;
use crate::domain::webhook::{JobKind, check_run_name};
use crate::error::AppError;
use crate::services::Services;
use crate::store::entities::pr_check_run;
use crate::store::unique::insert_unless_taken;
use crate::verify::github::{CheckRunResult, CheckRuns};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

/// A check run ready to be completed.
#[derive(Debug, Clone, Copy)]
pub(super) struct OpenRun {
    id: i64,
    /// It already carries annotations.
    annotated: bool,
}

impl Services {
    /// The service whose check run `check_run_id` is, if Orrery posted it.
    pub(super) async fn service_of_check_run(
        &self,
        check_run_id: i64,
    ) -> Result<Option<i64>, AppError> {
        let row = pr_check_run::Entity::find()
            .filter(pr_check_run::Column::CheckRunId.eq(check_run_id))
            .one(self.db.conn())
            .await?;
        Ok(row.map(|r| r.service_id))
    }

    async fn stored_run(
        &self,
        repo: &str,
        head_sha: &str,
        service_id: i64,
    ) -> Result<Option<pr_check_run::Model>, AppError> {
        Ok(pr_check_run::Entity::find()
            .filter(pr_check_run::Column::Repo.eq(repo))
            .filter(pr_check_run::Column::HeadSha.eq(head_sha))
            .filter(pr_check_run::Column::ServiceId.eq(service_id))
            .one(self.db.conn())
            .await?)
    }

    /// The check run to post `service`'s result on, in progress: the stored one, an adopted
    /// one, or a new one.
    pub(super) async fn open_check_run(
        &self,
        checks: &CheckRuns,
        job: &PrCheckJob,
        service: &records::Service,
        head_sha: &str,
    ) -> Result<OpenRun, JobFailure> {
        let repo = checks.full_name().to_ascii_lowercase();
        let now = self.now();
        let rerun = matches!(job.kind, JobKind::RerunCheck | JobKind::RerunSuite);
        let stored = self.stored_run(&repo, head_sha, service.id).await?;
        if let Some(row) = &stored
            && !(rerun && row.created_at < job.created_at)
        {
            checks.restart(row.check_run_id, now).await?;
            return Ok(OpenRun {
                id: row.check_run_id,
                annotated: row.annotations > 0,
            });
        }
        let name = check_run_name(&service.slug);
        let adopted = match stored {
            None if !rerun => checks.find(head_sha, &name).await?,
            _ => None,
        };
        let id = match adopted {
            Some(id) => {
                checks.restart(id, now).await?;
                id
            }
            None => {
                let details = Links::under(self.public_url(), &service.slug).service_url;
                let external_id = format!("service:{}", service.id);
                checks
                    .create(&name, head_sha, details.as_deref(), &external_id, now)
                    .await?
            }
        };
        self.save_run(&repo, head_sha, service.id, id, now).await?;
        Ok(OpenRun {
            id,
            annotated: false,
        })
    }

    /// Records run `id` as the one for (`repo`, `head_sha`, `service_id`), replacing any
    /// earlier run (a re-run).
    async fn save_run(
        &self,
        repo: &str,
        head_sha: &str,
        service_id: i64,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let row = pr_check_run::ActiveModel {
            id: NotSet,
            repo: Set(repo.to_owned()),
            head_sha: Set(head_sha.to_owned()),
            service_id: Set(service_id),
            check_run_id: Set(id),
            conclusion: Set(None),
            annotations: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let key = [
            pr_check_run::Column::Repo,
            pr_check_run::Column::HeadSha,
            pr_check_run::Column::ServiceId,
        ];
        if insert_unless_taken(self.db.conn(), row, key)
            .await?
            .is_none()
        {
            pr_check_run::Entity::update_many()
                .col_expr(pr_check_run::Column::CheckRunId, Expr::value(id))
                .col_expr(
                    pr_check_run::Column::Conclusion,
                    Expr::value(None::<String>),
                )
                .col_expr(pr_check_run::Column::Annotations, Expr::value(0))
                .col_expr(pr_check_run::Column::CreatedAt, Expr::value(now))
                .col_expr(pr_check_run::Column::UpdatedAt, Expr::value(now))
                .filter(pr_check_run::Column::Repo.eq(repo))
                .filter(pr_check_run::Column::HeadSha.eq(head_sha))
                .filter(pr_check_run::Column::ServiceId.eq(service_id))
                .exec(self.db.conn())
                .await?;
        }
        Ok(())
    }

    /// Completes `run` with `result` (annotations only if the run has none yet) and
    /// records the conclusion.
    pub(super) async fn close_check_run(
        &self,
        checks: &CheckRuns,
        job: &PrCheckJob,
        service: &records::Service,
        head_sha: &str,
        run: OpenRun,
        mut result: CheckRunResult,
    ) -> Result<(), JobFailure> {
        if run.annotated {
            result.annotations.clear();
        }
        checks.complete(run.id, &result).await?;
        let added = i32::try_from(result.annotations.len()).unwrap_or(i32::MAX);
        pr_check_run::Entity::update_many()
            .col_expr(
                pr_check_run::Column::Conclusion,
                Expr::value(Some(result.conclusion.to_owned())),
            )
            .col_expr(
                pr_check_run::Column::Annotations,
                Expr::col(pr_check_run::Column::Annotations).add(added),
            )
            .col_expr(pr_check_run::Column::UpdatedAt, Expr::value(self.now()))
            .filter(pr_check_run::Column::CheckRunId.eq(run.id))
            .exec(self.db.conn())
            .await
            .map_err(AppError::from)?;
        tracing::info!(
            repo = checks.full_name(),
            head = head_sha,
            service = %service.slug,
            check_run = run.id,
            conclusion = result.conclusion,
            job = job.id,
            "check run posted"
        );
        Ok(())
    }
}
