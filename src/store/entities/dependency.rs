//! `dependencies`: what each service depends on.

use sea_orm::entity::prelude::*;

/// A row of `dependencies`: a dependency of service `service_id` on either
/// another catalogued service (`target_service_id`) or an external system
/// (`external_name`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "dependencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub service_id: i64,
    pub target_service_id: Option<i64>,
    pub external_name: Option<String>,
    pub kind: crate::domain::catalog::DependencyKind,
    pub timeout_ms: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub retry_policy: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub fallback: Option<String>,
    pub version: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The service that declares the dependency.
    #[sea_orm(
        belongs_to = "super::service::Entity",
        from = "Column::ServiceId",
        to = "super::service::Column::Id",
        on_delete = "Cascade"
    )]
    Service,
    /// The catalogued service depended on, if any.
    #[sea_orm(
        belongs_to = "super::service::Entity",
        from = "Column::TargetServiceId",
        to = "super::service::Column::Id",
        on_delete = "Restrict"
    )]
    TargetService,
}

/// The declaring service (use `Relation::TargetService` for the target).
impl Related<super::service::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Service.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
