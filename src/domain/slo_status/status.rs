//! What evaluation reports: sufficiency, error budget, burn rates, notes on the counts and the
//! status that holds them.

use super::{BurnWindow, CountKind, CountWindow, WindowCoverage};
use crate::domain::slo::{Objective, WindowDays};
use std::fmt;

/// Something about the counts that was corrected or could not be used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CountNote {
    /// Good came out above total (separately extrapolated counters); good was lowered to total.
    GoodAboveTotal {
        /// Where.
        window: CountWindow,
        /// Good as measured.
        good: f64,
        /// Total as measured (and the value good was clamped to).
        total: f64,
    },
    /// A count was NaN, infinite or negative; the window is treated as having no usable data.
    InvalidCount {
        /// Where.
        window: CountWindow,
        /// Which count.
        kind: CountKind,
        /// The value received.
        value: f64,
    },
    /// Total events exist but the good query found no series; counted as zero good events.
    /// Either every event was bad or the good query matches nothing (check it).
    GoodSeriesMissing {
        /// Where.
        window: CountWindow,
    },
}

impl fmt::Display for CountNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::GoodAboveTotal {
                window,
                good,
                total,
            } => write!(
                f,
                "in {window} good events ({good}) exceeded total events ({total}), an artifact of \
                 counter extrapolation; good was capped at total"
            ),
            Self::InvalidCount {
                window,
                kind,
                value,
            } => write!(
                f,
                "in {window} the {kind} count was {value}, which no event counter produces; the \
                 window is treated as having no usable data"
            ),
            Self::GoodSeriesMissing { window } => write!(
                f,
                "in {window} the good query matched no series while the total query counted \
                 events; counted as zero good events (check the good query)"
            ),
        }
    }
}

/// Whether there is enough data for the objective to mean anything.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sufficiency {
    /// No series, no events in the window, or no usable counts.
    NoData,
    /// Some events, fewer than [`min_events`](super::min_events) for this objective.
    TooFewEvents {
        /// Events counted in the window (an estimate from counter increases, so fractional).
        events: f64,
        /// Events needed.
        needed: u64,
    },
    /// Enough events.
    Sufficient,
}

impl fmt::Display for Sufficiency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::NoData => f.write_str("no data: no events were counted in the window"),
            Self::TooFewEvents { events, needed } => write!(
                f,
                "too few events: {} in the window, {needed} needed for the objective to be judged",
                events.round()
            ),
            Self::Sufficient => f.write_str("sufficient data"),
        }
    }
}

/// The error budget over the SLO window (over the part of it with data when the window is
/// only partly covered: see [`SloStatus::coverage`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorBudget {
    /// B = 1 − T, the share of events allowed to be bad.
    pub fraction: f64,
    /// Bad events the budget allows over the window: `B·total`.
    pub allowed_bad_events: f64,
    /// Bad events so far: `total − good`.
    pub bad_events: f64,
    /// Share of the budget spent: `(1 − A)/B`; above 1 once overspent.
    pub consumed: f64,
    /// Share left: `1 − consumed`; negative once overspent.
    pub remaining: f64,
}

/// The burn rate over one short window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurnRate {
    /// The window.
    pub window: BurnWindow,
    /// Events counted in it (0 when none or unusable).
    pub total_events: f64,
    /// Bad events / total events; `None` without events.
    pub error_ratio: Option<f64>,
    /// `error_ratio / B`; `None` without events.
    pub rate: Option<f64>,
}

/// The computed status of one SLO.
#[derive(Debug, Clone, PartialEq)]
pub struct SloStatus {
    /// The objective.
    pub objective: Objective,
    /// The SLO window.
    pub window: WindowDays,
    /// Whether the figures can be judged.
    pub sufficiency: Sufficiency,
    /// Good events in the window after corrections (0 without data).
    pub good_events: f64,
    /// Total events in the window after corrections (0 without data).
    pub total_events: f64,
    /// `good / total`, in [0, 1]; `None` without events.
    pub attainment: Option<f64>,
    /// The error budget; `None` without events.
    pub budget: Option<ErrorBudget>,
    /// Burn rates in [`BurnWindow::ALL`] order.
    pub burn_rates: [BurnRate; 4],
    /// Whether attainment over the events counted meets the objective; only when data is
    /// [`Sufficiency::Sufficient`]. Over a partial window that is not the objective met:
    /// [`SloStatus::verdict`] says where the SLO stands.
    pub objective_met: Option<bool>,
    /// How much of the window the data covers.
    pub coverage: WindowCoverage,
    /// Corrections and unusable counts, in the order found.
    pub notes: Vec<CountNote>,
}

impl SloStatus {
    /// The burn rate over `window`.
    pub fn burn_rate(&self, window: BurnWindow) -> &BurnRate {
        &self.burn_rates[window.index()]
    }
}
