//! The "Manifest" panel of the service page: the last sync of `orrery.yaml` and its drift.

use super::super::format;
use crate::services::manifest::{ManifestStatus, show_value};

/// One drifted field.
#[derive(Debug, Clone)]
pub struct DriftView {
    /// The field, e.g. `service.tier`.
    pub field: String,
    /// The manifest's value, or "not declared".
    pub in_manifest: String,
    /// Orrery's value, or "deleted".
    pub in_orrery: String,
}

/// The last sync.
#[derive(Debug, Clone)]
pub struct ManifestView {
    /// Commit, shortened to 12 characters.
    pub commit: String,
    /// When, for people.
    pub synced: String,
    /// Who ran it.
    pub synced_by: String,
    /// Fields changed in Orrery and kept.
    pub drift: Vec<DriftView>,
}

/// The panel for `status`.
pub fn manifest_view(status: &ManifestStatus) -> ManifestView {
    ManifestView {
        commit: status.commit.chars().take(12).collect(),
        synced: format::instant(status.synced_at),
        synced_by: status.synced_by.clone(),
        drift: status
            .drift
            .iter()
            .map(|d| DriftView {
                field: d.field.clone(),
                in_manifest: show_value(d.in_manifest.as_ref())
                    .unwrap_or_else(|| "not declared".into()),
                in_orrery: show_value(d.in_orrery.as_ref()).unwrap_or_else(|| "deleted".into()),
            })
            .collect(),
    }
}
