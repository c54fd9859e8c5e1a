//! `pr_check_jobs`: the queue of pull request checks and re-verifications webhooks ask for.

use sea_orm::entity::prelude::*;

/// A row of `pr_check_jobs` (see the `m20261206_000013_pr_checks` migration). Unfinished
/// rows are due at `due_at`; a replica holding one has `lease_owner` set until `lease_until`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pr_check_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub delivery_id: String,
    /// `pull_request`, `rerun_check`, `rerun_suite` or `push`.
    pub kind: String,
    /// `owner/name` as GitHub spells it.
    pub repo: String,
    pub installation_id: Option<i64>,
    pub head_sha: Option<String>,
    pub base_sha: Option<String>,
    pub pr_number: Option<i64>,
    pub check_run_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub attempts: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub finished_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
