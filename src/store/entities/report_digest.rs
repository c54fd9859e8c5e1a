//! `report_digests`: the claim and outcome of each weekly digest period.

use sea_orm::entity::prelude::*;

/// A row of `report_digests`: one digest period, its state (`claimed`, `sent`, `failed`),
/// how many posts were tried and the last error.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_digests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub period_start: DateTimeUtc,
    #[sea_orm(unique)]
    pub period_end: DateTimeUtc,
    pub state: String,
    pub attempts: i32,
    pub claimed_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
