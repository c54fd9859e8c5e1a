//! `SloStatus`: an SLO measured against Prometheus, or why it was not.

use crate::domain::slo_status::{CountKind, CountWindow, Verdict};
use crate::services::catalog::slo_status::SloMeasurement;
use async_graphql::{Enum, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// Where an SLO stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SloState {
    /// Enough events over the whole window, and attainment meets the objective.
    Meeting,
    /// Enough events and attainment meets the objective, but data covers only part of the
    /// window (a young or newly instrumented service): on course, not yet met over the window.
    /// `windowCoverage` says how much; the figures are over the covered part only.
    PartialWindow,
    /// Enough events, and attainment is below the objective (budget overspent; over the
    /// covered part of the window when `windowCoverage.partial`).
    Breaching,
    /// Some events, too few for the objective to be judged.
    TooFewEvents,
    /// No events in the window (or no such series).
    NoData,
    /// Not measured: no Prometheus is configured, or the SLO cannot be built.
    NotMeasured,
    /// Prometheus was unreachable or refused the queries.
    Error,
}

/// The error budget over the SLO window: over the part of it with data when
/// `windowCoverage.partial` (allowed bad events are a share of the events counted so far).
#[derive(SimpleObject, Debug, Clone)]
pub struct ErrorBudget {
    /// Bad events the budget allows: (1 − objective) × total events.
    pub allowed_bad_events: f64,
    /// Bad events so far.
    pub bad_events: f64,
    /// Share of the budget spent, percent; above 100 once overspent.
    pub consumed_percent: f64,
    /// Share left, percent; negative once overspent.
    pub remaining_percent: f64,
}

/// How fast the budget burns over one short window (1 = exactly the whole budget over the
/// SLO window).
#[derive(SimpleObject, Debug, Clone)]
pub struct BurnRate {
    /// `1h`, `6h`, `1d` or `3d`.
    pub window: String,
    /// Events counted in the window.
    pub total_events: f64,
    /// Bad events / total events; null without events.
    pub error_ratio: Option<f64>,
    /// Error ratio / error budget; null without events.
    pub rate: Option<f64>,
}

/// How much of the SLO window has data: from the oldest sample of the total series in the
/// window (sampled every 1/1440 of the window) to the evaluation instant.
#[derive(SimpleObject, Debug, Clone)]
pub struct SloWindowCoverage {
    /// Share of the window with data, percent (100 when the data is older than the window,
    /// to within two sampling steps).
    pub percent: f64,
    /// Days of the window with data.
    pub covered_days: f64,
    /// The SLO window in days.
    pub window_days: i32,
    /// Whether only part of the window has data: then the state is never MEETING, and
    /// attainment and budget are over the covered days only.
    pub partial: bool,
    /// When the oldest sample looked at was taken: the start of the data for a partial
    /// window, about the window's start for a full one (older data is not looked at); null
    /// without data.
    pub data_since: Option<DateTime<Utc>>,
}

/// One query run to measure the SLO.
#[derive(SimpleObject, Debug, Clone)]
pub struct SloQueryRun {
    /// `slo` or a burn window (`1h`, …).
    pub window: String,
    /// `good`, `total`, or `coverage` (seconds from the oldest sample in the window to the
    /// evaluation instant).
    pub kind: String,
    /// The PromQL sent.
    pub promql: String,
    /// What it returned; null when no series matched.
    pub value: Option<f64>,
}

impl From<Verdict> for SloState {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Meeting => Self::Meeting,
            Verdict::PartialWindow => Self::PartialWindow,
            Verdict::Breaching => Self::Breaching,
            Verdict::TooFewEvents => Self::TooFewEvents,
            Verdict::NoData => Self::NoData,
        }
    }
}

/// An SLO's measured status.
pub struct SloStatus(pub SloMeasurement);

