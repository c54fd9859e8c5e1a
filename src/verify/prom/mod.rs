//! Prometheus checks (`prometheus.*` kinds) and the source they read.
//!
//! - `prometheus.query`: an instant query compared with a value (`non_empty`, `empty`, `gte`,
//!   `lte`, `equals`); an empty result and a NaN are distinct outcomes.
//! - `prometheus.alert_rule`: a healthy alerting rule of the service with the required labels,
//!   annotations and expression.
//! - `prometheus.target_up`: enough of the service's scrape targets are up.
//! - `prometheus.recording_rule`: a healthy recording rule with a matching name is loaded.
//!
//! [`PrometheusHttp`] reads a real server; tests use a real Prometheus too.

mod checks;
mod http;
mod response;
pub mod selector;
mod slo;
mod source;

pub use checks::{is_prom_check, run_prom_check};
pub use http::{MAX_RESPONSE_BYTES, PrometheusHttp};
pub use selector::{MatchOp, Matcher, parse_matchers};
pub use slo::{CoverageQuery, SloDefinition, SloError, SloQuery, SloReport, slo_status};
pub use source::{MetricsSource, QueryValue, Rule, RuleGroup, RuleKind, Sample, Target};

#[cfg(test)]
mod tests;
