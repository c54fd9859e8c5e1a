//! `latest_scores`: each service's current score, level and gate, one row per service.
//!
//! A copy of the service's latest `score_snapshots` row (`snapshot_id`, `taken_at`, `score`
//! (null when nothing was assessed), `level`, `gate`), kept in step with the snapshots in the
//! same transaction that writes them, so portfolio pages can filter, order and count by score,
//! level and gate in SQL. `service_id` is the primary key and a foreign key to `services`
//! (deleted with the service); `score`, `level` and `gate` are indexed for the orders and
//! filters. `up` fills the table from the latest snapshot of every service.
//!
//! `down` drops the table.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_index, drop_tables};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LatestScores::Table)
                    .col(big_integer(LatestScores::ServiceId).primary_key())
                    .col(big_integer(LatestScores::SnapshotId))
                    .col(timestamp_with_time_zone(LatestScores::TakenAt))
                    .col(double_null(LatestScores::Score))
                    .col(integer(LatestScores::Level))
                    .col(string_len(LatestScores::Gate, 24))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_latest_scores_service_id")
                            .from(LatestScores::Table, LatestScores::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_latest_scores_score", LatestScores::Score),
            ("idx_latest_scores_level", LatestScores::Level),
            ("idx_latest_scores_gate", LatestScores::Gate),
        ] {
            create_index(manager, name, LatestScores::Table, [column], false).await?;
        }
        // The latest snapshot of each service is the one with the highest id.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO latest_scores (service_id, snapshot_id, taken_at, score, level, gate) \
                 SELECT s.service_id, s.id, s.taken_at, s.score, s.level, s.gate \
                 FROM score_snapshots s \
                 WHERE s.id IN (SELECT MAX(id) FROM score_snapshots GROUP BY service_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [LatestScores::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum LatestScores {
    Table,
    ServiceId,
    SnapshotId,
    TakenAt,
    Score,
    Level,
    Gate,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}
