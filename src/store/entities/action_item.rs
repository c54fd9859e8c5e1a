//! `action_items`: follow-ups a review records, with an owner and a due date.

use sea_orm::entity::prelude::*;

/// A row of `action_items`: one follow-up of a review, done or not.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "action_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub review_id: i64,
    pub title: String,
    pub owner: String,
    pub due_date: chrono::NaiveDate,
    pub done: bool,
    pub done_at: Option<DateTimeUtc>,
    pub done_by: Option<String>,
    pub created_by: String,
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
