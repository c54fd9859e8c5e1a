//! `Dependency`, `CapacityPlan` and `Slo`.

use super::{Service, SloStatus};
use crate::domain::capacity::PlannedEvent as DomainEvent;
use crate::domain::records;
use crate::graphql::enums::{DependencyKind, SliKind};
use crate::graphql::error::GqlResult;
use crate::graphql::{loaders, svc};
use crate::services::catalog::capacity::plan_of;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

/// A dependency of one service on another service or an external system.
pub struct Dependency(pub records::Dependency);

#[Object]
impl Dependency {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> DependencyKind {
        self.0.kind.into()
    }
    /// The dependent service.
    async fn service(&self, ctx: &Context<'_>) -> Result<Option<Service>> {
        Ok(loaders(ctx)
            .service
            .load_one(self.0.service_id)
            .await
            .gql()?
            .flatten()
            .map(Service))
    }
    /// The service depended on, when it is in the catalog.
    async fn target_service(&self, ctx: &Context<'_>) -> Result<Option<Service>> {
        match self.0.target_service_id {
            Some(id) => Ok(loaders(ctx)
                .service
                .load_one(id)
                .await
                .gql()?
                .flatten()
                .map(Service)),
            None => Ok(None),
        }
    }
    /// The external system depended on, when it is not in the catalog.
    async fn external_name(&self) -> Option<&str> {
        self.0.external_name.as_deref()
    }
    /// Client timeout, milliseconds.
    async fn timeout_ms(&self) -> Option<i64> {
        self.0.timeout_ms
    }
    async fn retry_policy(&self) -> Option<&str> {
        self.0.retry_policy.as_deref()
    }
    /// Behaviour when the dependency is down.
    async fn fallback(&self) -> Option<&str> {
        self.0.fallback.as_deref()
    }
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A known traffic event.
#[derive(SimpleObject)]
pub struct PlannedEvent {
    /// What happens.
    pub name: String,
    /// When.
    pub date: NaiveDate,
    /// Expected peak as a multiple of today's.
    pub peak_multiplier: f64,
}

/// A service's capacity plan, with derived figures.
pub struct CapacityPlan(pub records::CapacityPlan);

#[Object]
impl CapacityPlan {
    /// Peak demand, requests per second.
    async fn peak_rps(&self) -> f64 {
        self.0.peak_rps
    }
    /// Capacity of one replica, requests per second.
    async fn unit_capacity_rps(&self) -> f64 {
        self.0.unit_capacity_rps
    }
    async fn replicas(&self) -> i32 {
        self.0.replicas
    }
    async fn growth_pct_per_month(&self) -> f64 {
        self.0.growth_pct_per_month
    }
    async fn headroom_target_pct(&self) -> f64 {
        self.0.headroom_target_pct
    }
    async fn planned_events(&self) -> Vec<PlannedEvent> {
        let events: Vec<DomainEvent> =
            serde_json::from_value(self.0.planned_events.clone()).unwrap_or_default();
        events
            .into_iter()
            .map(|e| PlannedEvent {
                name: e.name,
                date: e.date,
                peak_multiplier: e.peak_multiplier,
            })
            .collect()
    }
    /// Link to load-test evidence.
    async fn load_test_url(&self) -> Option<&str> {
        self.0.load_test_url.as_deref()
    }
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// Replicas × unit capacity.
    async fn capacity_rps(&self) -> Option<f64> {
        plan_of(&self.0).map(|p| p.capacity_rps())
    }
    /// Share of capacity used at peak (1 = saturated).
    async fn utilization(&self) -> Option<f64> {
        plan_of(&self.0).map(|p| p.utilization())
    }
    /// Spare capacity at peak, percent.
    async fn headroom_pct(&self) -> Option<f64> {
        plan_of(&self.0).map(|p| p.headroom_pct())
    }
    /// Whether today's peak leaves the targeted headroom.
    async fn meets_headroom_target(&self) -> Option<bool> {
        plan_of(&self.0).map(|p| p.meets_headroom_target())
    }
    /// Peak including the biggest planned event.
    async fn event_peak_rps(&self) -> Option<f64> {
        plan_of(&self.0).map(|p| p.event_peak_rps())
    }
    /// Months until growth eats the targeted headroom (0 = already short; null = not growing).
    async fn months_until_headroom_exhausted(&self) -> Option<u32> {
        plan_of(&self.0).and_then(|p| p.months_until_headroom_exhausted())
    }
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A service level objective definition.
pub struct Slo(pub records::Slo);

#[Object]
impl Slo {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Status measured from Prometheus now (or at `at`): attainment from counter increases
    /// over the window, error budget, burn rates over 1h/6h/1d/3d and whether the data
    /// suffices. Each call queries Prometheus; select it for one service at a time.
    async fn status(&self, ctx: &Context<'_>, at: Option<DateTime<Utc>>) -> Result<SloStatus> {
        let service = loaders(ctx)
            .service
            .load_one(self.0.service_id)
            .await
            .gql()?
            .flatten()
            .ok_or_else(|| async_graphql::Error::new("the SLO's service is gone"))?;
        Ok(SloStatus(svc(ctx).measure_slo(&self.0, &service, at).await))
    }
    async fn sli_kind(&self) -> SliKind {
        self.0.sli_kind.into()
    }
    /// PromQL counting good events (ratio SLIs).
    async fn good_query(&self) -> Option<&str> {
        self.0.good_query.as_deref()
    }
    /// PromQL counting all events (ratio SLIs).
    async fn total_query(&self) -> Option<&str> {
        self.0.total_query.as_deref()
    }
    /// Histogram metric (latency SLIs).
    async fn latency_metric(&self) -> Option<&str> {
        self.0.latency_metric.as_deref()
    }
    /// Latency threshold, seconds (latency SLIs).
    async fn latency_threshold_seconds(&self) -> Option<f64> {
        self.0.latency_threshold_seconds
    }
    /// Objective, percent (e.g. 99.9).
    async fn objective_percent(&self) -> f64 {
        self.0.objective_percent
    }
    /// Rolling window, days.
    async fn window_days(&self) -> i32 {
        self.0.window_days
    }
    /// Allowed failures as a share of events, e.g. 0.001 for 99.9%.
    async fn error_budget_fraction(&self) -> f64 {
        (100.0 - self.0.objective_percent) / 100.0
    }
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
