//! `latest_scores`: each service's current score, level and gate (a copy of its latest
//! score snapshot), for listing, filtering and counting portfolios in SQL.

use sea_orm::entity::prelude::*;

/// A row of `latest_scores`: the latest snapshot (`snapshot_id`) of a service, its time,
/// score (null when nothing was assessed), level and gate.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "latest_scores")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub service_id: i64,
    pub snapshot_id: i64,
    pub taken_at: DateTimeUtc,
    pub score: Option<f64>,
    pub level: i32,
    pub gate: crate::domain::scoring::Decision,
    /// The review the service was last scored on.
    pub review_id: Option<i64>,
    /// Its items' effective states then (`domain::scoring::stored_items`); null until the
    /// service is next scored.
    #[sea_orm(column_type = "Text")]
    pub item_states: Option<String>,
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
