//! Keeping `latest_scores` (each service's current score, level and gate) in step with
//! `score_snapshots`: whoever inserts snapshots calls one of these in the same transaction.

use crate::store::entities::{latest_score, score_snapshot};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, NotSet, QueryFilter, Set};
use std::collections::HashMap;

/// Makes `snapshots` (just inserted, with their ids) their services' latest scores, in one
/// upsert. A row is only replaced by a newer snapshot (a higher id), so an older snapshot
/// never overwrites a newer one.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    snapshots: &[score_snapshot::Model],
) -> Result<(), DbErr> {
    // One row per service: an upsert may not touch the same row twice.
    let mut newest: HashMap<i64, &score_snapshot::Model> = HashMap::new();
    for s in snapshots {
        let slot = newest.entry(s.service_id).or_insert(s);
        if s.id > slot.id {
            *slot = s;
        }
    }
    if newest.is_empty() {
        return Ok(());
    }
    let rows = newest.into_values().map(|s| latest_score::ActiveModel {
        service_id: Set(s.service_id),
        snapshot_id: Set(s.id),
        taken_at: Set(s.taken_at),
        score: Set(s.score),
        level: Set(s.level),
        gate: Set(s.gate),
        review_id: NotSet,
        item_states: NotSet,
    });
    let excluded = |c: latest_score::Column| Expr::col((Alias::new("excluded"), c));
    latest_score::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(latest_score::Column::ServiceId)
                .update_columns([
                    latest_score::Column::SnapshotId,
                    latest_score::Column::TakenAt,
                    latest_score::Column::Score,
                    latest_score::Column::Level,
                    latest_score::Column::Gate,
                ])
                .action_and_where(excluded(latest_score::Column::SnapshotId).gt(Expr::col((
                    latest_score::Entity,
                    latest_score::Column::SnapshotId,
                ))))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Sets every service's latest score from its latest snapshot (the highest id), in one
/// statement: for bulk loads that insert snapshots without [`record`].
pub async fn refresh_all<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    // `WHERE` before `ON CONFLICT` keeps SQLite's parser from reading it as a join.
    let done = db
        .execute_unprepared(
            "INSERT INTO latest_scores (service_id, snapshot_id, taken_at, score, level, gate) \
             SELECT s.service_id, s.id, s.taken_at, s.score, s.level, s.gate \
             FROM score_snapshots s \
             WHERE s.id IN (SELECT MAX(id) FROM score_snapshots GROUP BY service_id) \
             ON CONFLICT (service_id) DO UPDATE SET snapshot_id = excluded.snapshot_id, \
             taken_at = excluded.taken_at, score = excluded.score, level = excluded.level, \
             gate = excluded.gate",
        )
        .await?;
    Ok(done.rows_affected())
}

/// Stores the review each service was scored on and its items' states (see
/// [`crate::domain::scoring::stored_items`]) on the services' rows, which must exist. One
/// statement per service; callers pass only the rows that changed.
pub async fn record_item_states<C: ConnectionTrait>(
    db: &C,
    states: &[(i64, i64, String)],
) -> Result<(), DbErr> {
    for (service_id, review_id, text) in states {
        latest_score::Entity::update_many()
            .col_expr(latest_score::Column::ReviewId, Expr::value(*review_id))
            .col_expr(latest_score::Column::ItemStates, Expr::value(text.clone()))
            .filter(latest_score::Column::ServiceId.eq(*service_id))
            .exec(db)
            .await?;
    }
    Ok(())
}
