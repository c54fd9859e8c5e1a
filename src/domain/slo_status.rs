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
//!
//! Counter arithmetic is not exact: `increase()` extrapolates each series separately, so good
//! may come out slightly above total; that is clamped and recorded as a [`CountNote`], as are
//! NaN, infinite or negative counts (which make the window unusable rather than a pass).

use super::slo::{Objective, WindowDays};
use std::fmt;

/// The number of bad events the error budget must be able to absorb before an SLO is judged:
/// with less traffic than that, one or two failures swing the verdict between "met" and
/// "budget gone" and the figure says more about luck than about the service.
pub const MIN_BUDGETED_ERRORS: f64 = 10.0;

/// Fewest events an SLO needs whatever its objective (so a loose objective like 50% is not
/// judged on a couple of dozen requests).
pub const MIN_EVENTS_FLOOR: u64 = 100;

/// Relative slack when comparing against the objective, so that objectives written in decimal
/// (99.9 has no exact binary form) meet exactly-on-target counts such as 999 good of 1000.
const TOLERANCE: f64 = 1e-9;

/// Events an SLO window must hold before the objective is judged:
/// `max(MIN_EVENTS_FLOOR, ⌈MIN_BUDGETED_ERRORS / B⌉)`, i.e. enough events for the budget to allow
/// about ten bad ones. 99.9% needs 10 000 events, 99% needs 1 000, 90% and looser need 100.
pub fn min_events(objective: Objective) -> u64 {
    // Computed from the percentage (1000 / (100 − p)) rather than from the budget fraction, and
    // nudged down before rounding up, so 99.9% gives 10 000 and not 10 001.
    let exact = MIN_BUDGETED_ERRORS * 100.0 / (100.0 - objective.percent());
    let needed = (exact * (1.0 - TOLERANCE)).ceil();
    // `as` saturates; an objective like 99.99999999% needs more events than anyone has.
    (needed as u64).max(MIN_EVENTS_FLOOR)
}

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
    /// Some events, fewer than [`min_events`] for this objective.
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

/// The error budget over the SLO window.
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
    /// Whether attainment meets the objective; only when data is [`Sufficiency::Sufficient`].
    pub objective_met: Option<bool>,
    /// Corrections and unusable counts, in the order found.
    pub notes: Vec<CountNote>,
}

impl SloStatus {
    /// The burn rate over `window`.
    pub fn burn_rate(&self, window: BurnWindow) -> &BurnRate {
        &self.burn_rates[window.index()]
    }
}

/// Usable counts of one window: `(good, total)` with `0 ≤ good ≤ total`, both finite.
fn clean(counts: WindowCounts, window: CountWindow, notes: &mut Vec<CountNote>) -> (f64, f64) {
    let invalid = |v: f64| !v.is_finite() || v < 0.0;
    let Some(total) = counts.total else {
        return (0.0, 0.0);
    };
    if invalid(total) {
        notes.push(CountNote::InvalidCount {
            window,
            kind: CountKind::Total,
            value: total,
        });
        return (0.0, 0.0);
    }
    let good = match counts.good {
        None => {
            if total > 0.0 {
                notes.push(CountNote::GoodSeriesMissing { window });
            }
            0.0
        }
        Some(g) if invalid(g) => {
            notes.push(CountNote::InvalidCount {
                window,
                kind: CountKind::Good,
                value: g,
            });
            return (0.0, 0.0);
        }
        Some(g) if g > total => {
            notes.push(CountNote::GoodAboveTotal {
                window,
                good: g,
                total,
            });
            total
        }
        Some(g) => g,
    };
    (good, total)
}

