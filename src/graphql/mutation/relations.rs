//! Mutations on dependencies, capacity plans and SLOs.

use crate::domain::capacity::PlannedEvent;
use crate::graphql::enums::{DependencyKind, SliKind};
use crate::graphql::error::{GqlResult, parse_id};
use crate::graphql::types::{CapacityPlan, Dependency, Slo};
use crate::graphql::{actor, svc};
use crate::services::catalog::capacity::CapacityPlanInput as SCapacity;
use crate::services::catalog::dependencies::NewDependency;
use crate::services::catalog::slos::SloFields;
use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};

/// Input of `addDependency`: give `targetServiceSlug` or `externalName`.
#[derive(InputObject)]
pub struct AddDependencyInput {
    /// The dependent service.
    pub service_slug: String,
    /// A catalog service it depends on.
    pub target_service_slug: Option<String>,
    /// Or an external system.
    pub external_name: Option<String>,
    /// Hard or soft.
    pub kind: DependencyKind,
    /// Client timeout, ms.
    pub timeout_ms: Option<i64>,
    /// Retry policy.
    pub retry_policy: Option<String>,
    /// Behaviour when it is down.
    pub fallback: Option<String>,
}

/// A known traffic event.
#[derive(InputObject)]
pub struct PlannedEventInput {
    /// What happens.
    pub name: String,
    /// When.
    pub date: NaiveDate,
    /// Expected peak as a multiple of today's, 1 to 1000.
    pub peak_multiplier: f64,
}

/// Input of `setCapacityPlan`.
#[derive(InputObject)]
pub struct CapacityPlanInput {
    /// Service.
    pub service_slug: String,
    /// Version of the existing plan; omit when creating the first.
    pub expected_version: Option<i64>,
    /// Peak demand, rps: 0.01 to 1e9.
    pub peak_rps: f64,
    /// One replica's capacity, rps: 0.01 to 1e9.
    pub unit_capacity_rps: f64,
    /// Replicas.
    pub replicas: i64,
    /// Growth per month, percent: -100 to 1000, and 0 or at least 0.01 in size (default 0).
    #[graphql(default)]
    pub growth_pct_per_month: f64,
    /// Targeted headroom at peak, percent: 0 to 99, and 0 or at least 0.01 (default 30).
    #[graphql(default = 30.0)]
    pub headroom_target_pct: f64,
    /// Known events.
    #[graphql(default)]
    pub planned_events: Vec<PlannedEventInput>,
    /// Load-test evidence URL.
    pub load_test_url: Option<String>,
    /// When the plan was last reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// SLO fields; on `updateSlo` omitted fields keep their value.
#[derive(InputObject, Default)]
pub struct SloInput {
    /// Unique name within the service.
    pub name: Option<String>,
    /// What it protects.
    pub description: Option<String>,
    /// Ratio or latency.
    pub sli_kind: Option<SliKind>,
    /// PromQL for good events (ratio).
    pub good_query: Option<String>,
    /// PromQL for all events (ratio).
    pub total_query: Option<String>,
    /// Histogram metric (latency).
    pub latency_metric: Option<String>,
    /// Threshold seconds (latency).
    pub latency_threshold_seconds: Option<f64>,
    /// Objective, percent: 50 to 99.9999 with at most 4 decimals (e.g. 99.9).
    pub objective_percent: Option<f64>,
    /// Rolling window, days (default 28).
    pub window_days: Option<i64>,
}

impl From<SloInput> for SloFields {
    fn from(i: SloInput) -> Self {
        SloFields {
            name: i.name,
            description: i.description,
            sli_kind: i.sli_kind.map(Into::into),
            good_query: i.good_query,
            total_query: i.total_query,
            latency_metric: i.latency_metric,
            latency_threshold_seconds: i.latency_threshold_seconds,
            objective_percent: i.objective_percent,
            window_days: i.window_days,
        }
    }
}

/// Dependency, capacity and SLO mutations.
#[derive(Default)]
pub struct RelationsMutation;

#[Object]
impl RelationsMutation {
    /// Declares a dependency.
    async fn add_dependency(
        &self,
        ctx: &Context<'_>,
        input: AddDependencyInput,
    ) -> Result<Dependency> {
        let input = NewDependency {
            service_slug: input.service_slug,
            target_service_slug: input.target_service_slug,
            external_name: input.external_name,
            kind: input.kind.into(),
            timeout_ms: input.timeout_ms,
            retry_policy: input.retry_policy,
            fallback: input.fallback,
        };
        svc(ctx)
            .add_dependency(actor(ctx), input)
            .await
            .map(Dependency)
            .gql_in(&[])
    }

    /// Removes a dependency; returns what was removed.
    async fn remove_dependency(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i64,
    ) -> Result<Dependency> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .remove_dependency(actor(ctx), id, expected_version)
            .await
            .map(Dependency)
            .gql()
    }

    /// Creates or replaces a service's capacity plan.
    async fn set_capacity_plan(
        &self,
        ctx: &Context<'_>,
        input: CapacityPlanInput,
    ) -> Result<CapacityPlan> {
        let input = SCapacity {
            service_slug: input.service_slug,
            expected_version: input.expected_version,
            peak_rps: input.peak_rps,
            unit_capacity_rps: input.unit_capacity_rps,
            replicas: input.replicas,
            growth_pct_per_month: input.growth_pct_per_month,
            headroom_target_pct: input.headroom_target_pct,
            planned_events: input
                .planned_events
                .into_iter()
                .map(|e| PlannedEvent {
                    name: e.name,
                    date: e.date,
                    peak_multiplier: e.peak_multiplier,
                })
                .collect(),
            load_test_url: input.load_test_url,
            reviewed_at: input.reviewed_at,
        };
        svc(ctx)
            .set_capacity_plan(actor(ctx), input)
            .await
            .map(CapacityPlan)
            .gql_in(&[])
    }

    /// Defines an SLO for a service.
    async fn define_slo(
        &self,
        ctx: &Context<'_>,
        service_slug: String,
        input: SloInput,
    ) -> Result<Slo> {
        svc(ctx)
            .define_slo(actor(ctx), &service_slug, input.into())
            .await
            .map(Slo)
            .gql_in(&["service_slug"])
    }

    /// Changes an SLO; fails with CONFLICT if `expectedVersion` is stale.
    async fn update_slo(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i64,
        input: SloInput,
    ) -> Result<Slo> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .update_slo(actor(ctx), id, expected_version, input.into())
            .await
            .map(Slo)
            .gql_in(&["id", "expected_version"])
    }

    /// Deletes an SLO; returns what was deleted.
    async fn delete_slo(&self, ctx: &Context<'_>, id: ID, expected_version: i64) -> Result<Slo> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .delete_slo(actor(ctx), id, expected_version)
            .await
            .map(Slo)
            .gql()
    }
}
