//! Score history: a snapshot is written whenever a service's scorecard changes, so trends
//! can be drawn and portfolios sorted without recomputing every scorecard.

use crate::domain::records;
use crate::domain::scoring::{Decision, Scorecard, stored_items};
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::{dependency, latest_score, score_snapshot};
use crate::store::latest_scores;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, NotSet,
    QueryFilter, QueryOrder, Set, Statement,
};
use std::collections::{BTreeSet, HashMap};

/// What a snapshot records; two scorecards with equal fingerprints are "unchanged".
fn fingerprint(card: &Scorecard) -> (Option<i64>, i32, Decision) {
    (
        hundredths(card.score),
        i32::from(card.level.number),
        card.decision,
    )
}

/// Scores are compared at 0.01 precision so float noise never creates history; no score
/// (nothing assessed) differs from every score.
fn hundredths(score: Option<f64>) -> Option<i64> {
    score.map(|s| (s * 100.0).round() as i64)
}

/// The per-outcome item counts, and under `open` the keys of the items earning no credit
/// (failing, unanswered, in error, stale, not applicable but not accepted): what a report
/// compares between two snapshots to name the items that moved a score.
fn counts(card: &Scorecard) -> serde_json::Value {
    let sum = |f: fn(&crate::domain::scoring::CategoryResult) -> u32| {
        card.categories.iter().map(f).sum::<u32>()
    };
    let mut open: Vec<&str> = card
        .items
        .iter()
        .filter(|i| i.state.credit() == Some(0.0))
        .map(|i| i.key.as_str())
        .collect();
    open.sort_unstable();
    serde_json::json!({
        "passed": sum(|c| c.passed),
        "failed": sum(|c| c.failed),
        "waived": sum(|c| c.waived),
        "notApplicable": sum(|c| c.not_applicable),
        "unanswered": sum(|c| c.unanswered),
        OPEN_ITEMS: open,
    })
}

/// The key of a snapshot's `counts` listing its open items (absent from older snapshots).
pub(crate) const OPEN_ITEMS: &str = "open";

impl Services {
    /// Latest snapshot of each service (the one `latest_scores` points at).
    pub async fn latest_snapshots(
        &self,
        service_ids: &[i64],
    ) -> AppResult<HashMap<i64, records::ScoreSnapshot>> {
        if service_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let latest_ids = Query::select()
            .column(latest_score::Column::SnapshotId)
            .from(latest_score::Entity)
            .and_where(latest_score::Column::ServiceId.is_in(service_ids.iter().copied()))
            .to_owned();
        let rows = score_snapshot::Entity::find()
            .filter(score_snapshot::Column::Id.in_subquery(latest_ids))
            .all(self.db.conn())
            .await?;
        Ok(rows.into_iter().map(|s| (s.service_id, s.into())).collect())
    }

