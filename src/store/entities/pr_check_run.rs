//! `pr_check_runs`: the GitHub check run posted per repository, head commit and service.

use sea_orm::entity::prelude::*;

/// A row of `pr_check_runs` (see the `m20261206_000013_pr_checks` migration).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pr_check_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `owner/name`, lowercase.
    pub repo: String,
    /// Lowercase hex commit SHA.
    pub head_sha: String,
    pub service_id: i64,
    /// GitHub's id of the check run.
    pub check_run_id: i64,
    /// The last conclusion posted, if the run completed.
    pub conclusion: Option<String>,
    /// Annotations posted on the run (GitHub appends them on every update: sent once).
    pub annotations: i32,
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
