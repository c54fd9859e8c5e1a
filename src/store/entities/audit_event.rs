//! `audit_events`: the append-only audit log.

use sea_orm::entity::prelude::*;

/// A row of `audit_events`: who did what to which entity, with optional
/// JSON snapshots of the entity before and after.
///
/// The table is append-only: database triggers reject every `UPDATE`, `DELETE`,
/// `TRUNCATE` and insert over an existing id (SQLite `REPLACE`), so only ever insert
/// through this entity. `entity_id` is a string
/// and there is no foreign key, so events outlive the rows they describe.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub before: Option<serde_json::Value>,
    #[sea_orm(column_type = "JsonBinary")]
    pub after: Option<serde_json::Value>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
