//! The background verification queue: one `verification_jobs` row per active service.
//!
//! Several `orrery serve` replicas may share one database. Each claims a handful of due
//! jobs at a time under a lease: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so concurrent
//! claimers never wait on or take each other's rows; on SQLite the single writer makes the
//! claim statement atomic. A replica that dies leaves its lease to expire, after which any
//! replica may take the job again.

use crate::error::AppResult;
use crate::services::Services;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

/// Rewrites `$1, $2, …` into SQLite's `?` (each parameter is used once, in order).
pub(crate) fn for_backend(backend: DatabaseBackend, sql: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => sql.to_owned(),
        _ => {
            let mut out = String::with_capacity(sql.len());
            let mut chars = sql.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                    out.push('?');
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// A job this replica holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    /// The service to verify.
    pub service_id: i64,
    /// Its slug.
    pub slug: String,
}

impl Services {
    async fn exec(&self, sql: &str, values: Vec<Value>) -> AppResult<u64> {
        let backend = self.db.conn().get_database_backend();
        let stmt = Statement::from_sql_and_values(backend, for_backend(backend, sql), values);
        Ok(self.db.conn().execute_raw(stmt).await?.rows_affected())
    }

    /// Adds a job (due now) for every active service without one and drops the jobs of
    /// archived services. Returns how many jobs were added.
    pub async fn sync_verification_jobs(&self) -> AppResult<u64> {
        let now = self.now();
        self.exec(
            "DELETE FROM verification_jobs WHERE service_id IN \
             (SELECT id FROM services WHERE archived_at IS NOT NULL)",
            vec![],
        )
        .await?;
        self.exec(
            "INSERT INTO verification_jobs (service_id, due_at, attempts) \
             SELECT s.id, $1, 0 FROM services s WHERE s.archived_at IS NULL AND NOT EXISTS \
             (SELECT 1 FROM verification_jobs j WHERE j.service_id = s.id)",
            vec![now.into()],
        )
        .await
    }

    /// Claims up to `limit` due jobs for `owner`, leased for `lease`. Jobs held by another
    /// replica whose lease has not expired are skipped, never waited for.
    pub async fn claim_verification_jobs(
        &self,
        owner: &str,
        limit: u64,
        lease: Duration,
    ) -> AppResult<Vec<ClaimedJob>> {
        let now = self.now();
        let backend = self.db.conn().get_database_backend();
        let lock = match backend {
            DatabaseBackend::Postgres => " FOR UPDATE SKIP LOCKED",
            _ => "",
        };
        let sql = format!(
            "UPDATE verification_jobs SET lease_owner = $1, lease_until = $2, \
             attempts = attempts + 1 WHERE service_id IN (SELECT service_id \
             FROM verification_jobs WHERE due_at <= $3 AND (lease_until IS NULL OR \
             lease_until < $4) ORDER BY due_at, service_id LIMIT $5{lock}) \
             RETURNING service_id"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let stmt = Statement::from_sql_and_values(
            backend,
            for_backend(backend, &sql),
            vec![
                owner.into(),
                (now + lease).into(),
                now.into(),
                now.into(),
                limit.into(),
            ],
        );
        let rows = self.db.conn().query_all_raw(stmt).await?;
        let mut ids = rows
            .iter()
            .map(|r| r.try_get::<i64>("", "service_id"))
            .collect::<Result<Vec<_>, _>>()?;
        ids.sort_unstable();
        let slugs = self.service_slugs(&ids).await?;
        Ok(ids
            .into_iter()
            .filter_map(|id| {
                slugs.get(&id).map(|slug| ClaimedJob {
                    service_id: id,
                    slug: slug.clone(),
                })
            })
            .collect())
    }

    /// Releases a job `owner` holds and schedules its next run at `next_due`, recording
    /// the failure (if any). A job whose lease passed to another replica is left alone.
    pub async fn complete_verification_job(
        &self,
        owner: &str,
        service_id: i64,
        next_due: DateTime<Utc>,
        error: Option<&str>,
    ) -> AppResult<bool> {
        let now = self.now();
        let attempts_sql = if error.is_some() { "attempts" } else { "0" };
        let sql = format!(
            "UPDATE verification_jobs SET due_at = $1, lease_owner = NULL, lease_until = NULL, \
             last_run_at = $2, last_error = $3, attempts = {attempts_sql} \
             WHERE service_id = $4 AND lease_owner = $5"
        );
        let changed = self
            .exec(
                &sql,
                vec![
                    next_due.into(),
                    now.into(),
                    error.map(str::to_owned).into(),
                    service_id.into(),
                    owner.into(),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn service_slugs(&self, ids: &[i64]) -> AppResult<rustc_hash::FxHashMap<i64, String>> {
        use crate::store::entities::service;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let rows: Vec<(i64, String)> = service::Entity::find()
            .select_only()
            .column(service::Column::Id)
            .column(service::Column::Slug)
            .filter(service::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(self.db.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_placeholders() {
        assert_eq!(
            for_backend(DatabaseBackend::Sqlite, "a = $1 AND b = $12, '$x'"),
            "a = ? AND b = ?, '$x'"
        );
        assert_eq!(for_backend(DatabaseBackend::Postgres, "a = $1"), "a = $1");
    }
}
