//! Creates the history tables: `score_snapshots` (per-service readiness score
//! over time, cascading with its service) and `audit_events` (the append-only
//! audit log; deliberately without foreign keys so that it outlives the rows
//! it describes).
//!
//! `down` drops both tables.

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
                    .table(ScoreSnapshots::Table)
                    .col(big_pk_auto(ScoreSnapshots::Id))
                    .col(big_integer(ScoreSnapshots::ServiceId))
                    .col(timestamp_with_time_zone(ScoreSnapshots::TakenAt))
                    .col(double(ScoreSnapshots::Score))
                    .col(integer(ScoreSnapshots::Level))
                    .col(string_len(ScoreSnapshots::Gate, 24))
                    .col(json_binary(ScoreSnapshots::Counts))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_score_snapshots_service_id")
                            .from(ScoreSnapshots::Table, ScoreSnapshots::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_score_snapshots_service_taken_at",
            ScoreSnapshots::Table,
            [ScoreSnapshots::ServiceId, ScoreSnapshots::TakenAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(string_len(AuditEvents::Actor, 64))
                    .col(string_len(AuditEvents::Action, 64))
                    .col(string_len(AuditEvents::EntityType, 32))
                    .col(string_len(AuditEvents::EntityId, 64))
                    .col(json_binary_null(AuditEvents::Before))
                    .col(json_binary_null(AuditEvents::After))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_audit_events_entity",
            AuditEvents::Table,
            [AuditEvents::EntityType, AuditEvents::EntityId],
            false,
        )
        .await?;
        create_index(
            manager,
            "idx_audit_events_occurred_at",
            AuditEvents::Table,
            [AuditEvents::OccurredAt],
            false,
        )
        .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                AuditEvents::Table.into_iden(),
                ScoreSnapshots::Table.into_iden(),
            ],
        )
        .await
    }
}

/// Referenced from the catalog migration; only the columns used here.
#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ScoreSnapshots {
    Table,
    Id,
    ServiceId,
    TakenAt,
    Score,
    Level,
    Gate,
    Counts,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    Actor,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
}
