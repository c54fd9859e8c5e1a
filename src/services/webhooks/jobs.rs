//! The `pr_check_jobs` queue. Replicas claim due jobs under a lease, as
//! [`crate::services::verification::jobs`] does: `FOR UPDATE SKIP LOCKED` on PostgreSQL, the
//! single writer on SQLite; an expired lease lets another replica take the job over. A job
//! is not claimed while another job of the same repository is held, so one repository's
//! check runs are written by one worker at a time.

use crate::domain::webhook::JobKind;
use crate::error::AppResult;
use crate::services::Services;
use crate::services::verification::jobs::for_backend;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, QueryResult, Statement, Value};

/// A job this replica holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrCheckJob {
    /// Row id.
    pub id: i64,
    /// The delivery that queued it.
    pub delivery_id: String,
    /// What to do.
    pub kind: JobKind,
    /// Repository owner.
    pub owner: String,
    /// Repository name.
    pub name: String,
    /// The App installation the delivery came through.
    pub installation_id: Option<i64>,
    /// Commit to check.
    pub head_sha: Option<String>,
    /// Commit to compare with.
    pub base_sha: Option<String>,
    /// The pull request.
    pub pr_number: Option<i64>,
    /// For re-runs of one check run: its id.
    pub check_run_id: Option<i64>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// Attempts so far, this one included.
    pub attempts: i32,
}

impl PrCheckJob {
    fn from_row(row: &QueryResult) -> AppResult<Option<Self>> {
        let kind: String = row.try_get("", "kind")?;
        let repo: String = row.try_get("", "repo")?;
        let (Some(kind), Some((owner, name))) = (JobKind::parse(&kind), repo.split_once('/'))
        else {
            return Ok(None);
        };
        Ok(Some(Self {
            id: row.try_get("", "id")?,
            delivery_id: row.try_get("", "delivery_id")?,
            kind,
            owner: owner.to_owned(),
            name: name.to_owned(),
            installation_id: row.try_get("", "installation_id")?,
            head_sha: row.try_get("", "head_sha")?,
            base_sha: row.try_get("", "base_sha")?,
            pr_number: row.try_get("", "pr_number")?,
            check_run_id: row.try_get("", "check_run_id")?,
            created_at: row.try_get("", "created_at")?,
            attempts: row.try_get("", "attempts")?,
        }))
    }

    /// `owner/name`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

impl Services {
    async fn run_sql(&self, sql: &str, values: Vec<Value>) -> AppResult<u64> {
        let backend = self.db.conn().get_database_backend();
        let stmt = Statement::from_sql_and_values(backend, for_backend(backend, sql), values);
        Ok(self.db.conn().execute_raw(stmt).await?.rows_affected())
    }

    /// Claims up to `limit` due jobs for `owner`, leased for `lease`.
    pub async fn claim_pr_check_jobs(
        &self,
        owner: &str,
        limit: u64,
        lease: Duration,
    ) -> AppResult<Vec<PrCheckJob>> {
        let now = self.now();
        if !self.pr_check_jobs_due(now).await? {
            // A read, so an idle queue never takes SQLite's write lock.
            return Ok(Vec::new());
        }
        let backend = self.db.conn().get_database_backend();
        let lock = match backend {
            DatabaseBackend::Postgres => " FOR UPDATE SKIP LOCKED",
            _ => "",
        };
        let sql = format!(
            "UPDATE pr_check_jobs SET lease_owner = $1, lease_until = $2, \
             attempts = attempts + 1 WHERE id IN (SELECT j.id FROM pr_check_jobs j \
             WHERE j.finished_at IS NULL AND j.due_at <= $3 AND (j.lease_until IS NULL OR \
             j.lease_until < $4) AND NOT EXISTS (SELECT 1 FROM pr_check_jobs o \
             WHERE o.repo = j.repo AND o.id <> j.id AND o.finished_at IS NULL AND \
             o.lease_until >= $5) ORDER BY j.due_at, j.id LIMIT $6{lock}) \
             RETURNING id, delivery_id, kind, repo, installation_id, head_sha, base_sha, \
             pr_number, check_run_id, created_at, attempts"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let values: Vec<Value> = vec![
            owner.into(),
            (now + lease).into(),
            now.into(),
            now.into(),
            now.into(),
            limit.into(),
        ];
        let stmt = Statement::from_sql_and_values(backend, for_backend(backend, &sql), values);
        let rows = self.db.conn().query_all_raw(stmt).await?;
        let mut jobs = Vec::with_capacity(rows.len());
        for row in &rows {
            match PrCheckJob::from_row(row)? {
                Some(job) => jobs.push(job),
                None => {
                    let id: i64 = row.try_get("", "id")?;
                    tracing::warn!(job = id, "unreadable PR check job set aside");
                    self.finish_pr_check_job(owner, id, "unreadable job", None)
                        .await?;
                }
            }
        }
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    /// Whether any unfinished job is due at `now`.
    async fn pr_check_jobs_due(&self, now: DateTime<Utc>) -> AppResult<bool> {
        use crate::store::entities::pr_check_job;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        let due: Option<i64> = pr_check_job::Entity::find()
            .select_only()
            .column(pr_check_job::Column::Id)
            .filter(pr_check_job::Column::FinishedAt.is_null())
            .filter(pr_check_job::Column::DueAt.lte(now))
            .limit(1)
            .into_tuple()
            .one(self.db.conn())
            .await?;
        Ok(due.is_some())
    }

    /// Marks job `id` (held by `owner`) done with `outcome`, recording `error` when it
    /// was given up on. Returns false when the lease had passed to another replica.
    pub async fn finish_pr_check_job(
        &self,
        owner: &str,
        id: i64,
        outcome: &str,
        error: Option<&str>,
    ) -> AppResult<bool> {
        let now = self.now();
        let changed = self
            .run_sql(
                "UPDATE pr_check_jobs SET finished_at = $1, outcome = $2, last_error = $3, \
                 lease_owner = NULL, lease_until = NULL WHERE id = $4 AND lease_owner = $5",
                vec![
                    now.into(),
                    outcome.to_owned().into(),
                    error.map(str::to_owned).into(),
                    id.into(),
                    owner.into(),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Releases job `id` (held by `owner`) to be tried again at `due`, recording `error`.
    pub async fn retry_pr_check_job(
        &self,
        owner: &str,
        id: i64,
        due: DateTime<Utc>,
        error: &str,
    ) -> AppResult<bool> {
        let changed = self
            .run_sql(
                "UPDATE pr_check_jobs SET due_at = $1, last_error = $2, lease_owner = NULL, \
                 lease_until = NULL WHERE id = $3 AND lease_owner = $4",
                vec![due.into(), error.to_owned().into(), id.into(), owner.into()],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Forgets deliveries received, and jobs finished, before `before` (a redelivery
    /// older than that would be queued again, which only updates the same check runs).
    pub async fn prune_github_deliveries(&self, before: DateTime<Utc>) -> AppResult<u64> {
        let jobs = self
            .run_sql(
                "DELETE FROM pr_check_jobs WHERE finished_at IS NOT NULL AND finished_at < $1",
                vec![before.into()],
            )
            .await?;
        let deliveries = self
            .run_sql(
                "DELETE FROM github_deliveries WHERE received_at < $1",
                vec![before.into()],
            )
            .await?;
        Ok(jobs + deliveries)
    }
}