/// Computes the status of an SLO from its counts.
pub fn evaluate(input: &SloInput) -> SloStatus {
    let budget_fraction = input.objective.error_budget_fraction();
    let mut notes = Vec::new();
    let (good, total) = clean(input.counts, CountWindow::Slo, &mut notes);

    let sufficiency = if total <= 0.0 {
        Sufficiency::NoData
    } else {
        let needed = min_events(input.objective);
        // `needed` is at most ~1e19 and `total` a count; comparing as f64 is exact enough.
        if total < needed as f64 {
            Sufficiency::TooFewEvents {
                events: total,
                needed,
            }
        } else {
            Sufficiency::Sufficient
        }
    };

    let (attainment, budget) = if total > 0.0 {
        let bad = total - good;
        let consumed = (bad / total) / budget_fraction;
        (
            Some((good / total).clamp(0.0, 1.0)),
            Some(ErrorBudget {
                fraction: budget_fraction,
                allowed_bad_events: budget_fraction * total,
                bad_events: bad,
                consumed,
                remaining: 1.0 - consumed,
            }),
        )
    } else {
        (None, None)
    };

    let burn_rates = BurnWindow::ALL.map(|window| {
        let (good, total) = clean(
            input.burn[window.index()],
            CountWindow::Burn(window),
            &mut notes,
        );
        let error_ratio = (total > 0.0).then(|| (total - good) / total);
        BurnRate {
            window,
            total_events: total,
            error_ratio,
            rate: error_ratio.map(|e| e / budget_fraction),
        }
    });

    let objective_met = match (sufficiency, budget) {
        (Sufficiency::Sufficient, Some(b)) => Some(b.consumed <= 1.0 + TOLERANCE),
        _ => None,
    };

    SloStatus {
        objective: input.objective,
        window: input.window,
        sufficiency,
        good_events: good,
        total_events: total,
        attainment,
        budget,
        burn_rates,
        objective_met,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn objective(p: f64) -> Objective {
        Objective::parse("objective", p).unwrap()
    }

    fn input(p: f64, counts: WindowCounts) -> SloInput {
        SloInput {
            objective: objective(p),
            window: WindowDays::parse("window", 28).unwrap(),
            counts,
            burn: [WindowCounts::absent(); 4],
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn min_events_allows_ten_budgeted_errors_with_a_floor() {
        assert_eq!(min_events(objective(99.9)), 10_000);
        assert_eq!(min_events(objective(99.99)), 100_000);
        assert_eq!(min_events(objective(99.0)), 1_000);
        assert_eq!(min_events(objective(99.5)), 2_000);
        assert_eq!(min_events(objective(95.0)), 200);
        assert_eq!(min_events(objective(90.0)), MIN_EVENTS_FLOOR);
        assert_eq!(min_events(objective(50.0)), MIN_EVENTS_FLOOR);
        // 10 / 0.003 = 3333.3…, rounded up.
        assert_eq!(min_events(objective(99.7)), 3_334);
    }

    #[test]
    fn no_series_is_no_data() {
        let s = evaluate(&input(99.9, WindowCounts::absent()));
        assert_eq!(s.sufficiency, Sufficiency::NoData);
        assert_eq!(s.attainment, None);
        assert_eq!(s.budget, None);
        assert_eq!(s.objective_met, None);
        assert!(s.notes.is_empty());
        assert!(s.burn_rates.iter().all(|b| b.rate.is_none()));
    }

    #[test]
    fn zero_events_is_no_data_not_a_pass() {
        let s = evaluate(&input(99.9, WindowCounts::new(0.0, 0.0)));
        assert_eq!(s.sufficiency, Sufficiency::NoData);
        assert_eq!(s.attainment, None);
        assert_eq!(s.objective_met, None);
    }

    #[test]
    fn too_few_events_reports_figures_but_no_verdict() {
        let s = evaluate(&input(99.9, WindowCounts::new(9_999.0, 9_999.0)));
        assert_eq!(
            s.sufficiency,
            Sufficiency::TooFewEvents {
                events: 9_999.0,
                needed: 10_000
            }
        );
        assert_eq!(s.attainment, Some(1.0));
        assert_eq!(s.objective_met, None);
        assert!(s.budget.is_some());
        assert!(s.sufficiency.to_string().contains("10000 needed"));

        let s = evaluate(&input(99.9, WindowCounts::new(10_000.0, 10_000.0)));
        assert_eq!(s.sufficiency, Sufficiency::Sufficient);
        assert_eq!(s.objective_met, Some(true));
    }

    #[test]
    fn attainment_counts_occurrences() {
        // 1 bad of 2 000 events: 99.95%.
        let s = evaluate(&input(99.9, WindowCounts::new(19_990.0, 20_000.0)));
        assert!(close(s.attainment.unwrap(), 0.9995));
        assert_eq!(s.good_events, 19_990.0);
        assert_eq!(s.total_events, 20_000.0);
    }

    #[test]
    fn error_budget_figures() {
        // 99.9% over 100 000 events allows 100 bad; 25 bad spend a quarter.
        let s = evaluate(&input(99.9, WindowCounts::new(99_975.0, 100_000.0)));
        let b = s.budget.unwrap();
        assert!(close(b.fraction, 0.001));
        assert!(close(b.allowed_bad_events, 100.0));
        assert_eq!(b.bad_events, 25.0);
        assert!(close(b.consumed, 0.25));
        assert!(close(b.remaining, 0.75));
        assert_eq!(s.objective_met, Some(true));
    }

    #[test]
    fn overspent_budget_goes_negative_and_fails() {
        // 300 bad where 100 are allowed: consumed 3, remaining −2.
        let s = evaluate(&input(99.9, WindowCounts::new(99_700.0, 100_000.0)));
        let b = s.budget.unwrap();
        assert!(close(b.consumed, 3.0));
        assert!(close(b.remaining, -2.0));
        assert_eq!(s.objective_met, Some(false));
    }

    #[test]
    fn exactly_on_target_meets_the_objective() {
        // 99.9 is not exact in binary; 10 bad of 10 000 is exactly the objective.
        let s = evaluate(&input(99.9, WindowCounts::new(9_990.0, 10_000.0)));
        assert!(close(s.budget.unwrap().consumed, 1.0));
        assert_eq!(s.objective_met, Some(true));
        let s = evaluate(&input(99.9, WindowCounts::new(9_989.0, 10_000.0)));
        assert_eq!(s.objective_met, Some(false));
    }

    #[test]
    fn burn_rates_per_window() {
        let mut i = input(99.0, WindowCounts::new(99_000.0, 100_000.0));
        i.burn[BurnWindow::OneHour.index()] = WindowCounts::new(80.0, 100.0); // 20% errors
        i.burn[BurnWindow::SixHours.index()] = WindowCounts::new(990.0, 1_000.0); // 1%
        i.burn[BurnWindow::OneDay.index()] = WindowCounts::new(0.0, 0.0); // idle
        // 3d: absent
        let s = evaluate(&i);
        let h1 = s.burn_rate(BurnWindow::OneHour);
        assert!(close(h1.error_ratio.unwrap(), 0.2));
        assert!(close(h1.rate.unwrap(), 20.0));
        assert_eq!(h1.total_events, 100.0);
        assert!(close(s.burn_rate(BurnWindow::SixHours).rate.unwrap(), 1.0));
        assert_eq!(s.burn_rate(BurnWindow::OneDay).rate, None);
        assert_eq!(s.burn_rate(BurnWindow::OneDay).error_ratio, None);
        assert_eq!(s.burn_rate(BurnWindow::ThreeDays).rate, None);
        assert!(s.notes.is_empty());
    }

    #[test]
    fn burn_windows_in_order() {
        for (i, w) in BurnWindow::ALL.iter().enumerate() {
            assert_eq!(w.index(), i);
        }
        assert_eq!(
            BurnWindow::ALL.map(BurnWindow::duration),
            ["1h", "6h", "1d", "3d"]
        );
        assert_eq!(BurnWindow::ThreeDays.seconds(), 259_200);
    }

    #[test]
    fn good_above_total_is_clamped_and_noted() {
        let mut i = input(99.0, WindowCounts::new(1_000.4, 1_000.0));
        i.burn[0] = WindowCounts::new(10.2, 10.0);
        let s = evaluate(&i);
        assert_eq!(s.attainment, Some(1.0));
        assert_eq!(s.good_events, 1_000.0);
        assert_eq!(s.budget.unwrap().bad_events, 0.0);
        assert_eq!(s.burn_rates[0].rate, Some(0.0));
        assert_eq!(
            s.notes,
            vec![
                CountNote::GoodAboveTotal {
                    window: CountWindow::Slo,
                    good: 1_000.4,
                    total: 1_000.0
                },
                CountNote::GoodAboveTotal {
                    window: CountWindow::Burn(BurnWindow::OneHour),
                    good: 10.2,
                    total: 10.0
                },
            ]
        );
        assert!(s.notes[1].to_string().contains("the 1h burn window"));
    }

    #[test]
    fn invalid_counts_make_the_window_unusable() {
        for (good, total, kind, value) in [
            (1.0, f64::NAN, CountKind::Total, f64::NAN),
            (1.0, -5.0, CountKind::Total, -5.0),
            (1.0, f64::INFINITY, CountKind::Total, f64::INFINITY),
            (f64::NAN, 5_000.0, CountKind::Good, f64::NAN),
            (-1.0, 5_000.0, CountKind::Good, -1.0),
        ] {
            let s = evaluate(&input(99.0, WindowCounts::new(good, total)));
            assert_eq!(s.sufficiency, Sufficiency::NoData, "{good} {total}");
            assert_eq!(s.attainment, None);
            assert_eq!(s.objective_met, None);
            assert_eq!(s.notes.len(), 1);
            match s.notes[0] {
                CountNote::InvalidCount {
                    window: CountWindow::Slo,
                    kind: k,
                    value: v,
                } => {
                    assert_eq!(k, kind);
                    assert!(v == value || (v.is_nan() && value.is_nan()));
                }
                other => panic!("unexpected note {other:?}"),
            }
        }
    }

    #[test]
    fn missing_good_series_counts_as_all_bad_and_is_noted() {
        let s = evaluate(&input(
            99.0,
            WindowCounts {
                good: None,
                total: Some(5_000.0),
            },
        ));
        assert_eq!(s.attainment, Some(0.0));
        assert_eq!(s.objective_met, Some(false));
        assert_eq!(
            s.notes,
            vec![CountNote::GoodSeriesMissing {
                window: CountWindow::Slo
            }]
        );
        // Without total events there is nothing to say about good.
        let s = evaluate(&input(
            99.0,
            WindowCounts {
                good: None,
                total: Some(0.0),
            },
        ));
        assert_eq!(s.sufficiency, Sufficiency::NoData);
        assert!(s.notes.is_empty());
    }

    fn counts() -> impl Strategy<Value = (f64, f64)> {
        (0.0..1e9f64, 0.0..1.0f64).prop_map(|(total, share)| (total * share, total))
    }

    fn objectives() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(99.9),
            Just(99.0),
            Just(99.5),
            Just(99.99),
            Just(95.0),
            0.01..99.999f64
        ]
    }

    fn any_count() -> impl Strategy<Value = Option<f64>> {
        prop_oneof![
            Just(None),
            Just(Some(f64::NAN)),
            Just(Some(f64::INFINITY)),
            Just(Some(0.0)),
            (-1e6..1e9f64).prop_map(Some),
        ]
    }

    proptest! {
        #[test]
        fn attainment_is_a_fraction_and_budget_adds_up(
            p in objectives(), good in 0.0..2e9f64, total in 0.0..1e9f64,
        ) {
            let s = evaluate(&input(p, WindowCounts::new(good, total)));
            if let Some(a) = s.attainment {
                prop_assert!((0.0..=1.0).contains(&a));
                let b = s.budget.unwrap();
                prop_assert_eq!(b.remaining, 1.0 - b.consumed);
                prop_assert!(b.consumed >= 0.0);
                prop_assert!(close(b.bad_events + s.good_events, s.total_events));
            } else {
                prop_assert_eq!(s.sufficiency, Sufficiency::NoData);
            }
        }

        #[test]
        fn burn_rate_is_error_ratio_over_budget((good, total) in counts(), p in objectives()) {
            let mut i = input(p, WindowCounts::new(good, total));
            i.burn = [WindowCounts::new(good, total); 4];
            let s = evaluate(&i);
            let budget = objective(p).error_budget_fraction();
            for b in &s.burn_rates {
                match (b.error_ratio, b.rate) {
                    (Some(e), Some(r)) => {
                        prop_assert!(close(r * budget, e));
                        // Burning faster than 1 exactly when the error ratio exceeds the budget.
                        prop_assert_eq!(r > 1.0 + 1e-9, e > budget * (1.0 + 1e-9));
                    }
                    (None, None) => prop_assert_eq!(total, 0.0),
                    other => prop_assert!(false, "mismatched {:?}", other),
                }
            }
        }

        #[test]
        fn burn_rate_one_when_errors_spend_exactly_the_budget(
            p in prop_oneof![Just(99.9f64), Just(99.0), Just(99.5), Just(95.0), Just(90.0)],
            thousands in 1u32..100_000,
        ) {
            let total = f64::from(thousands) * 1_000.0;
            // Integer bad counts for these objectives: (100 − p)·10 per thousand.
            let bad = ((100.0 - p) * 10.0).round() * f64::from(thousands);
            let mut i = input(p, WindowCounts::new(total - bad, total));
            i.burn[0] = WindowCounts::new(total - bad, total);
            let s = evaluate(&i);
            prop_assert!((s.burn_rates[0].rate.unwrap() - 1.0).abs() < 1e-9);
            prop_assert!((s.budget.unwrap().consumed - 1.0).abs() < 1e-9);
            prop_assert_eq!(s.objective_met, Some(true));
        }

        #[test]
        fn more_bad_events_never_raise_attainment(
            (good, total) in counts(), extra in 0.0..1e6f64, p in objectives(),
        ) {
            prop_assume!(total > 0.0);
            let base = evaluate(&input(p, WindowCounts::new(good, total)));
            // More events that are all bad.
            let more = evaluate(&input(p, WindowCounts::new(good, total + extra)));
            // Some good events turned bad.
            let fewer_good = evaluate(&input(p, WindowCounts::new((good - extra).max(0.0), total)));
            let a = base.attainment.unwrap();
            prop_assert!(more.attainment.unwrap() <= a);
            prop_assert!(fewer_good.attainment.unwrap() <= a);
            prop_assert!(more.budget.unwrap().consumed >= base.budget.unwrap().consumed
                || close(more.budget.unwrap().consumed, base.budget.unwrap().consumed));
        }

        #[test]
        fn verdict_only_when_sufficient_and_agrees_with_budget(
            (good, total) in counts(), p in objectives(),
        ) {
            let s = evaluate(&input(p, WindowCounts::new(good, total)));
            match s.sufficiency {
                Sufficiency::Sufficient => {
                    prop_assert!(total >= min_events(objective(p)) as f64);
                    let met = s.objective_met.unwrap();
                    let b = s.budget.unwrap();
                    prop_assert_eq!(met, b.consumed <= 1.0 + 1e-9);
                    prop_assert_eq!(met, b.remaining >= -1e-9);
                }
                Sufficiency::TooFewEvents { events, needed } => {
                    prop_assert_eq!(s.objective_met, None);
                    prop_assert!(events > 0.0 && events < needed as f64);
                }
                Sufficiency::NoData => {
                    prop_assert_eq!(s.objective_met, None);
                    prop_assert_eq!(total, 0.0);
                }
            }
        }

        #[test]
        fn sufficiency_grows_with_traffic((good, total) in counts(), extra in 0.0..1e9f64, p in objectives()) {
            let rank = |s: &SloStatus| match s.sufficiency {
                Sufficiency::NoData => 0,
                Sufficiency::TooFewEvents { .. } => 1,
                Sufficiency::Sufficient => 2,
            };
            let a = evaluate(&input(p, WindowCounts::new(good, total)));
            let b = evaluate(&input(p, WindowCounts::new(good, total + extra)));
            prop_assert!(rank(&b) >= rank(&a));
        }

        #[test]
        fn any_input_gives_finite_figures_or_none(
            good in any_count(), total in any_count(), p in objectives(),
        ) {
            let mut i = input(p, WindowCounts { good, total });
            i.burn = [WindowCounts { good, total }; 4];
            let s = evaluate(&i);
            prop_assert!(s.good_events.is_finite() && s.total_events.is_finite());
            prop_assert!(s.good_events >= 0.0 && s.good_events <= s.total_events);
            if let Some(b) = s.budget {
                prop_assert!(b.consumed.is_finite() && b.remaining.is_finite());
            }
            for b in &s.burn_rates {
                prop_assert!(b.rate.is_none_or(f64::is_finite));
            }
        }
    }
}
