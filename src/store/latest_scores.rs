//! Keeping `latest_scores` (each service's current score, level and gate) in step with
//! `score_snapshots`: whoever inserts snapshots calls one of these in the same transaction,
//! after the inserts.

use sea_orm::{ConnectionTrait, DbErr};

/// Sets the latest scores of `service_ids` from their latest snapshots (the highest id), in
/// one statement. Services without a snapshot are left alone.
pub async fn refresh<C: ConnectionTrait>(db: &C, service_ids: &[i64]) -> Result<u64, DbErr> {
    if service_ids.is_empty() {
        return Ok(0);
    }
    // Ids are integers, so they can be written into the statement as they are.
    let ids = service_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    upsert(db, &format!("WHERE service_id IN ({ids})")).await
}

/// Sets every service's latest score from its latest snapshot, in one statement: for bulk
/// loads of snapshots.
pub async fn refresh_all<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    upsert(db, "").await
}

async fn upsert<C: ConnectionTrait>(db: &C, filter: &str) -> Result<u64, DbErr> {
    // The outer `WHERE` before `ON CONFLICT` keeps SQLite's parser from reading it as a join.
    let done = db
        .execute_unprepared(&format!(
            "INSERT INTO latest_scores (service_id, snapshot_id, taken_at, score, level, gate) \
             SELECT s.service_id, s.id, s.taken_at, s.score, s.level, s.gate \
             FROM score_snapshots s \
             WHERE s.id IN (SELECT MAX(id) FROM score_snapshots {filter} GROUP BY service_id) \
             ON CONFLICT (service_id) DO UPDATE SET snapshot_id = excluded.snapshot_id, \
             taken_at = excluded.taken_at, score = excluded.score, level = excluded.level, \
             gate = excluded.gate"
        ))
        .await?;
    Ok(done.rows_affected())
}
