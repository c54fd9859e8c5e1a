//! Claims on weekly digest periods: a digest goes out once per period however many replicas
//! share the database. Claiming is one statement whose success only one replica can see:
//! inserting the period's row (unique `period_end`), or taking over a row that failed or
//! whose claimant went quiet.

use crate::domain::digest::DigestPeriod;
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::report_digest;
use crate::store::unique::insert_unless_taken;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, NotSet, QueryFilter, Set};

/// Posts tried per period before the digest is given up.
pub const MAX_ATTEMPTS: i32 = 3;
/// A claim older than this without an outcome is taken to belong to a replica that stopped.
pub const CLAIM_TIMEOUT_MINUTES: i64 = 10;

const CLAIMED: &str = "claimed";
const SENT: &str = "sent";
const FAILED: &str = "failed";

/// A period's digest as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecord {
    /// `claimed`, `sent` or `failed`.
    pub state: String,
    /// Posts tried.
    pub attempts: i32,
    /// When it was sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// The last error.
    pub error: Option<String>,
}

impl Services {
    /// Claims `period` for this replica at `now`: true when this caller is to post it. A
    /// period is claimed by the first caller; again after a failure (up to
    /// [`MAX_ATTEMPTS`] posts) or after its claim went [`CLAIM_TIMEOUT_MINUTES`] without
    /// an outcome. Never after it was sent.
    pub async fn claim_digest(&self, period: DigestPeriod, now: DateTime<Utc>) -> AppResult<bool> {
        use report_digest::Column as C;
        let row = report_digest::ActiveModel {
            id: NotSet,
            period_start: Set(period.start),
            period_end: Set(period.end),
            state: Set(CLAIMED.into()),
            attempts: Set(1),
            claimed_at: Set(now),
            sent_at: Set(None),
            error: Set(None),
        };
        let inserted = insert_unless_taken(self.db.conn(), row, [C::PeriodEnd]).await?;
        if inserted.is_some() {
            return Ok(true);
        }
        let stale = now - Duration::minutes(CLAIM_TIMEOUT_MINUTES);
        let retake = report_digest::Entity::update_many()
            .col_expr(C::State, Expr::value(CLAIMED))
            .col_expr(C::ClaimedAt, Expr::value(now))
            .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
            .filter(C::PeriodEnd.eq(period.end))
            .filter(C::Attempts.lt(MAX_ATTEMPTS))
            .filter(
                Condition::any().add(C::State.eq(FAILED)).add(
                    Condition::all()
                        .add(C::State.eq(CLAIMED))
                        .add(C::ClaimedAt.lt(stale)),
                ),
            )
            .exec(self.db.conn())
            .await?;
        Ok(retake.rows_affected == 1)
    }

    /// Records how posting `period` went: sent at `now`, or failed with `error` (kept short;
    /// it must never carry the webhook's URL).
    pub async fn finish_digest(
        &self,
        period: DigestPeriod,
        outcome: Result<(), String>,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        use report_digest::Column as C;
        let update = report_digest::Entity::update_many().filter(C::PeriodEnd.eq(period.end));
        let update = match outcome {
            Ok(()) => update
                .col_expr(C::State, Expr::value(SENT))
                .col_expr(C::SentAt, Expr::value(Some(now)))
                .col_expr(C::Error, Expr::value(None::<String>)),
            Err(e) => update.col_expr(C::State, Expr::value(FAILED)).col_expr(
                C::Error,
                Expr::value(Some(e.chars().take(500).collect::<String>())),
            ),
        };
        update.exec(self.db.conn()).await?;
        Ok(())
    }

    /// The stored digest of `period`, if any.
    pub async fn digest_record(&self, period: DigestPeriod) -> AppResult<Option<DigestRecord>> {
        Ok(report_digest::Entity::find()
            .filter(report_digest::Column::PeriodEnd.eq(period.end))
            .one(self.db.conn())
            .await?
            .map(|r| DigestRecord {
                state: r.state,
                attempts: r.attempts,
                sent_at: r.sent_at,
                error: r.error,
            }))
    }
}
