//! `Team`.

use super::Service;
use crate::domain::records;
use crate::graphql::error::GqlResult;
use crate::graphql::loaders;
use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

/// A team that owns services.
pub struct Team(pub records::Team);

#[Object]
impl Team {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// URL-safe identifier.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Where to reach the team, e.g. a chat channel.
    async fn contact_channel(&self) -> Option<&str> {
        self.0.contact_channel.as_deref()
    }
    /// On-call schedule URL.
    async fn oncall_url(&self) -> Option<&str> {
        self.0.oncall_url.as_deref()
    }
    /// Its owners: logins and `group:NAME`s. They edit the team's services, answer their
    /// checklists and sign them as `service_owner`.
    async fn owners(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        crate::graphql::svc(ctx).team_owners(self.0.id).await.gql()
    }
    /// Optimistic-concurrency version; pass it as `expectedVersion` when editing.
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The team's services (archived ones excluded), by slug.
    async fn services(&self, ctx: &Context<'_>) -> Result<Vec<Service>> {
        let rows = loaders(ctx).team_services.load_one(self.0.id).await.gql()?;
        Ok(rows.unwrap_or_default().into_iter().map(Service).collect())
    }
}
