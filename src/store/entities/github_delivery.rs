//! `github_deliveries`: GitHub webhook deliveries Orrery acted on, by delivery id.

use sea_orm::entity::prelude::*;

/// A row of `github_deliveries` (see the `m20261206_000013_pr_checks` migration).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "github_deliveries")]
pub struct Model {
    /// GitHub's `X-GitHub-Delivery` id (the same on redelivery).
    #[sea_orm(primary_key, auto_increment = false)]
    pub delivery_id: String,
    /// The `X-GitHub-Event` name.
    pub event: String,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
