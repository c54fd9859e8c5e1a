//! `latest_scores.review_id` and `latest_scores.item_states`: the review a service was last
//! scored on and its items' effective states then (`key=S` entries, see
//! `orrery::domain::scoring::stored_items`), kept current by every scoring pass even when
//! the score itself does not move, so portfolio reports read item states without loading
//! every answer. Null until the service is next scored; readers then judge the answers.
//!
//! `down` drops both columns.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut column in [
            big_integer_null(LatestScores::ReviewId),
            text_null(LatestScores::ItemStates),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LatestScores::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [LatestScores::ItemStates, LatestScores::ReviewId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LatestScores::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LatestScores {
    Table,
    ReviewId,
    ItemStates,
}
