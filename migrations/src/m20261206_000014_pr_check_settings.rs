//! Pull request checks, per service:
//!
//! - `services.repository_path`: the service's directory inside its repository (monorepos);
//!   null for the repository root.
//! - `services.pr_check_policy`: how its pull request check concludes —
//!   `block_regressions` (the default), `informational` or `block_no_go`.
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
            string_len_null(Services::RepositoryPath, 300),
            string_len(Services::PrCheckPolicy, 24)
                .default("block_regressions")
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Services::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Services::PrCheckPolicy, Services::RepositoryPath] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Services::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Services {
    Table,
    RepositoryPath,
    PrCheckPolicy,
}
