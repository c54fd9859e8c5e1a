//! `sessions`: signed-in browsers, by the SHA-256 of their session id.

use sea_orm::entity::prelude::*;

/// A row of `sessions` (see the `m20261206_000012_sessions` migration).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// Lowercase hex SHA-256 of the session id; the id itself is never stored.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub login: String,
    pub name: Option<String>,
    /// The person's groups, a JSON array of strings.
    pub groups: String,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
