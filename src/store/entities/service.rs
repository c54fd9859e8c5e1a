//! `services`: the service catalog.

use sea_orm::entity::prelude::*;

/// A row of `services`: a catalogued service owned by a team.
///
/// `tier` and `lifecycle` are stored as strings; `links` is a JSON array and
/// `monitoring` an optional JSON object.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub team_id: i64,
    pub tier: crate::domain::catalog::Tier,
    pub lifecycle: crate::domain::catalog::Lifecycle,
    pub repository: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub monitoring: Option<serde_json::Value>,
    #[sea_orm(column_type = "JsonBinary")]
    pub links: serde_json::Value,
    pub launch_target: Option<chrono::NaiveDate>,
    pub repository_path: Option<String>,
    pub pr_check_policy: crate::domain::change::PrCheckPolicy,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::team::Entity",
        from = "Column::TeamId",
        to = "super::team::Column::Id",
        on_delete = "Restrict"
    )]
    Team,
    /// Dependencies this service declares (`dependencies.service_id`).
    #[sea_orm(has_many = "super::dependency::Entity", via_rel = "Relation::Service")]
    Dependencies,
    /// Dependencies of other services on this one
    /// (`dependencies.target_service_id`).
    #[sea_orm(
        has_many = "super::dependency::Entity",
        via_rel = "Relation::TargetService"
    )]
    Dependents,
    #[sea_orm(has_one = "super::capacity_plan::Entity")]
    CapacityPlan,
    #[sea_orm(has_many = "super::slo::Entity")]
    Slos,
    #[sea_orm(has_many = "super::review::Entity")]
    Reviews,
    #[sea_orm(has_many = "super::score_snapshot::Entity")]
    ScoreSnapshots,
    /// The service's current score, level and gate (`latest_scores`).
    #[sea_orm(has_one = "super::latest_score::Entity")]
    LatestScore,
}

impl Related<super::team::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Team.def()
    }
}

/// The dependencies this service declares (not those pointing at it).
impl Related<super::dependency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Dependencies.def()
    }
}

impl Related<super::capacity_plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CapacityPlan.def()
    }
}

impl Related<super::slo::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Slos.def()
    }
}

impl Related<super::review::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reviews.def()
    }
}

impl Related<super::score_snapshot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ScoreSnapshots.def()
    }
}

impl Related<super::latest_score::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LatestScore.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
