//! Prometheus checks (`prometheus.*` kinds) and the source they read.

mod source;

pub use source::{MetricsSource, QueryValue, Rule, RuleGroup, RuleKind, Sample, Target};
