//! Creates the tables of pull request checks (GitHub App mode):
//!
//! - `github_deliveries`: one row per webhook delivery Orrery acted on, keyed by GitHub's
//!   `X-GitHub-Delivery` id, so a redelivered or replayed delivery is recognised and queues
//!   nothing.
//! - `pr_check_jobs`: the queue the webhook fills and background workers drain. Replicas
//!   claim due rows under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL), like
//!   `verification_jobs`; a failed attempt is retried later with backoff and its error kept
//!   in `last_error`; `finished_at` marks a job done (or given up), `outcome` says how.
//! - `pr_check_runs`: the GitHub check run Orrery posted for each (repository, head commit,
//!   service), so later deliveries update that run instead of creating another, and how
//!   many annotations it carries (GitHub appends annotations on every update, so they are
//!   sent once per run).
//!
//! `down` drops the three tables.

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
                    .table(GithubDeliveries::Table)
                    .col(string_len(GithubDeliveries::DeliveryId, 100).primary_key())
                    .col(string_len(GithubDeliveries::Event, 64))
                    .col(timestamp_with_time_zone(GithubDeliveries::ReceivedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_github_deliveries_received_at",
            GithubDeliveries::Table,
            [GithubDeliveries::ReceivedAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrCheckJobs::Table)
                    .col(big_pk_auto(PrCheckJobs::Id))
                    .col(string_len(PrCheckJobs::DeliveryId, 100))
                    .col(string_len(PrCheckJobs::Kind, 32))
                    .col(string_len(PrCheckJobs::Repo, 201))
                    .col(big_integer_null(PrCheckJobs::InstallationId))
                    .col(string_len_null(PrCheckJobs::HeadSha, 64))
                    .col(string_len_null(PrCheckJobs::BaseSha, 64))
                    .col(big_integer_null(PrCheckJobs::PrNumber))
                    .col(big_integer_null(PrCheckJobs::CheckRunId))
                    .col(timestamp_with_time_zone(PrCheckJobs::CreatedAt))
                    .col(timestamp_with_time_zone(PrCheckJobs::DueAt))
                    .col(string_len_null(PrCheckJobs::LeaseOwner, 200))
                    .col(timestamp_with_time_zone_null(PrCheckJobs::LeaseUntil))
                    .col(integer(PrCheckJobs::Attempts).default(0))
                    .col(text_null(PrCheckJobs::LastError))
                    .col(timestamp_with_time_zone_null(PrCheckJobs::FinishedAt))
                    .col(text_null(PrCheckJobs::Outcome))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_pr_check_jobs_due",
            PrCheckJobs::Table,
            [PrCheckJobs::FinishedAt, PrCheckJobs::DueAt],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_pr_check_jobs_delivery_id",
            PrCheckJobs::Table,
            [PrCheckJobs::DeliveryId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrCheckRuns::Table)
                    .col(big_pk_auto(PrCheckRuns::Id))
                    .col(string_len(PrCheckRuns::Repo, 201))
                    .col(string_len(PrCheckRuns::HeadSha, 64))
                    .col(big_integer(PrCheckRuns::ServiceId))
                    .col(big_integer(PrCheckRuns::CheckRunId))
                    .col(string_len_null(PrCheckRuns::Conclusion, 32))
                    .col(integer(PrCheckRuns::Annotations).default(0))
                    .col(timestamp_with_time_zone(PrCheckRuns::CreatedAt))
                    .col(timestamp_with_time_zone(PrCheckRuns::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pr_check_runs_service_id")
                            .from(PrCheckRuns::Table, PrCheckRuns::ServiceId)
                            .to(Services::Table, Services::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ux_pr_check_runs_repo_sha_service",
            PrCheckRuns::Table,
            [
                PrCheckRuns::Repo,
                PrCheckRuns::HeadSha,
                PrCheckRuns::ServiceId,
            ],
            true,
        )
        .await?;
        create_index(
            manager,
            "ix_pr_check_runs_check_run_id",
            PrCheckRuns::Table,
            [PrCheckRuns::CheckRunId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                PrCheckRuns::Table.into_iden(),
                PrCheckJobs::Table.into_iden(),
                GithubDeliveries::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum GithubDeliveries {
    Table,
    DeliveryId,
    Event,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum PrCheckJobs {
    Table,
    Id,
    DeliveryId,
    Kind,
    Repo,
    InstallationId,
    HeadSha,
    BaseSha,
    PrNumber,
    CheckRunId,
    CreatedAt,
    DueAt,
    LeaseOwner,
    LeaseUntil,
    Attempts,
    LastError,
    FinishedAt,
    Outcome,
}

#[derive(DeriveIden)]
enum PrCheckRuns {
    Table,
    Id,
    Repo,
    HeadSha,
    ServiceId,
    CheckRunId,
    Conclusion,
    Annotations,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
}
