//! Creates the service catalog: `teams`, `people`, `services`,
//! `dependencies`, `capacity_plans` and `slos`, with their foreign keys and
//! indexes.
//!
//! `down` drops the six tables (children first).

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
                    .table(Teams::Table)
                    .col(big_pk_auto(Teams::Id))
                    .col(string_len_uniq(Teams::Slug, 64))
                    .col(string_len(Teams::Name, 200))
                    .col(text_null(Teams::Description))
                    .col(string_len_null(Teams::ContactChannel, 200))
                    .col(string_len_null(Teams::OncallUrl, 500))
                    .col(big_integer(Teams::Version).default(1))
                    .col(timestamp_with_time_zone(Teams::CreatedAt))
                    .col(timestamp_with_time_zone(Teams::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(big_pk_auto(People::Id))
                    .col(string_len_uniq(People::Login, 64))
                    .col(string_len_null(People::Name, 200))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Services::Table)
                    .col(big_pk_auto(Services::Id))
                    .col(string_len_uniq(Services::Slug, 64))
                    .col(string_len(Services::Name, 200))
                    .col(text(Services::Description).default(""))
                    .col(big_integer(Services::TeamId))
                    .col(string_len(Services::Tier, 8))
                    .col(string_len(Services::Lifecycle, 16))
                    .col(string_len_null(Services::Repository, 500))
                    .col(json_binary_null(Services::Monitoring))
                    .col(json_binary(Services::Links))
                    .col(date_null(Services::LaunchTarget))
                    .col(timestamp_with_time_zone_null(Services::ArchivedAt))
                    .col(big_integer(Services::Version).default(1))
                    .col(timestamp_with_time_zone(Services::CreatedAt))
                    .col(timestamp_with_time_zone(Services::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_services_team_id")
                            .from(Services::Table, Services::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_services_team_id",
            Services::Table,
            [Services::TeamId],
            false,
        )
        .await?;
        create_index(
            manager,
            "idx_services_tier",
            Services::Table,
            [Services::Tier],
            false,
        )
        .await?;
        create_index(
            manager,
            "idx_services_lifecycle",
            Services::Table,
            [Services::Lifecycle],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Dependencies::Table)
                    .col(big_pk_auto(Dependencies::Id))
                    .col(big_integer(Dependencies::ServiceId))
                    .col(big_integer_null(Dependencies::TargetServiceId))
                    .col(string_len_null(Dependencies::ExternalName, 200))
                    .col(string_len(Dependencies::Kind, 8))
                    .col(big_integer_null(Dependencies::TimeoutMs))
                    .col(text_null(Dependencies::RetryPolicy))
                    .col(text_null(Dependencies::Fallback))
                    .col(big_integer(Dependencies::Version).default(1))
                    .col(timestamp_with_time_zone(Dependencies::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dependencies_service_id")
                            .from(Dependencies::Table, Dependencies::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dependencies_target_service_id")
                            .from(Dependencies::Table, Dependencies::TargetServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "uq_dependencies_service_target",
            Dependencies::Table,
            [Dependencies::ServiceId, Dependencies::TargetServiceId],
            true,
        )
        .await?;
        create_index(
            manager,
            "uq_dependencies_service_external",
            Dependencies::Table,
            [Dependencies::ServiceId, Dependencies::ExternalName],
            true,
        )
        .await?;
        create_index(
            manager,
            "idx_dependencies_target_service_id",
            Dependencies::Table,
            [Dependencies::TargetServiceId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CapacityPlans::Table)
                    .col(big_pk_auto(CapacityPlans::Id))
                    .col(big_integer_uniq(CapacityPlans::ServiceId))
                    .col(double(CapacityPlans::PeakRps))
                    .col(double(CapacityPlans::UnitCapacityRps))
                    .col(integer(CapacityPlans::Replicas))
                    .col(double(CapacityPlans::GrowthPctPerMonth))
                    .col(double(CapacityPlans::HeadroomTargetPct))
                    .col(json_binary(CapacityPlans::PlannedEvents))
                    .col(string_len_null(CapacityPlans::LoadTestUrl, 500))
                    .col(timestamp_with_time_zone_null(CapacityPlans::ReviewedAt))
                    .col(big_integer(CapacityPlans::Version).default(1))
                    .col(timestamp_with_time_zone(CapacityPlans::CreatedAt))
                    .col(timestamp_with_time_zone(CapacityPlans::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_capacity_plans_service_id")
                            .from(CapacityPlans::Table, CapacityPlans::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Slos::Table)
                    .col(big_pk_auto(Slos::Id))
                    .col(big_integer(Slos::ServiceId))
                    .col(string_len(Slos::Name, 100))
                    .col(text_null(Slos::Description))
                    .col(string_len(Slos::SliKind, 16))
                    .col(text_null(Slos::GoodQuery))
                    .col(text_null(Slos::TotalQuery))
                    .col(text_null(Slos::LatencyMetric))
                    .col(double_null(Slos::LatencyThresholdSeconds))
                    .col(double(Slos::ObjectivePercent))
                    .col(integer(Slos::WindowDays))
                    .col(big_integer(Slos::Version).default(1))
                    .col(timestamp_with_time_zone(Slos::CreatedAt))
                    .col(timestamp_with_time_zone(Slos::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_slos_service_id")
                            .from(Slos::Table, Slos::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "uq_slos_service_name",
            Slos::Table,
            [Slos::ServiceId, Slos::Name],
            true,
        )
        .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents so foreign keys never dangle.
        drop_tables(
            manager,
            [
                Slos::Table.into_iden(),
                CapacityPlans::Table.into_iden(),
                Dependencies::Table.into_iden(),
                Services::Table.into_iden(),
                People::Table.into_iden(),
                Teams::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
    Slug,
    Name,
    Description,
    ContactChannel,
    OncallUrl,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Login,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
    Slug,
    Name,
    Description,
    TeamId,
    Tier,
    Lifecycle,
    Repository,
    Monitoring,
    Links,
    LaunchTarget,
    ArchivedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Dependencies {
    Table,
    Id,
    ServiceId,
    TargetServiceId,
    ExternalName,
    Kind,
    TimeoutMs,
    RetryPolicy,
    Fallback,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CapacityPlans {
    Table,
    Id,
    ServiceId,
    PeakRps,
    UnitCapacityRps,
    Replicas,
    GrowthPctPerMonth,
    HeadroomTargetPct,
    PlannedEvents,
    LoadTestUrl,
    ReviewedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Slos {
    Table,
    Id,
    ServiceId,
    Name,
    Description,
    SliKind,
    GoodQuery,
    TotalQuery,
    LatencyMetric,
    LatencyThresholdSeconds,
    ObjectivePercent,
    WindowDays,
    Version,
    CreatedAt,
    UpdatedAt,
}
