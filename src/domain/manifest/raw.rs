//! The manifest as written: the YAML shape, before any rule is checked. These types only
//! carry text and numbers to the checks in `check.rs`, which turn them into [`super::Manifest`].

use crate::domain::catalog::{DependencyKind, Lifecycle, LinkKind, Tier};
use crate::domain::slo::SliKind;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManifest {
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    pub kind: String,
    pub service: RawService,
    #[serde(default)]
    pub slos: Vec<RawSlo>,
    #[serde(default)]
    pub dependencies: Vec<RawDependency>,
    pub capacity: Option<RawCapacity>,
    #[serde(default)]
    pub attestations: Vec<RawAttestation>,
}

/// `service:` — the catalog entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawService {
    pub slug: String,
    pub name: String,
    pub team: String,
    pub tier: Tier,
    pub lifecycle: Lifecycle,
    pub description: Option<String>,
    #[serde(default)]
    pub links: Vec<RawLink>,
    pub monitoring: Option<RawMonitoring>,
}

/// One entry of `service.links`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLink {
    pub kind: LinkKind,
    pub title: String,
    pub url: String,
}

/// `service.monitoring`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMonitoring {
    pub job: Option<String>,
    pub namespace: Option<String>,
    #[serde(default)]
    pub matchers: Vec<String>,
}

/// One entry of `slos`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSlo {
    pub name: String,
    pub description: Option<String>,
    pub sli: RawSli,
    pub objective_percent: f64,
    pub window_days: Option<i64>,
}

/// `slos[].sli`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSli {
    pub kind: SliKind,
    pub good_query: Option<String>,
    pub total_query: Option<String>,
    pub latency_metric: Option<String>,
    pub latency_threshold_seconds: Option<f64>,
}

/// One entry of `dependencies`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDependency {
    pub service: Option<String>,
    pub external: Option<String>,
    pub kind: DependencyKind,
    pub timeout_ms: Option<i64>,
    pub retry_policy: Option<String>,
    pub fallback: Option<String>,
}

/// `capacity`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCapacity {
    pub peak_rps: f64,
    pub unit_capacity_rps: f64,
    pub replicas: i64,
    pub growth_pct_per_month: f64,
    pub headroom_target_pct: f64,
    #[serde(default)]
    pub planned_events: Vec<RawEvent>,
    pub load_test_url: Option<String>,
    pub reviewed_at: Option<String>,
}

/// `capacity.planned_events[]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvent {
    pub name: String,
    pub date: String,
    pub peak_multiplier: f64,
}

/// One entry of `attestations`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAttestation {
    pub item: String,
    pub evidence: String,
    pub date: String,
    pub note: Option<String>,
}
