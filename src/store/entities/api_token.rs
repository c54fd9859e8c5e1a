//! `api_tokens`: bearer tokens for automation, stored as a SHA-256 hash only.

use sea_orm::entity::prelude::*;

/// A row of `api_tokens`. The secret itself is never stored: `secret_hash` is the lowercase
/// hex SHA-256 of it, `prefix` its first characters (to recognise it in a list).
/// `scopes` is a comma-separated list (`READ`, `WRITE`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    #[sea_orm(unique)]
    pub secret_hash: String,
    pub prefix: String,
    pub acts_as: String,
    pub created_by: String,
    pub scopes: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
