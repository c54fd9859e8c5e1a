//! Readiness as code: `orrery.yaml`, the file in a service's repository that declares the
//! service — its catalog entry, SLOs, dependencies, capacity plan and manual attestations.
//!
//! A manifest is read by [`parse`]: a size cap, YAML (with a budget against alias bombs and
//! deep nesting), the JSON Schema of [`SCHEMA_JSON`], then the same parsers the API uses
//! for each field. Every problem comes back as a [`ManifestError`] naming the file, line and
//! column. A [`Manifest`] holds only values that passed those parsers.
//!
//! The file starts with `apiVersion: orrery.dev/v1` and `kind: Service`; the rest is
//! snake_case like the checklist templates. The README ("Readiness as code") shows a
//! complete example, kept in `tests/fixtures/manifest/orrery.yaml`.

mod check;
mod facts;
pub mod fields;
mod parse;
mod problems;
mod raw;

pub use facts::{ManifestFacts, manifest_facts};
pub use fields::{Drift, FieldMap, Reconciliation, declared_fields, reconcile};
pub use parse::{MAX_BYTES, ManifestError, parse, schema_json};

use crate::domain::capacity::CapacityPlan;
use crate::domain::catalog::{DependencyKind, Lifecycle, Link, Monitoring, Tier};
use crate::domain::ids::{ItemKey, Slug};
use crate::domain::slo::{Objective, Sli, WindowDays};
use chrono::NaiveDate;

/// The only `apiVersion` this Orrery reads.
pub const API_VERSION: &str = "orrery.dev/v1";
/// The only `kind` this Orrery reads.
pub const KIND: &str = "Service";
/// The JSON Schema of `orrery.yaml` (draft 2020-12), as printed by `orrery manifest schema`.
pub const SCHEMA_JSON: &str = include_str!("schema.json");

/// A validated `orrery.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// The catalog entry.
    pub service: ServiceSpec,
    /// SLOs, unique by name.
    pub slos: Vec<SloSpec>,
    /// Dependencies, unique by target.
    pub dependencies: Vec<DependencySpec>,
    /// The capacity plan, when the manifest declares one.
    pub capacity: Option<CapacitySpec>,
    /// Manual attestations, unique by item.
    pub attestations: Vec<Attestation>,
}

/// The catalog fields of the service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSpec {
    /// The service the manifest describes; a sync refuses a manifest for another service.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// Owning team's slug.
    pub team: Slug,
    /// Criticality.
    pub tier: Tier,
    /// Life stage.
    pub lifecycle: Lifecycle,
    /// What the service does (empty when not given).
    pub description: String,
    /// Runbook, dashboards, on-call, ...
    pub links: Vec<Link>,
    /// How to find the service in Prometheus; `None` when not given or empty.
    pub monitoring: Option<Monitoring>,
}

/// One SLO definition.
#[derive(Debug, Clone, PartialEq)]
pub struct SloSpec {
    /// Unique name within the service.
    pub name: String,
    /// What the SLO protects.
    pub description: Option<String>,
    /// How it is measured.
    pub sli: Sli,
    /// Target, percent.
    pub objective: Objective,
    /// Rolling window (28 days when not given).
    pub window: WindowDays,
}

/// What a dependency points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DependencyTarget {
    /// A service in the catalog, by slug.
    Service(Slug),
    /// An external system, by name.
    External(String),
}

impl DependencyTarget {
    /// `service:<slug>` or `external:<name>`: the key a dependency is matched by.
    pub fn key(&self) -> String {
        match self {
            Self::Service(s) => format!("service:{s}"),
            Self::External(n) => format!("external:{n}"),
        }
    }
}

/// One dependency.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencySpec {
    /// What the service depends on.
    pub target: DependencyTarget,
    /// Hard or soft.
    pub kind: DependencyKind,
    /// Client timeout, milliseconds (1 to 3 600 000).
    pub timeout_ms: Option<i64>,
    /// Retry policy notes.
    pub retry_policy: Option<String>,
    /// What happens when the dependency is down.
    pub fallback: Option<String>,
}

/// The capacity plan with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacitySpec {
    /// The validated numbers and planned events.
    pub plan: CapacityPlan,
    /// Link to the load-test evidence.
    pub load_test_url: Option<String>,
    /// When the plan was last reviewed.
    pub reviewed_at: Option<NaiveDate>,
}

/// "Item `item` holds; here is the evidence": recorded as a manual `pass` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// Checklist item key, e.g. `observability.dashboards`.
    pub item: ItemKey,
    /// Evidence link (http/https).
    pub evidence: String,
    /// When the evidence was produced or last checked.
    pub date: NaiveDate,
    /// Optional note for the reviewer.
    pub note: Option<String>,
}

#[cfg(test)]
mod tests;
