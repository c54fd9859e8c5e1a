//! Creates `action_items`: follow-ups recorded by a review (usually with its decision),
//! each with an owner, a due date and whether it is done. Rows go with their review.
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
                    .table(ActionItems::Table)
                    .col(big_pk_auto(ActionItems::Id))
                    .col(big_integer(ActionItems::ReviewId))
                    .col(string_len(ActionItems::Title, 200))
                    .col(string_len(ActionItems::Owner, 64))
                    .col(date(ActionItems::DueDate))
                    .col(boolean(ActionItems::Done).default(false))
                    .col(timestamp_with_time_zone_null(ActionItems::DoneAt))
                    .col(string_len_null(ActionItems::DoneBy, 64))
                    .col(string_len(ActionItems::CreatedBy, 64))
                    .col(big_integer(ActionItems::Version).default(1))
                    .col(timestamp_with_time_zone(ActionItems::CreatedAt))
                    .col(timestamp_with_time_zone(ActionItems::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_items_review_id")
                            .from(ActionItems::Table, ActionItems::ReviewId)
                            .to(Reviews::Table, Reviews::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_action_items_review_id",
            ActionItems::Table,
            [ActionItems::ReviewId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [ActionItems::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum ActionItems {
    Table,
    Id,
    ReviewId,
    Title,
    Owner,
    DueDate,
    Done,
    DoneAt,
    DoneBy,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
}
