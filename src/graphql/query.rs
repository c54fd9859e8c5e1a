//! Root queries.

use super::enums::{Lifecycle, Tier};
use super::error::{GqlResult, parse_id};
use super::types::GateDecision;
use super::types::{
    AuditEvent, AuditEventFilter, ChecklistTemplate, Review, Service, Team, TemplateImpact,
};
use super::{MAX_PAGE, svc};
use crate::error::AppError;
use crate::services::catalog::portfolio::{ServiceFilter as Filter, ServiceOrder as Order};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Enum, ErrorExtensions, ID, InputObject, Object, Result};

/// Narrows the `services` list.
#[derive(InputObject, Default)]
pub struct ServiceFilter {
    /// Owning team's slug.
    pub team: Option<String>,
    /// Tier.
    pub tier: Option<Tier>,
    /// Lifecycle stage.
    pub lifecycle: Option<Lifecycle>,
    /// Case-insensitive text in slug, name or description.
    pub search: Option<String>,
    /// Include archived services (default false).
    pub include_archived: Option<bool>,
    /// Only services whose launch gate is this.
    pub gate: Option<GateDecision>,
    /// Only services scoring at least this.
    pub min_score: Option<f64>,
    /// Only services scoring at most this.
    pub max_score: Option<f64>,
    /// Only services at this maturity level or above.
    pub min_level: Option<u8>,
}

/// Order of the `services` list.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
#[graphql(remote = "Order")]
pub enum ServiceOrder {
    /// By slug.
    #[default]
    Slug,
    /// Lowest readiness score first.
    ScoreAsc,
    /// Highest readiness score first.
    ScoreDesc,
    /// Lowest maturity level first.
    LevelAsc,
    /// Highest maturity level first.
    LevelDesc,
    /// NO_GO first, then GO_WITH_CONDITIONS, then GO.
    Gate,
}

/// Catalog, review and template queries (merged into the root query).
#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// A service by slug (archived ones included).
    async fn service(&self, ctx: &Context<'_>, slug: String) -> Result<Service> {
        svc(ctx).service(&slug).await.map(Service).gql()
    }

    /// Services, a page at a time (`first` ≤ 100, default 20), by slug unless `orderBy` says
    /// otherwise. Score, level and gate reflect each service's latest score snapshot.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn services(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ServiceFilter>,
        order_by: Option<ServiceOrder>,
    ) -> Result<Connection<String, Service, EmptyFields, EmptyFields>> {
        let first = first.unwrap_or(20);
        if !(0..=MAX_PAGE).contains(&first) {
            return Err(
                AppError::invalid("first", format!("must be between 0 and {MAX_PAGE}")).extend(),
            );
        }
        let f = filter.unwrap_or_default();
        let filter = Filter {
            team: f.team,
            tier: f.tier.map(Into::into),
            lifecycle: f.lifecycle.map(Into::into),
            search: f.search,
            include_archived: f.include_archived.unwrap_or(false),
            gate: f.gate.map(Into::into),
            min_score: f.min_score,
            max_score: f.max_score,
            min_level: f.min_level,
        };
        let order = order_by.unwrap_or_default().into();
        let (rows, more) = svc(ctx)
            .list_services(&filter, order, after.as_deref(), first as u64)
            .await
            .gql()?;
        let models: Vec<_> = rows.iter().map(|(_, s)| s.clone()).collect();
        super::prefetch::services_page(ctx, &models).await?;
        let mut conn = Connection::new(after.is_some(), more);
        conn.edges.extend(
            rows.into_iter()
                .map(|(cursor, s)| Edge::new(cursor, Service(s))),
        );
        Ok(conn)
    }

    /// A team by slug.
    async fn team(&self, ctx: &Context<'_>, slug: String) -> Result<Team> {
        svc(ctx).team(&slug).await.map(Team).gql()
    }

    /// All teams, by slug.
    async fn teams(&self, ctx: &Context<'_>) -> Result<Vec<Team>> {
        Ok(svc(ctx)
            .teams()
            .await
            .gql()?
            .into_iter()
            .map(Team)
            .collect())
    }

    /// The version in force of every loaded template.
    async fn checklist_templates(&self, ctx: &Context<'_>) -> Vec<ChecklistTemplate> {
        svc(ctx)
            .templates
            .all_latest()
            .into_iter()
            .map(ChecklistTemplate)
            .collect()
    }

    /// A template by key: the given version, or the one in force.
    async fn checklist_template(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
    ) -> Result<ChecklistTemplate> {
        let s = svc(ctx);
        match version {
            Some(v) => s
                .template_version(&key, v)
                .await
                .map(ChecklistTemplate)
                .gql(),
            None => s
                .templates
                .latest(&key)
                .map(ChecklistTemplate)
                .ok_or_else(|| AppError::not_found("checklist template", key).extend()),
        }
    }

    /// What would change if the template `templateKey` were replaced by `yaml`: how many
    /// services would change maturity level or launch gate, and which. Nothing is stored.
    async fn template_impact(
        &self,
        ctx: &Context<'_>,
        template_key: String,
        yaml: String,
    ) -> Result<TemplateImpact> {
        svc(ctx)
            .template_impact(&template_key, &yaml)
            .await
            .map(TemplateImpact)
            .gql()
    }

    /// A review by id.
    async fn review(&self, ctx: &Context<'_>, id: ID) -> Result<Review> {
        let id = parse_id("id", &id)?;
        svc(ctx).review(id).await.map(Review).gql()
    }

    /// Audit events matching `filter`, newest first, a page at a time (`first` ≤ 100,
    /// default 20); the cursor is stable (the event id), so pages never repeat or skip an
    /// event as new ones are recorded.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditEventFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AuditEvent, EmptyFields, EmptyFields>> {
        let first = first.unwrap_or(20);
        if !(0..=MAX_PAGE).contains(&first) {
            return Err(
                AppError::invalid("first", format!("must be between 0 and {MAX_PAGE}")).extend(),
            );
        }
        let query = filter.unwrap_or_default().into_query()?;
        let page = svc(ctx)
            .audit_events(&query, after.as_deref(), first as u64)
            .await
            .gql_under("filter", &["after", "first"])?;
        let mut conn = Connection::new(after.is_some(), page.has_more);
        conn.edges.extend(
            page.events
                .into_iter()
                .map(|e| Edge::new(e.id.to_string(), AuditEvent::from(e))),
        );
        Ok(conn)
    }
}
