//! `report_digests`: one row per weekly digest period, the claim that makes a digest go out
//! once however many replicas notice it is due.
//!
//! A replica claims a period by inserting its row (`period_end` is unique: the losing
//! replicas' inserts do nothing), posts, then marks the row `sent` or `failed` with the
//! error. A `failed` row, or a `claimed` row left behind by a replica that stopped while
//! posting, is claimed again by a conditional update that only one replica can win.
//! `attempts` counts the posts tried.
//!
//! `down` drops the table.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::drop_tables;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportDigests::Table)
                    .col(big_pk_auto(ReportDigests::Id))
                    .col(timestamp_with_time_zone(ReportDigests::PeriodStart))
                    .col(timestamp_with_time_zone_uniq(ReportDigests::PeriodEnd))
                    .col(string_len(ReportDigests::State, 16))
                    .col(integer(ReportDigests::Attempts).default(0))
                    .col(timestamp_with_time_zone(ReportDigests::ClaimedAt))
                    .col(timestamp_with_time_zone_null(ReportDigests::SentAt))
                    .col(text_null(ReportDigests::Error))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [ReportDigests::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum ReportDigests {
    Table,
    Id,
    PeriodStart,
    PeriodEnd,
    State,
    Attempts,
    ClaimedAt,
    SentAt,
    Error,
}
