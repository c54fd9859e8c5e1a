//! `ManifestSync`, `ManifestDrift` and `SyncReport`: readiness as code in the API.

use crate::domain::manifest::Drift;
use crate::services::manifest::{ManifestStatus, SyncReport as Report, show_value};
use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};

/// A field changed in Orrery since the last sync of `orrery.yaml`; the sync kept Orrery's
/// value. Values are text: strings as they are, anything else as JSON.
#[derive(SimpleObject)]
pub struct ManifestDrift {
    /// The field, e.g. `service.tier`, `slos.availability`, `dependencies.service:payments`.
    pub field: String,
    /// What the manifest says; null when it no longer declares the field.
    pub in_manifest: Option<String>,
    /// What Orrery has; null when it was deleted in Orrery.
    pub in_orrery: Option<String>,
}

impl From<&Drift> for ManifestDrift {
    fn from(d: &Drift) -> Self {
        Self {
            field: d.field.clone(),
            in_manifest: show_value(d.in_manifest.as_ref()),
            in_orrery: show_value(d.in_orrery.as_ref()),
        }
    }
}

/// The last sync of a service's `orrery.yaml`.
#[derive(SimpleObject)]
pub struct ManifestSync {
    /// The commit the manifest was read at.
    pub commit: String,
    /// When the sync ran.
    pub synced_at: DateTime<Utc>,
    /// Who ran it (`orrery` for the push webhook).
    pub synced_by: String,
    /// Fields the sync did not overwrite because they were changed in Orrery.
    pub drift: Vec<ManifestDrift>,
}

impl From<ManifestStatus> for ManifestSync {
    fn from(s: ManifestStatus) -> Self {
        Self {
            drift: s.drift.iter().map(Into::into).collect(),
            commit: s.commit,
            synced_at: s.synced_at,
            synced_by: s.synced_by,
        }
    }
}

/// A change the sync could not make.
#[derive(SimpleObject)]
pub struct SyncSkip {
    /// The field or attestation, e.g. `attestations.capacity.load_test`.
    pub field: String,
    /// Why.
    pub reason: String,
}

/// What `syncManifest` did.
#[derive(SimpleObject)]
pub struct SyncReport {
    /// The commit recorded for the sync.
    pub commit: String,
    /// Fields written (deletions included).
    pub applied: Vec<String>,
    /// Fields left as Orrery has them.
    pub drift: Vec<ManifestDrift>,
    /// Item keys answered from attestations.
    pub attested: Vec<String>,
    /// What was skipped, with why.
    pub skipped: Vec<SyncSkip>,
}

impl From<Report> for SyncReport {
    fn from(r: Report) -> Self {
        Self {
            drift: r.drift.iter().map(Into::into).collect(),
            commit: r.commit,
            applied: r.applied,
            attested: r.attested,
            skipped: r
                .skipped
                .into_iter()
                .map(|(field, reason)| SyncSkip { field, reason })
                .collect(),
        }
    }
}
