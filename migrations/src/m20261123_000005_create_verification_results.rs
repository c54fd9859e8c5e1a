//! Creates `verification_results`: the latest automated check result per review item,
//! kept apart from item responses so automation never overwrites a person's answer, with
//! the last conclusive evidence preserved when a later run cannot reach its source.
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
                    .table(VerificationResults::Table)
                    .col(big_pk_auto(VerificationResults::Id))
                    .col(big_integer(VerificationResults::ReviewId))
                    .col(string_len(VerificationResults::ItemKey, 100))
                    .col(string_len(VerificationResults::Outcome, 16))
                    .col(json_binary(VerificationResults::Evidence))
                    .col(string_len_null(VerificationResults::CommitSha, 64))
                    .col(timestamp_with_time_zone(VerificationResults::CheckedAt))
                    .col(json_binary_null(VerificationResults::LastConclusive))
                    .col(boolean(VerificationResults::Flagged).default(false))
                    .col(big_integer(VerificationResults::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_verification_results_review_id")
                            .from(VerificationResults::Table, VerificationResults::ReviewId)
                            .to(Reviews::Table, Reviews::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "uq_verification_results_review_item",
            VerificationResults::Table,
            [VerificationResults::ReviewId, VerificationResults::ItemKey],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [VerificationResults::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum VerificationResults {
    Table,
    Id,
    ReviewId,
    ItemKey,
    Outcome,
    Evidence,
    CommitSha,
    CheckedAt,
    LastConclusive,
    Flagged,
    Version,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
}
