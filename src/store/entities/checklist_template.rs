//! `checklist_templates`: versioned readiness checklist definitions.

use sea_orm::entity::prelude::*;

/// A row of `checklist_templates`: one version of a checklist, unique by
/// `(key, version)`. `definition` is the parsed checklist as JSON and
/// `content_hash` the hash of its source.
///
/// Unlike the other tables, `version` here is the template's own version
/// number (an `INTEGER`), not an optimistic-locking counter.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "checklist_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub key: String,
    pub version: i32,
    pub name: String,
    pub content_hash: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub definition: serde_json::Value,
    pub source_path: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::review::Entity")]
    Reviews,
}

impl Related<super::review::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reviews.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
