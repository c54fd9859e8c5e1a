//! `slos`: service level objectives.

use sea_orm::entity::prelude::*;

/// A row of `slos`: a service level objective of one service, unique by
/// `(service_id, name)`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "slos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub service_id: i64,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub sli_kind: crate::domain::slo::SliKind,
    #[sea_orm(column_type = "Text")]
    pub good_query: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub total_query: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub latency_metric: Option<String>,
    pub latency_threshold_seconds: Option<f64>,
    pub objective_percent: f64,
    pub window_days: i32,
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
