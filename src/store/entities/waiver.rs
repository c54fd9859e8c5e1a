//! `waivers`: time-limited exceptions for checklist items of a review.

use sea_orm::entity::prelude::*;

/// A row of `waivers`: a requested (and possibly approved) exception for
/// one checklist item of a review, valid until `expires_at`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "waivers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub review_id: i64,
    pub item_key: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    #[sea_orm(column_type = "Text")]
    pub compensating_control: String,
    pub requested_by: String,
    pub approved_by: Option<String>,
    pub state: crate::domain::review::WaiverState,
    pub expires_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
