//! `sign_offs`: per-role sign-offs on a review.

use sea_orm::entity::prelude::*;

/// A row of `sign_offs`: the decision of one role on a review, unique by
/// `(review_id, role)`. `review_version` is the review's `version` at the
/// time of signing.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "sign_offs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub review_id: i64,
    pub role: String,
    pub signer: String,
    pub decision: crate::domain::review::SignOffDecision,
    #[sea_orm(column_type = "Text")]
    pub comment: Option<String>,
    pub review_version: i64,
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
