//! Creates the sign-in tables of the `oidc` authentication mode:
//!
//! - `sessions`: one row per signed-in browser. Only the SHA-256 of the session id (the
//!   secret in the `orrery_session` cookie) is stored, never the id itself. The row keeps
//!   who signed in (login, display name, groups as a JSON array), when, when the session
//!   was last used and when it ends at the latest.
//! - `pending_logins`: a sign-in between the redirect to the identity provider and its
//!   answer, keyed by the SHA-256 of the `state` parameter: the PKCE verifier, the nonce and
//!   where to go afterwards. Used once, and only for ten minutes, by whichever replica the
//!   answer reaches.
//!
//! `down` drops both tables.

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
                    .table(Sessions::Table)
                    .col(string_len(Sessions::IdHash, 64).primary_key())
                    .col(string_len(Sessions::Login, 64))
                    .col(string_len_null(Sessions::Name, 200))
                    .col(text(Sessions::Groups))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_sessions_expires_at",
            Sessions::Table,
            [Sessions::ExpiresAt],
            false,
        )
        .await?;
        create_index(
            manager,
            "ix_sessions_last_seen_at",
            Sessions::Table,
            [Sessions::LastSeenAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PendingLogins::Table)
                    .col(string_len(PendingLogins::StateHash, 64).primary_key())
                    .col(text(PendingLogins::PkceVerifier))
                    .col(text(PendingLogins::Nonce))
                    .col(text(PendingLogins::ReturnTo))
                    .col(timestamp_with_time_zone(PendingLogins::CreatedAt))
                    .col(timestamp_with_time_zone(PendingLogins::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_pending_logins_expires_at",
            PendingLogins::Table,
            [PendingLogins::ExpiresAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                PendingLogins::Table.into_iden(),
                Sessions::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    Login,
    Name,
    Groups,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum PendingLogins {
    Table,
    StateHash,
    PkceVerifier,
    Nonce,
    ReturnTo,
    CreatedAt,
    ExpiresAt,
}
