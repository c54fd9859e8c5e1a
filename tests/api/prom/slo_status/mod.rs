//! SLO status against a real Prometheus loaded with five weeks of backfilled history.
//!
//! The history ([`fixture`]) is generated here, written as OpenMetrics, turned into TSDB blocks
//! by `promtool tsdb create-blocks-from openmetrics` and served by the Debian `prometheus`.
//! Every expected figure is computed in [`history`] from the generated per-minute integer counts.
//!
//! Why the figures come out exact: every series has a sample each minute, on the minute, and the
//! evaluation instant [`fixture::EVAL`] is one of those sample timestamps, well inside the data. A
//! range `[w]` evaluated at `EVAL` then has samples exactly at both ends (Prometheus 2 ranges are
//! closed), so `increase()` has nothing to extrapolate: it is `v(EVAL) − v(EVAL − w)` (plus the
//! value after the one counter reset), i.e. the exact sum of the minutes in `(EVAL − w, EVAL]`. On
//! Prometheus 3 (left-open ranges) the first sample is a minute later and `increase()` scales up by
//! w/(w − 1m); good and total scale alike, so ratios keep their digits and counts move by under
//! 1e-4 relative, still inside four significant digits.

pub(crate) mod backfill;
mod fixture;
mod history;
mod unmeasured;
mod young;

use orrery::domain::slo::{Objective, Sli, WindowDays};
use orrery::verify::placeholders::ServiceFields;
use orrery::verify::prom::SloDefinition;

fn fields() -> ServiceFields {
    ServiceFields {
        slug: "checkout".into(),
        job: Some("checkout".into()),
        namespace: None,
        selector: Some("job=\"checkout\"".into()),
    }
}

fn def(sli: Sli, objective: f64) -> SloDefinition {
    SloDefinition {
        sli,
        objective: Objective::parse("objective", objective).unwrap(),
        window: WindowDays::parse("window", 28).unwrap(),
    }
}

fn ratio(good: &str, total: &str, objective: f64) -> SloDefinition {
    def(
        Sli::Ratio {
            good_query: good.into(),
            total_query: total.into(),
        },
        objective,
    )
}

fn latency(threshold: f64, objective: f64) -> SloDefinition {
    def(
        Sli::Latency {
            metric: "http_request_duration_seconds{ {{selector}} }".into(),
            threshold_seconds: threshold,
        },
        objective,
    )
}
