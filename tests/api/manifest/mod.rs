//! Readiness as code: syncing a service to its `orrery.yaml` — what is applied, drift kept
//! from the UI, invalid manifests refused at their line and column, who may sync.

mod cli;
mod refusals;
mod sync;

/// The README's example manifest (team `payments`, service `checkout`).
pub const EXAMPLE: &str = include_str!("../../fixtures/manifest/orrery.yaml");

/// `syncManifest`, returning the whole report.
pub const SYNC: &str = "mutation($s: String!, $y: String!, $c: String) {
    syncManifest(service: $s, yaml: $y, commit: $c) {
        commit applied attested drift { field inManifest inOrrery } skipped { field reason } } }";