#[Object]
impl SloStatus {
    /// Where the SLO stands; never a silent pass: no data, too few events and a partly
    /// covered window are states.
    async fn state(&self) -> SloState {
        match &self.0 {
            SloMeasurement::NotMeasured(_) => SloState::NotMeasured,
            SloMeasurement::Failed(_) => SloState::Error,
            SloMeasurement::Measured(r) => r.status.verdict().into(),
        }
    }
    /// Explanation for every state but MEETING and a BREACHING over the whole window, e.g.
    /// "partial window: data covers 2.0 of the 28 days of the window; …".
    async fn message(&self) -> Option<String> {
        match &self.0 {
            SloMeasurement::NotMeasured(m) => Some(m.clone()),
            SloMeasurement::Failed(e) => Some(e.to_string()),
            SloMeasurement::Measured(r) => r.status.explanation(),
        }
    }
    /// How much of the window has data; null when not measured.
    async fn window_coverage(&self) -> Option<SloWindowCoverage> {
        let r = self.measured()?;
        let (coverage, window) = (r.status.coverage, r.status.window);
        let data_since = r
            .coverage
            .age_seconds
            .filter(|age| age.is_finite() && *age > 0.0)
            .zip(r.evaluated_at)
            .and_then(|(age, at)| {
                chrono::Duration::try_milliseconds((age * 1_000.0).round() as i64)
                    .and_then(|d| at.checked_sub_signed(d))
            });
        Some(SloWindowCoverage {
            percent: coverage.fraction() * 100.0,
            covered_days: coverage.covered_days(window),
            window_days: i32::from(window.days()),
            partial: !coverage.is_full(),
            data_since,
        })
    }
    /// Instant every query of this status was evaluated at.
    async fn evaluated_at(&self) -> Option<DateTime<Utc>> {
        self.measured().and_then(|r| r.evaluated_at)
    }
    /// Good events / total events over the window, percent (occurrences, not averaged slices;
    /// over the covered part when the window is partial).
    async fn attainment_percent(&self) -> Option<f64> {
        self.measured()
            .and_then(|r| r.status.attainment)
            .map(|a| a * 100.0)
    }
    /// Good events in the window.
    async fn good_events(&self) -> Option<f64> {
        self.measured().map(|r| r.status.good_events)
    }
    /// All events in the window.
    async fn total_events(&self) -> Option<f64> {
        self.measured().map(|r| r.status.total_events)
    }
    /// Events needed for the objective to be judged.
    async fn events_needed(&self) -> Option<f64> {
        self.measured()
            .map(|r| crate::domain::slo_status::min_events(r.status.objective) as f64)
    }
    /// The error budget; null without events. Over the covered part of the window when it is
    /// partial.
    async fn budget(&self) -> Option<ErrorBudget> {
        let b = self.measured()?.status.budget?;
        Some(ErrorBudget {
            allowed_bad_events: b.allowed_bad_events,
            bad_events: b.bad_events,
            consumed_percent: b.consumed * 100.0,
            remaining_percent: b.remaining * 100.0,
        })
    }
    /// Burn rates over 1h, 6h, 1d and 3d.
    async fn burn_rates(&self) -> Vec<BurnRate> {
        let Some(r) = self.measured() else {
            return Vec::new();
        };
        r.status
            .burn_rates
            .iter()
            .map(|b| BurnRate {
                window: b.window.duration().into(),
                total_events: b.total_events,
                error_ratio: b.error_ratio,
                rate: b.rate,
            })
            .collect()
    }
    /// Corrections made to the counts (e.g. good above total from extrapolation).
    async fn notes(&self) -> Vec<String> {
        self.measured()
            .map(|r| r.status.notes.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }
    /// The queries run, with what each returned: the counts, then the window coverage.
    async fn queries(&self) -> Vec<SloQueryRun> {
        let Some(r) = self.measured() else {
            return Vec::new();
        };
        let coverage = SloQueryRun {
            window: "slo".into(),
            kind: "coverage".into(),
            promql: r.coverage.promql.clone(),
            value: r.coverage.age_seconds,
        };
        r.queries
            .iter()
            .map(|q| SloQueryRun {
                window: match q.window {
                    CountWindow::Slo => "slo".into(),
                    CountWindow::Burn(w) => w.duration().into(),
                },
                kind: match q.kind {
                    CountKind::Good => "good".into(),
                    CountKind::Total => "total".into(),
                },
                promql: q.promql.clone(),
                value: q.value,
            })
            .chain(std::iter::once(coverage))
            .collect()
    }
}

impl SloStatus {
    fn measured(&self) -> Option<&crate::verify::prom::SloReport> {
        match &self.0 {
            SloMeasurement::Measured(r) => Some(r),
            _ => None,
        }
    }
}
