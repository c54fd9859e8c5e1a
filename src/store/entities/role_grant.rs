//! `role_grants`: who holds which role (admin, team owner, sign-off roles).

use sea_orm::entity::prelude::*;

/// A row of `role_grants`: `subject` (a login or `group:NAME`) holds `role`, on team
/// `team_id` for `owner` and everywhere (`team_id` 0) for the others.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "role_grants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub role: String,
    pub team_id: i64,
    pub subject: String,
    pub granted_by: String,
    pub granted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
