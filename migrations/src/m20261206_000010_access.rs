//! Creates what authority rests on: `role_grants` (admins, team owners and sign-off roles,
//! held by a login or a provider group), `service_accounts` (named non-human logins an admin
//! creates for automation) and `api_tokens` (bearer tokens, stored only as a SHA-256 hash).
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
                    .table(RoleGrants::Table)
                    .col(big_pk_auto(RoleGrants::Id))
                    .col(string_len(RoleGrants::Role, 64))
                    // 0 for a grant that holds everywhere (admin, sign-off roles); the team's
                    // id for `owner`. Not NULL so that the unique index below holds on both
                    // databases (NULLs are distinct in a unique index).
                    .col(big_integer(RoleGrants::TeamId).default(0))
                    .col(string_len(RoleGrants::Subject, 140))
                    .col(string_len(RoleGrants::GrantedBy, 64))
                    .col(timestamp_with_time_zone(RoleGrants::GrantedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_role_grants_unique",
            RoleGrants::Table,
            [RoleGrants::Role, RoleGrants::TeamId, RoleGrants::Subject],
            true,
        )
        .await?;
        create_index(
            manager,
            "idx_role_grants_subject",
            RoleGrants::Table,
            [RoleGrants::Subject],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceAccounts::Table)
                    .col(big_pk_auto(ServiceAccounts::Id))
                    .col(string_len_uniq(ServiceAccounts::Login, 64))
                    .col(string_len(ServiceAccounts::Description, 500))
                    .col(string_len(ServiceAccounts::CreatedBy, 64))
                    .col(timestamp_with_time_zone(ServiceAccounts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(big_pk_auto(ApiTokens::Id))
                    .col(string_len(ApiTokens::Name, 100))
                    .col(string_len_uniq(ApiTokens::SecretHash, 64))
                    .col(string_len(ApiTokens::Prefix, 16))
                    .col(string_len(ApiTokens::ActsAs, 64))
                    .col(string_len(ApiTokens::CreatedBy, 64))
                    .col(string_len(ApiTokens::Scopes, 64))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .col(string_len_null(ApiTokens::RevokedBy, 64))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_api_tokens_created_by",
            ApiTokens::Table,
            [ApiTokens::CreatedBy],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ApiTokens::Table.into_iden(),
                ServiceAccounts::Table.into_iden(),
                RoleGrants::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum RoleGrants {
    Table,
    Id,
    Role,
    TeamId,
    Subject,
    GrantedBy,
    GrantedAt,
}

#[derive(DeriveIden)]
enum ServiceAccounts {
    Table,
    Id,
    Login,
    Description,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Name,
    SecretHash,
    Prefix,
    ActsAs,
    CreatedBy,
    Scopes,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
    RevokedBy,
}
