//! Re-scoring as time passes. A waiver expiring or automated evidence going stale changes a
//! scorecard without any write, yet the portfolio's gate counts, the score, level and gate
//! filters and the score history all read each service's latest snapshot. A re-scoring pass
//! computes every active service's scorecard at one instant and records a snapshot for each
//! one that changed; [`super::scheduler`] runs passes on a schedule and at the instants the
//! scorecards themselves name ([`crate::domain::scoring::Scorecard::changes_at`]).

use super::history::Recorded;
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::service;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::Mutex;
use tokio::sync::Notify;

/// Services scored per step of a pass: each step holds the history lock only briefly, so
/// the snapshots of changes people make meanwhile are not held up by a whole portfolio.
const STEP: usize = 200;

/// The instant the next re-scoring pass is wanted. Recording score history proposes the
/// instants time next changes the scorecards it computed; the scheduler sleeps until the
/// earliest one and is woken when an earlier one is proposed.
#[derive(Debug, Default)]
pub struct RescoreTimer {
    next: Mutex<Option<DateTime<Utc>>>,
    changed: Notify,
}

impl RescoreTimer {
    /// Asks for a pass at `at`; kept when it is earlier than the pass already wanted.
    pub fn propose(&self, at: DateTime<Utc>) {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        if next.is_none_or(|n| at < n) {
            *next = Some(at);
            drop(next);
            self.changed.notify_one();
        }
    }

    /// The instant the next pass is wanted, if any.
    pub fn next(&self) -> Option<DateTime<Utc>> {
        *self.next.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets the wanted instant (a pass is starting; it proposes the next one).
    pub(crate) fn clear(&self) {
        *self.next.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Resolves when an instant is proposed earlier than the one wanted before (or was
    /// proposed since the last call).
    pub(crate) async fn changed(&self) {
        self.changed.notified().await;
    }
}

/// What one re-scoring pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RescorePass {
    /// The instant the pass started scoring at.
    pub at: DateTime<Utc>,
    /// Services scored (active services with a current review).
    pub scored: usize,
    /// Snapshots written: services whose score, level or gate had changed.
    pub written: usize,
    /// The earliest instant at which time alone changes one of the scorecards again.
    pub next_change: Option<DateTime<Utc>>,
}

impl Services {
    /// One re-scoring pass: scores every active service at the current instant and writes a
    /// snapshot for each whose score, level or gate differs from its latest snapshot.
    /// Idempotent (a second pass at the same instant writes nothing) and safe to run on
    /// several replicas at once (see [`Services::record_history`]).
    pub async fn rescore_all(&self) -> AppResult<RescorePass> {
        let ids: Vec<i64> = service::Entity::find()
            .select_only()
            .column(service::Column::Id)
            .filter(service::Column::ArchivedAt.is_null())
            .order_by_asc(service::Column::Id)
            .into_tuple()
            .all(self.db.conn())
            .await?;
        let mut pass = RescorePass {
            at: self.now(),
            scored: 0,
            written: 0,
            next_change: None,
        };
        for (i, step) in ids.chunks(STEP).enumerate() {
            let Recorded {
                at,
                scored,
                written,
                next_change,
            } = self.record_history(step).await?;
            if i == 0 {
                pass.at = at;
            }
            pass.scored += scored;
            pass.written += written;
            pass.next_change = match (pass.next_change, next_change) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(pass)
    }

    /// When the next re-scoring pass is wanted.
    pub fn rescore_timer(&self) -> &RescoreTimer {
        &self.history.timer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn the_earliest_proposal_wins_and_wakes_the_scheduler() {
        let t = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
        let timer = RescoreTimer::default();
        assert_eq!(timer.next(), None);
        timer.propose(t + Duration::hours(1));
        timer.propose(t + Duration::hours(2));
        assert_eq!(timer.next(), Some(t + Duration::hours(1)));
        timer.propose(t);
        assert_eq!(timer.next(), Some(t));
        timer.clear();
        assert_eq!(timer.next(), None);
        // A proposal made while nobody waits is not lost: the next wait returns at once.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(5), timer.changed())
                .await
                .expect("the stored wake-up is delivered");
        });
    }
}
