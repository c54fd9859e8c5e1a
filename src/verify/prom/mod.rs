//! Prometheus checks (`prometheus.*` kinds) and the source they read.

mod source;

mod slo;
pub use slo::{SloDefinition, SloError, SloQuery, SloReport, slo_status};

pub use source::{MetricsSource, QueryValue, Rule, RuleGroup, RuleKind, Sample, Target};
