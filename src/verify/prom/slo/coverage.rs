//! How much of the SLO window has data: the age of the oldest sample of the SLI's total
//! series inside the window, measured with a subquery sampled at the step the domain sets
//! ([`WindowCoverage::step_seconds`]), evaluated at the same instant as the counts.

use super::queries::QueryPlan;
use crate::domain::slo::WindowDays;
use crate::domain::slo_status::{CountKind, WindowCoverage};

/// The coverage query run for an SLO, kept as evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageQuery {
    /// The PromQL sent.
    pub promql: String,
    /// Seconds from the oldest sample found to the evaluation instant; `None` when no total
    /// series had a sample in the window.
    pub age_seconds: Option<f64>,
}

impl CoverageQuery {
    /// The coverage this measurement gives over `window`.
    pub fn coverage(&self, window: WindowDays) -> WindowCoverage {
        WindowCoverage::from_data_age(self.age_seconds, window)
    }
}

/// `time() - min(min_over_time(timestamp(<total>)[<W + step>:<step>]))`: `timestamp()` of a
/// selector gives each sample's own time (not the step's), and the range reaches one step
/// beyond the window so that data older than the window reads as at least the window's age.
pub(super) fn coverage_query(plan: &QueryPlan, window: WindowDays) -> String {
    let step_minutes = WindowCoverage::step_seconds(window) / 60;
    let range_minutes = i64::from(window.days()) * 1_440 + step_minutes;
    format!(
        "time() - min(min_over_time(timestamp({})[{range_minutes}m:{step_minutes}m]))",
        plan.selector(CountKind::Total)
    )
}
