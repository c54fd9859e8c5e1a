//! `capacity_plans`: at most one capacity plan per service.

use sea_orm::entity::prelude::*;

/// A row of `capacity_plans`: the capacity plan of one service.
/// `planned_events` is a JSON array.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "capacity_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub service_id: i64,
    pub peak_rps: f64,
    pub unit_capacity_rps: f64,
    pub replicas: i32,
    pub growth_pct_per_month: f64,
    pub headroom_target_pct: f64,
    #[sea_orm(column_type = "JsonBinary")]
    pub planned_events: serde_json::Value,
    pub load_test_url: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
