//! `Service` and its small value types.

use super::GateDecision;
use super::{CapacityPlan, Dependency, Review, Scorecard, Slo, Team};
use crate::domain::catalog::{Link as DomainLink, Monitoring as DomainMonitoring};
use crate::domain::records;
use crate::graphql::enums::{Lifecycle, LinkKind, Tier};
use crate::graphql::error::GqlResult;
use crate::graphql::loaders;
use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

/// A service in the catalog.
pub struct Service(pub records::Service);

/// A titled link.
#[derive(SimpleObject)]
pub struct Link {
    /// What it points at.
    pub kind: LinkKind,
    /// Label.
    pub title: String,
    /// URL.
    pub url: String,
}

/// The scorecard of a service at one moment.
#[derive(SimpleObject)]
pub struct ScoreSnapshot {
    /// When it changed to this.
    pub taken_at: DateTime<Utc>,
    /// Readiness score; null when nothing applicable was left to assess.
    pub score: Option<f64>,
    /// Maturity level number.
    pub level: i32,
    /// Gate decision.
    pub gate: GateDecision,
    /// Item counts: passed, failed, waived, notApplicable, unanswered.
    pub counts: Json<serde_json::Value>,
}

/// How to find the service in Prometheus.
#[derive(SimpleObject)]
pub struct Monitoring {
    /// `job` label value.
    pub job: Option<String>,
    /// Namespace label value.
    pub namespace: Option<String>,
    /// Extra label matchers.
    pub matchers: Vec<String>,
    /// The full PromQL label selector, e.g. `job="checkout",namespace="shop"`.
    pub selector: String,
}

#[Object]
impl Service {
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
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn tier(&self) -> Tier {
        self.0.tier.into()
    }
    async fn lifecycle(&self) -> Lifecycle {
        self.0.lifecycle.into()
    }
    /// GitHub `owner/name`, or `file:<path>` for a local checkout.
    async fn repository(&self) -> Option<&str> {
        self.0.repository.as_deref()
    }
    /// The service's directory inside its repository (monorepos); null for the root.
    async fn repository_path(&self) -> Option<&str> {
        self.0.repository_path.as_deref()
    }
    /// How its pull request checks conclude.
    async fn pr_check_policy(&self) -> crate::graphql::enums::PrCheckPolicy {
        self.0.pr_check_policy.into()
    }
    async fn monitoring(&self) -> Option<Monitoring> {
        let m: DomainMonitoring = serde_json::from_value(self.0.monitoring.clone()?).ok()?;
        Some(Monitoring {
            selector: m.selector(),
            job: m.job,
            namespace: m.namespace,
            matchers: m.matchers,
        })
    }
    async fn links(&self) -> Vec<Link> {
        let links: Vec<DomainLink> =
            serde_json::from_value(self.0.links.clone()).unwrap_or_default();
        links
            .into_iter()
            .map(|l| Link {
                kind: l.kind.into(),
                title: l.title,
                url: l.url,
            })
            .collect()
    }
    /// Planned production launch date.
    async fn launch_target(&self) -> Option<NaiveDate> {
        self.0.launch_target
    }
    /// Set when the service was archived.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
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
    /// The owning team.
    async fn team(&self, ctx: &Context<'_>) -> Result<Team> {
        let team = loaders(ctx)
            .team
            .load_one(self.0.team_id)
            .await
            .gql()?
            .flatten();
        team.map(Team)
            .ok_or_else(|| "owning team is missing".into())
    }
    /// What this service depends on.
    async fn dependencies(&self, ctx: &Context<'_>) -> Result<Vec<Dependency>> {
        let rows = loaders(ctx).dependencies.load_one(self.0.id).await.gql()?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Dependency)
            .collect())
    }
    /// Dependencies other services declared on this one.
    async fn dependents(&self, ctx: &Context<'_>) -> Result<Vec<Dependency>> {
        let rows = loaders(ctx).dependents.load_one(self.0.id).await.gql()?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Dependency)
            .collect())
    }
    /// The capacity plan, if one was set.
    async fn capacity_plan(&self, ctx: &Context<'_>) -> Result<Option<CapacityPlan>> {
        Ok(loaders(ctx)
            .capacity
            .load_one(self.0.id)
            .await
            .gql()?
            .flatten()
            .map(CapacityPlan))
    }
    /// SLO definitions, by name.
    async fn slos(&self, ctx: &Context<'_>) -> Result<Vec<Slo>> {
        let rows = loaders(ctx).slos.load_one(self.0.id).await.gql()?;
        Ok(rows.unwrap_or_default().into_iter().map(Slo).collect())
    }
    /// The review the scorecard reflects: the latest one not rejected.
    async fn current_review(&self, ctx: &Context<'_>) -> Result<Option<Review>> {
        Ok(loaders(ctx)
            .current_review
            .load_one(self.0.id)
            .await
            .gql()?
            .flatten()
            .map(Review))
    }
    /// Readiness score, maturity level and launch gate of the current review.
    async fn scorecard(&self, ctx: &Context<'_>) -> Result<Option<Scorecard>> {
        Ok(loaders(ctx)
            .service_scorecard
            .load_one(self.0.id)
            .await
            .gql()?
            .flatten()
            .map(Scorecard))
    }
    /// Score snapshots between `from` and `to` (inclusive), oldest first: one per change of
    /// score, level or gate.
    async fn score_history(
        &self,
        ctx: &Context<'_>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<ScoreSnapshot>> {
        let key = crate::graphql::loaders::HistoryKey {
            service_id: self.0.id,
            from,
            to,
        };
        let rows = loaders(ctx)
            .history
            .load_one(key)
            .await
            .gql()?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|s| ScoreSnapshot {
                taken_at: s.taken_at,
                score: s.score,
                level: s.level,
                gate: GateDecision::from(s.gate),
                counts: Json(s.counts),
            })
            .collect())
    }
    /// Every review of the service, newest first.
    async fn reviews(&self, ctx: &Context<'_>) -> Result<Vec<Review>> {
        let rows = loaders(ctx).reviews.load_one(self.0.id).await.gql()?;
        Ok(rows.unwrap_or_default().into_iter().map(Review).collect())
    }
}
