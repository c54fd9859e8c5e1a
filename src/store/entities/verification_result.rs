//! `verification_results`: the latest automated check result per review item.

use sea_orm::entity::prelude::*;

/// A row of `verification_results`. `evidence` is the latest run's evidence;
/// `last_conclusive` keeps the most recent pass/fail evidence when a later run errored.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "verification_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub review_id: i64,
    pub item_key: String,
    pub outcome: crate::domain::review::Outcome,
    #[sea_orm(column_type = "JsonBinary")]
    pub evidence: serde_json::Value,
    pub commit_sha: Option<String>,
    pub checked_at: DateTimeUtc,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub last_conclusive: Option<serde_json::Value>,
    pub flagged: bool,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::review::Entity",
        from = "Column::ReviewId",
        to = "super::review::Column::Id",
        on_delete = "Cascade"
    )]
    Review,
}

impl Related<super::review::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Review.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
