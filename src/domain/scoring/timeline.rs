//! When time alone moves a scorecard: the next instant at which an item's effective state
//! changes without anyone writing anything (a waiver in force expires, automated evidence
//! goes stale). Whoever keeps stored scores current re-scores then.

use super::engine::{Eval, answered_state, stale_at};
use chrono::{DateTime, Utc};

/// The earliest instant after `now` at which one of `evals` changes state by time alone.
///
/// - An item under a waiver in force stays waived until that waiver (the one in force that
///   lasts longest) expires; whatever its evidence does meanwhile does not show.
/// - Any other item changes when its automated evidence goes stale, unless going stale
///   changes nothing (a not applicable claim never goes stale).
///
/// Instants at or before `now` have already been applied and are not returned.
pub(super) fn changes_at(evals: &[Eval<'_>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    evals
        .iter()
        .filter_map(|e| match (e.waiver, e.answer) {
            (Some(w), _) => Some(w.expires_at),
            (None, Some(a)) => stale_at(e.item, a)
                .filter(|t| *t > now && answered_state(e.item, Some(a), *t) != e.state),
            (None, None) => None,
        })
        .filter(|t| *t > now)
        .min()
}
