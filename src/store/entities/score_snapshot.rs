//! `score_snapshots`: readiness score history per service.

use sea_orm::entity::prelude::*;

/// A row of `score_snapshots`: a service's readiness score (null when
/// nothing was assessed), level and gate at `taken_at`. `counts` holds the per-outcome item counts as JSON.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "score_snapshots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub service_id: i64,
    pub taken_at: DateTimeUtc,
    pub score: Option<f64>,
    pub level: i32,
    pub gate: crate::domain::scoring::Decision,
    #[sea_orm(column_type = "JsonBinary")]
    pub counts: serde_json::Value,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::service::Entity",
        from = "Column::ServiceId",
        to = "super::service::Column::Id",
        on_delete = "Cascade"
    )]
    Service,
}

impl Related<super::service::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Service.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
