//! The evaluation: the events an objective needs, counts cleaned of noise, and the status.

use super::{
    BurnRate, BurnWindow, CountKind, CountNote, CountWindow, ErrorBudget, SloInput, SloStatus,
    Sufficiency, WindowCounts,
};
use crate::domain::slo::Objective;

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
        coverage: input.coverage,
        notes,
    }
}
