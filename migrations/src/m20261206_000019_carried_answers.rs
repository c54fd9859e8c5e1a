//! `item_responses.carried_from`: for an answer copied from the service's previous review
//! when a new review started, that review's id; null for an answer given in this review.
//! Answering the item again (by a person, by automation or by an N/A verdict) clears it, so
//! a non-null value means "carried over, not yet reconfirmed".
//!
//! `down` drops the column.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ItemResponses::Table)
                    .add_column(big_integer_null(ItemResponses::CarriedFrom))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ItemResponses::Table)
                    .drop_column(ItemResponses::CarriedFrom)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ItemResponses {
    Table,
    CarriedFrom,
}
