//! Creates `verification_jobs`: one row per service saying when it is next due for
//! background verification and which replica holds it. Replicas claim due rows with
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL (on SQLite the single writer serialises claims),
//! so several `orrery serve` processes share the work without verifying a service twice.
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
                    .table(VerificationJobs::Table)
                    .col(big_integer(VerificationJobs::ServiceId).primary_key())
                    .col(timestamp_with_time_zone(VerificationJobs::DueAt))
                    .col(string_len_null(VerificationJobs::LeaseOwner, 200))
                    .col(timestamp_with_time_zone_null(VerificationJobs::LeaseUntil))
                    .col(integer(VerificationJobs::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(VerificationJobs::LastRunAt))
                    .col(text_null(VerificationJobs::LastError))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_verification_jobs_service_id")
                            .from(VerificationJobs::Table, VerificationJobs::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_verification_jobs_due_at",
            VerificationJobs::Table,
            [VerificationJobs::DueAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [VerificationJobs::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum VerificationJobs {
    Table,
    ServiceId,
    DueAt,
    LeaseOwner,
    LeaseUntil,
    Attempts,
    LastRunAt,
    LastError,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}