    /// Snapshots of each service between `from` and `to` (inclusive), oldest first.
    pub async fn snapshots_between(
        &self,
        service_ids: &[i64],
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> AppResult<HashMap<i64, Vec<records::ScoreSnapshot>>> {
        let mut q = score_snapshot::Entity::find()
            .filter(score_snapshot::Column::ServiceId.is_in(service_ids.iter().copied()));
        if let Some(from) = from {
            q = q.filter(score_snapshot::Column::TakenAt.gte(from));
        }
        if let Some(to) = to {
            q = q.filter(score_snapshot::Column::TakenAt.lte(to));
        }
        let rows = q
            .order_by_asc(score_snapshot::Column::Id)
            .all(self.db.conn())
            .await?;
        let mut map: HashMap<i64, Vec<_>> = HashMap::new();
        for r in rows {
            map.entry(r.service_id).or_default().push(r.into());
        }
        Ok(map)
    }

    /// Re-scores the services (and the services that depend on them) and writes a snapshot
    /// for each whose score, level or gate differs from its latest snapshot.
    ///
    /// Runs after the change has committed: history is derived data, and a failure here is
    /// logged without undoing the change (the next change or re-scoring pass writes the
    /// snapshot).
    pub(crate) async fn refresh_history(&self, service_ids: &[i64]) {
        if let Err(e) = self.try_refresh_history(service_ids).await {
            tracing::warn!(error = %e, ?service_ids, "could not record score history");
        }
    }

    async fn try_refresh_history(&self, service_ids: &[i64]) -> AppResult<()> {
        let mut ids: BTreeSet<i64> = service_ids.iter().copied().collect();
        let dependents = dependency::Entity::find()
            .filter(dependency::Column::TargetServiceId.is_in(service_ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        ids.extend(dependents.iter().map(|d| d.service_id));
        let ids: Vec<i64> = ids.into_iter().collect();
        self.record_history(&ids).await?;
        Ok(())
    }

    /// Scores the services at one instant and writes a snapshot for each whose score, level
    /// or gate differs from its latest snapshot, so a second call at the same instant writes
    /// nothing. Tells the re-scoring schedule when time alone next changes one of them.
    ///
    /// Recorders take turns: within a process behind a mutex, across replicas sharing a
    /// PostgreSQL database behind a transaction-scoped advisory lock taken *before* the
    /// scorecards are computed. Whoever records later therefore also computed later (from
    /// data at least as new), and the comparison with the latest snapshot sees every earlier
    /// recorder's snapshot: one transition, one snapshot, however many replicas noticed it.
    /// On SQLite the write transaction (`BEGIN IMMEDIATE`, one writer per database file)
    /// opens after computing, since an in-memory database has a single connection.
    pub(crate) async fn record_history(&self, ids: &[i64]) -> AppResult<Recorded> {
        let _turn = self.history.recording.lock().await;
        let fence = self.history_fence().await?;
        let at = self.now();
        let scored = self.scorecards_with_reviews_at(ids, at).await?;
        let next_change = scored.values().filter_map(|(_, c)| c.changes_at).min();
        let cards: HashMap<i64, &Scorecard> = scored.iter().map(|(s, (_, c))| (*s, c)).collect();
        let txn = match fence {
            Some(txn) => txn,
            None => self.db.write().await?,
        };
        let latest: HashMap<i64, latest_score::Model> = latest_score::Entity::find()
            .filter(latest_score::Column::ServiceId.is_in(cards.keys().copied()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|s| (s.service_id, s))
            .collect();
        let mut inserts = Vec::new();
        for (service_id, card) in &cards {
            let (score, level, gate) = fingerprint(card);
            let unchanged = latest.get(service_id).is_some_and(|s| {
                hundredths(s.score) == score && s.level == level && s.gate == gate
            });
            if !unchanged {
                inserts.push(score_snapshot::ActiveModel {
                    id: NotSet,
                    service_id: Set(*service_id),
                    taken_at: Set(at),
                    score: Set(card.score),
                    level: Set(level),
                    gate: Set(gate),
                    counts: Set(counts(card)),
                });
            }
        }
        let written = inserts.len();
        if !inserts.is_empty() {
            // The snapshots and the services' latest scores change together.
            let inserted = score_snapshot::Entity::insert_many(inserts)
                .exec_with_returning(&txn)
                .await?;
            latest_scores::record(&txn, &inserted).await?;
        }
        // Item states move without the score (an unanswered item now failing, say): they
        // are kept current on every pass, written only where they changed.
        let states: Vec<(i64, i64, String)> = scored
            .iter()
            .map(|(service, (review, card))| (*service, *review, stored_items::encode(&card.items)))
            .filter(|(service, review, text)| {
                latest.get(service).is_none_or(|l| {
                    l.review_id != Some(*review) || l.item_states.as_deref() != Some(text.as_str())
                })
            })
            .collect();
        latest_scores::record_item_states(&txn, &states).await?;
        txn.commit().await?;
        if let Some(t) = next_change {
            self.history.timer.propose(t);
        }
        Ok(Recorded {
            at,
            scored: cards.len(),
            written,
            next_change,
        })
    }

    /// On PostgreSQL, a write transaction holding the score-history lock (released when it
    /// ends); elsewhere nothing, the write transaction itself being exclusive.
    async fn history_fence(&self) -> AppResult<Option<DatabaseTransaction>> {
        if self.db.conn().get_database_backend() != DatabaseBackend::Postgres {
            return Ok(None);
        }
        let txn = self.db.write().await?;
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [HISTORY_LOCK.into()],
        ))
        .await?;
        Ok(Some(txn))
    }
}

/// The advisory lock key of score-history recording on PostgreSQL ("orrery" and 1).
const HISTORY_LOCK: i64 = 0x6f72_7265_7279_0001;

/// What recording score history did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The instant the scorecards were computed at (and snapshots taken at).
    pub at: DateTime<Utc>,
    /// Scorecards computed (services with a current review).
    pub scored: usize,
    /// Snapshots written.
    pub written: usize,
    /// The earliest instant after `at` at which time alone changes one of the scorecards.
    pub next_change: Option<DateTime<Utc>>,
}

/// Score-history state every clone of the services shares.
#[derive(Debug, Default)]
pub(crate) struct HistoryState {
    /// One recorder at a time in this process.
    pub recording: tokio::sync::Mutex<()>,
    /// When the next re-scoring pass is wanted.
    pub timer: super::rescore::RescoreTimer,
}
