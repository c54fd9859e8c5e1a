//! What a pull request's `orrery.yaml` says, for judging the change: the "after" side of a
//! PR check counts the SLOs and attestations the manifest at the PR's head declares.

use super::Manifest;
use chrono::NaiveDate;

/// The readiness facts a manifest declares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManifestFacts {
    /// How many SLOs the manifest defines (a tier1/tier2 service needs at least one).
    pub slo_count: usize,
    /// `(item key, evidence URL, date)` of every attestation, in file order.
    pub attestations: Vec<(String, String, NaiveDate)>,
}

/// The facts of `m`.
pub fn manifest_facts(m: &Manifest) -> ManifestFacts {
    ManifestFacts {
        slo_count: m.slos.len(),
        attestations: m
            .attestations
            .iter()
            .map(|a| (a.item.to_string(), a.evidence.clone(), a.date))
            .collect(),
    }
}
