//! Catalog records: teams, services and what hangs off a service.

use crate::domain::catalog::{DependencyKind, Lifecycle, Tier};
use crate::domain::slo::SliKind;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A team that owns services.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub contact_channel: Option<String>,
    pub oncall_url: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A catalogued service, owned by a team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub team_id: i64,
    pub tier: Tier,
    pub lifecycle: Lifecycle,
    pub repository: Option<String>,
    pub monitoring: Option<serde_json::Value>,
    pub links: serde_json::Value,
    pub launch_target: Option<NaiveDate>,
    /// Directory inside the repository (monorepos); `None` for the root.
    pub repository_path: Option<String>,
    /// How its pull request checks conclude.
    pub pr_check_policy: crate::domain::change::PrCheckPolicy,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A dependency a service declares: on another service, or on an external system.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dependency {
    pub id: i64,
    pub service_id: i64,
    pub target_service_id: Option<i64>,
    pub external_name: Option<String>,
    pub kind: DependencyKind,
    pub timeout_ms: Option<i64>,
    pub retry_policy: Option<String>,
    pub fallback: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// A service level objective of a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slo {
    pub id: i64,
    pub service_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub sli_kind: SliKind,
    pub good_query: Option<String>,
    pub total_query: Option<String>,
    pub latency_metric: Option<String>,
    pub latency_threshold_seconds: Option<f64>,
    pub objective_percent: f64,
    pub window_days: i32,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A service's capacity plan, as stored (see `domain::capacity` for the arithmetic).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityPlan {
    pub id: i64,
    pub service_id: i64,
    pub peak_rps: f64,
    pub unit_capacity_rps: f64,
    pub replicas: i32,
    pub growth_pct_per_month: f64,
    pub headroom_target_pct: f64,
    pub planned_events: serde_json::Value,
    pub load_test_url: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
