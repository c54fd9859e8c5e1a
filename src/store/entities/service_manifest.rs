//! `service_manifests`: what the last sync of each service's `orrery.yaml` applied.

use sea_orm::entity::prelude::*;

/// A row of `service_manifests`: one per synced service. `applied` is a JSON object
/// (field → value the sync wrote or confirmed); `drift` a JSON array of
/// `{field, in_manifest, in_orrery}`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "service_manifests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub service_id: i64,
    pub commit_sha: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub applied: serde_json::Value,
    #[sea_orm(column_type = "JsonBinary")]
    pub drift: serde_json::Value,
    pub synced_by: String,
    pub synced_at: DateTimeUtc,
    pub version: i64,
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
