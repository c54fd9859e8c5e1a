//! How much of an SLO window the SLI's data covers, and the verdict that takes it into account.
//!
//! Counting events answers "how many", not "since when": a service instrumented two days ago
//! can have a hundred thousand requests, all good, in a 28-day window, and attainment over
//! them says nothing yet about the 28-day objective. Coverage is the span from the oldest
//! sample of the SLI's total series inside the window to the evaluation instant, over the
//! window: `coverage = min(age, W) / W`.
//!
//! The age is measured by sampling the series every [`WindowCoverage::step_seconds`] (1/1440
//! of the window: one minute per day of window) over the window plus one step, so a series
//! older than the window shows an age of at least W and a young one reads at most one step
//! short. A window counts as fully covered when the data is at most
//! [`WindowCoverage::TOLERANCE_STEPS`] steps short of it (one step of measurement, one for a
//! scrape gap exactly where a step falls); everything shorter is a partial window.
//!
//! Gaps inside the window are not coverage: a series that existed at the window's start covers
//! it, as `increase()` counts across a gap when the counter survived it. A series sampled less
//! often than Prometheus's lookback (5 minutes) can be missed at a step and read as younger
//! than it is; that errs towards a partial window, never towards MEETING.

use super::SloStatus;
use super::status::Sufficiency;
use crate::domain::slo::WindowDays;
use std::fmt;

/// Share of the SLO window that has data, in `[0, 1]`; 1 means the whole window.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct WindowCoverage(f64);

impl WindowCoverage {
    /// The whole window has data.
    pub const FULL: Self = Self(1.0);
    /// No data anywhere in the window.
    pub const NONE: Self = Self(0.0);
    /// Steps of measurement a window may be short of and still count as fully covered.
    pub const TOLERANCE_STEPS: f64 = 2.0;

    /// The sampling step the age of the data is measured at, in seconds: one minute per day
    /// of window (1/1440 of it), so a 28-day window is sampled 1 440 times, every 28 minutes.
    pub fn step_seconds(window: WindowDays) -> i64 {
        i64::from(window.days()) * 60
    }

    /// Length of `window` in seconds.
    pub fn window_seconds(window: WindowDays) -> f64 {
        f64::from(window.days()) * 86_400.0
    }

    /// Coverage from the age of the oldest sample found (seconds before the evaluation
    /// instant), measured every [`Self::step_seconds`]. `None` (no series), an age that is
    /// not a positive finite number, or zero is no coverage; within
    /// [`Self::TOLERANCE_STEPS`] steps of the window or beyond it is [`Self::FULL`].
    pub fn from_data_age(age_seconds: Option<f64>, window: WindowDays) -> Self {
        let Some(age) = age_seconds.filter(|a| a.is_finite() && *a > 0.0) else {
            return Self::NONE;
        };
        let w = Self::window_seconds(window);
        let tolerance = Self::TOLERANCE_STEPS * Self::step_seconds(window) as f64;
        if age + tolerance >= w {
            Self::FULL
        } else {
            Self(age / w)
        }
    }

    /// The share of the window with data, in `[0, 1]`.
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// Whether the whole window has data.
    pub fn is_full(self) -> bool {
        self.0 >= 1.0
    }

    /// Days of the window with data.
    pub fn covered_days(self, window: WindowDays) -> f64 {
        self.0 * f64::from(window.days())
    }

    /// Days with data, cut (not rounded) to one decimal so a partial window never reads as
    /// the whole one: `1.9` for 1.98 days.
    pub fn covered_days_text(self, window: WindowDays) -> String {
        if self.is_full() {
            return window.days().to_string();
        }
        format!(
            "{:.1}",
            (self.covered_days(window) * 10.0 + 1e-9).floor() / 10.0
        )
    }

    /// "data covers 1.9 of the 28 days of the window" (or "all 28 days").
    pub fn describe(self, window: WindowDays) -> String {
        let days = window.days();
        let unit = if days == 1 { "day" } else { "days" };
        if self.is_full() {
            format!("data covers all {days} {unit} of the window")
        } else {
            format!(
                "data covers {} of the {days} {unit} of the window",
                self.covered_days_text(window)
            )
        }
    }
}

/// Where an SLO stands, everything considered: data, events, coverage and the objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Enough events over the whole window, and attainment meets the objective.
    Meeting,
    /// Enough events and attainment meets the objective, but only part of the window has
    /// data: the objective over its window is not met yet, only on course.
    PartialWindow,
    /// Enough events, and attainment is below the objective (over the part of the window with
    /// data, when it is partial: the budget of what was counted is already spent).
    Breaching,
    /// Some events, too few for the objective to be judged.
    TooFewEvents,
    /// No usable events in the window.
    NoData,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Meeting => "meeting the objective",
            Self::PartialWindow => "on course over a partial window",
            Self::Breaching => "breaching the objective",
            Self::TooFewEvents => "too few events to judge",
            Self::NoData => "no data",
        })
    }
}

impl SloStatus {
    /// The verdict: [`Verdict::Meeting`] only with enough events over a fully covered window;
    /// the same counts over a partial window are [`Verdict::PartialWindow`].
    pub fn verdict(&self) -> Verdict {
        match (self.sufficiency, self.objective_met) {
            (Sufficiency::NoData, _) => Verdict::NoData,
            (Sufficiency::TooFewEvents { .. }, _) => Verdict::TooFewEvents,
            (Sufficiency::Sufficient, Some(true)) if self.coverage.is_full() => Verdict::Meeting,
            (Sufficiency::Sufficient, Some(true)) => Verdict::PartialWindow,
            (Sufficiency::Sufficient, _) => Verdict::Breaching,
        }
    }

    /// Why the verdict is what it is, for every verdict but a plain [`Verdict::Meeting`] or
    /// [`Verdict::Breaching`] over a full window: missing or too few events, and a partial
    /// window with how much of it has data.
    pub fn explanation(&self) -> Option<String> {
        let events =
            (self.sufficiency != Sufficiency::Sufficient).then(|| self.sufficiency.to_string());
        let partial =
            (!self.coverage.is_full() && self.sufficiency != Sufficiency::NoData).then(|| {
                let covered = self.coverage.covered_days_text(self.window);
                format!(
                    "partial window: {}; attainment and the error budget are over those {covered} \
                     days only, so the {}-day objective cannot be judged as met yet",
                    self.coverage.describe(self.window),
                    self.window.days()
                )
            });
        match (events, partial) {
            (Some(e), Some(p)) => Some(format!("{e}; {p}")),
            (e, p) => e.or(p),
        }
    }
}
