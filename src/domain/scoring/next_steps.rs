//! The next steps of a `NO_GO`: the fewest items whose passing clears the item-caused
//! blocking reasons.

use super::engine::{Eval, percent};
use super::model::ScoringInput;
use std::cmp::Reverse;

/// The fewest items whose passing clears every item-caused blocking reason: all open
/// blockers, then — while the score stays below the tier threshold — the heaviest other open
/// items (template order on ties). Returned heaviest first, template order on ties.
pub(super) fn next_steps(
    input: &ScoringInput<'_>,
    evals: &[Eval<'_>],
    met: u32,
    total: u32,
) -> Vec<String> {
    let threshold = *input.template.thresholds.get(input.tier);
    let below = |met: u32| percent(met, total).unwrap_or(100.0) < threshold;
    let mut chosen: Vec<usize> = (0..evals.len())
        .filter(|&i| evals[i].is_blocker() && evals[i].is_open())
        .collect();
    let mut met = met + chosen.iter().map(|&i| evals[i].weight()).sum::<u32>();
    if below(met) {
        let mut rest: Vec<usize> = (0..evals.len())
            .filter(|&i| !evals[i].is_blocker() && evals[i].is_open())
            .collect();
        rest.sort_by_key(|&i| Reverse(evals[i].weight()));
        for i in rest {
            if !below(met) {
                break;
            }
            chosen.push(i);
            met += evals[i].weight();
        }
    }
    chosen.sort_by_key(|&i| (Reverse(evals[i].weight()), i));
    chosen
        .into_iter()
        .map(|i| evals[i].item.key.clone())
        .collect()
}
