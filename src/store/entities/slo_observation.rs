//! `slo_observations`: the last measured status of each SLO.

use sea_orm::entity::prelude::*;

/// A row of `slo_observations`: one SLO's status as last measured (one row per SLO).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "slo_observations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slo_id: i64,
    pub service_id: i64,
    pub measured_at: DateTimeUtc,
    pub verdict: String,
    pub attainment: Option<f64>,
    pub budget_remaining: Option<f64>,
    #[sea_orm(column_name = "burn_1h")]
    pub burn_1h: Option<f64>,
    #[sea_orm(column_name = "burn_6h")]
    pub burn_6h: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::slo::Entity",
        from = "Column::SloId",
        to = "super::slo::Column::Id",
        on_delete = "Cascade"
    )]
    Slo,
}

impl Related<super::slo::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Slo.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
