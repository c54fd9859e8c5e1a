//! Everything against a real Prometheus: the test server and exporter, the harness's own
//! tests, the `prometheus.*` checks and SLO status over weeks of backfilled history.

pub(crate) mod server;

mod alert_rule_checks;
mod checks;
mod harness;
mod query_checks;
pub(crate) mod slo_status;
mod target_and_recording_checks;
