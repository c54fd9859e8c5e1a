//! `slo_observations`: the last status measured for each SLO, so reports can name SLOs with
//! their error budget spent or burning fast without asking Prometheus about every SLO of
//! the portfolio while a report is read.
//!
//! One row per SLO (unique `slo_id`, deleted with the SLO and with its service): when it was
//! measured, the verdict (`meeting`, `partial_window`, `breaching`, `too_few_events`,
//! `no_data`), attainment and budget remaining (fractions; null when not computable), and the
//! burn rates over 1 h and 6 h (null without events in the window). `service_id` is kept
//! beside `slo_id` so a report filters by service in one statement.
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
                    .table(SloObservations::Table)
                    .col(big_pk_auto(SloObservations::Id))
                    .col(big_integer_uniq(SloObservations::SloId))
                    .col(big_integer(SloObservations::ServiceId))
                    .col(timestamp_with_time_zone(SloObservations::MeasuredAt))
                    .col(string_len(SloObservations::Verdict, 32))
                    .col(double_null(SloObservations::Attainment))
                    .col(double_null(SloObservations::BudgetRemaining))
                    .col(double_null(SloObservations::Burn1h))
                    .col(double_null(SloObservations::Burn6h))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_slo_observations_slo_id")
                            .from(SloObservations::Table, SloObservations::SloId)
                            .to(Slos::Table, Slos::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_slo_observations_service_id")
                            .from(SloObservations::Table, SloObservations::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_slo_observations_service_id")
                    .table(SloObservations::Table)
                    .col(SloObservations::ServiceId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [SloObservations::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum SloObservations {
    Table,
    Id,
    SloId,
    ServiceId,
    MeasuredAt,
    Verdict,
    Attainment,
    BudgetRemaining,
    #[sea_orm(iden = "burn_1h")]
    Burn1h,
    #[sea_orm(iden = "burn_6h")]
    Burn6h,
}

#[derive(DeriveIden)]
enum Slos {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}
