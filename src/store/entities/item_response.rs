//! `item_responses`: answers to checklist items within a review.

use sea_orm::entity::prelude::*;

/// A row of `item_responses`: the current answer to one checklist item of a
/// review, unique by `(review_id, item_key)`. `observed` holds optional
/// machine-collected evidence as JSON.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "item_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub review_id: i64,
    pub item_key: String,
    pub outcome: crate::domain::review::Outcome,
    pub source: crate::domain::review::ResponseSource,
    #[sea_orm(column_type = "Text")]
    pub evidence: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub observed: Option<serde_json::Value>,
    pub commit_sha: Option<String>,
    pub responded_by: String,
    pub responded_at: DateTimeUtc,
    pub na_acceptance: Option<crate::domain::not_applicable::NaAcceptance>,
    pub na_decided_by: Option<String>,
    pub na_decided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub na_comment: Option<String>,
    /// The previous review this answer was carried over from, until it is answered again.
    pub carried_from: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
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
