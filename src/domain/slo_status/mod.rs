//! SLO status: attainment, error budget, burn rates and data sufficiency from event counts.
//!
//! Everything here is arithmetic on counts that something else measured (for Prometheus,
//! `sum(increase(counter[w]))`): no I/O, no clock. The rules follow the shared SLO notes
//! (`reference/slo.md`), with T the objective as a fraction and B = 1 − T the error budget:
//!
//! - **Attainment** over the SLO window counts occurrences: `A = Σgood / Σtotal`. It is never
//!   an average of per-slice ratios, which over-weights quiet hours.
//! - **Error budget**: allowed bad events `B·Σtotal`; consumed `C = (1 − A)/B` (above 1 once the
//!   budget is spent); remaining `R = 1 − C` (negative once overspent).
//! - **Burn rate** over a short window w: `error_ratio(w)/B`; 1 spends exactly the budget over
//!   the SLO window. A burn window without events has no burn rate (`None`), not 0.
//! - **Data sufficiency**: no series or no events is [`Sufficiency::NoData`]; fewer events than
//!   [`min_events`] is [`Sufficiency::TooFewEvents`]. Only a sufficient SLO is judged met or not
//!   ([`SloStatus::objective_met`]); the figures are still reported so people can see them.
//! - **Window coverage**: how much of the window the data spans ([`WindowCoverage`]). Enough
//!   events over a partial window (a young service) is [`Verdict::PartialWindow`], never
//!   [`Verdict::Meeting`]: attainment and budget are then over the covered part only.
//!
//! Counter arithmetic is not exact: `increase()` extrapolates each series separately, so good
//! may come out slightly above total; that is clamped and recorded as a [`CountNote`], as are
//! NaN, infinite or negative counts (which make the window unusable rather than a pass).

mod coverage;
#[cfg(test)]
mod coverage_tests;
mod evaluate;
#[cfg(test)]
mod proptests;
mod status;
#[cfg(test)]
mod tests;

pub use coverage::{Verdict, WindowCoverage};
pub use evaluate::{MIN_BUDGETED_ERRORS, MIN_EVENTS_FLOOR, evaluate, min_events};
pub use status::{BurnRate, CountNote, ErrorBudget, SloStatus, Sufficiency};

use super::slo::{Objective, WindowDays};
use std::fmt;

/// The short windows burn rates are reported over (the SRE Workbook's long windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BurnWindow {
    /// One hour (paging, fast burn).
    OneHour,
    /// Six hours (paging, slower burn).
    SixHours,
    /// One day (ticket).
    OneDay,
    /// Three days (ticket, slow burn).
    ThreeDays,
}

impl BurnWindow {
    /// Every burn window, shortest first; the order of [`SloInput::burn`].
    pub const ALL: [Self; 4] = [Self::OneHour, Self::SixHours, Self::OneDay, Self::ThreeDays];

    /// Length in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Self::OneHour => 3_600,
            Self::SixHours => 6 * 3_600,
            Self::OneDay => 24 * 3_600,
            Self::ThreeDays => 3 * 24 * 3_600,
        }
    }

    /// The window as a PromQL duration (`1h`, `6h`, `1d`, `3d`).
    pub fn duration(self) -> &'static str {
        match self {
            Self::OneHour => "1h",
            Self::SixHours => "6h",
            Self::OneDay => "1d",
            Self::ThreeDays => "3d",
        }
    }

    /// Position in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for BurnWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.duration())
    }
}

/// Events counted over one window. `None` means the query found no series at all, which is
/// different from series that exist and did not move (`Some(0.0)`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WindowCounts {
    /// Good events (e.g. non-5xx requests, requests under the latency threshold).
    pub good: Option<f64>,
    /// All events.
    pub total: Option<f64>,
}

impl WindowCounts {
    /// Counts that were measured.
    pub fn new(good: f64, total: f64) -> Self {
        Self {
            good: Some(good),
            total: Some(total),
        }
    }

    /// Neither query found a series.
    pub fn absent() -> Self {
        Self::default()
    }
}

/// Everything [`evaluate`] needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SloInput {
    /// The objective (T as a percentage).
    pub objective: Objective,
    /// The rolling SLO window the main counts cover.
    pub window: WindowDays,
    /// Counts over the SLO window.
    pub counts: WindowCounts,
    /// Counts over each burn window, in [`BurnWindow::ALL`] order.
    pub burn: [WindowCounts; 4],
    /// How much of the SLO window the data covers.
    pub coverage: WindowCoverage,
}

/// Which window a [`CountNote`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountWindow {
    /// The SLO window.
    Slo,
    /// A burn-rate window.
    Burn(BurnWindow),
}

impl fmt::Display for CountWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Slo => f.write_str("the SLO window"),
            Self::Burn(w) => write!(f, "the {w} burn window"),
        }
    }
}

/// Which count a [`CountNote`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountKind {
    /// The good-events count.
    Good,
    /// The total-events count.
    Total,
}

impl fmt::Display for CountKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Good => "good",
            Self::Total => "total",
        })
    }
}
