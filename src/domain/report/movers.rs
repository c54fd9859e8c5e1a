//! The movers section: the services whose score rose or fell the most over the period.

use super::trend::SnapshotRow;
use crate::domain::scoring::Decision;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// How many services each list of movers holds at most.
pub const MOVERS_SHOWN: usize = 5;

/// One service's score at the start and at the end of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// The service's slug.
    pub service: String,
    /// Score at the start.
    pub before: f64,
    /// Score at the end.
    pub after: f64,
    /// `after - before`.
    pub delta: f64,
    /// Gate at the start.
    pub gate_before: Decision,
    /// Gate at the end.
    pub gate_after: Decision,
}

/// The most improved and the biggest drops.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Movers {
    /// Services whose score rose, largest rise first (ties by slug), at most [`MOVERS_SHOWN`].
    pub most_improved: Vec<Mover>,
    /// Services whose score fell, largest fall first (ties by slug), at most [`MOVERS_SHOWN`].
    pub biggest_drops: Vec<Mover>,
}

/// Every service's score change over `[from, to]`, by slug: a service's start is its latest
/// snapshot at or before `from`, or, when it has none, its first snapshot in the period; its
/// end is its latest snapshot at or before `to`. Services without a score at either end are
/// left out. `snapshots` may come in any order.
pub fn score_changes(
    snapshots: &[SnapshotRow],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Mover> {
    let mut by_service: BTreeMap<&str, Vec<&SnapshotRow>> = BTreeMap::new();
    for s in snapshots.iter().filter(|s| s.taken_at <= to) {
        by_service.entry(s.service.as_str()).or_default().push(s);
    }
    let mut all = Vec::new();
    for (service, mut list) in by_service {
        list.sort_by_key(|s| s.taken_at);
        let start = list
            .iter()
            .rev()
            .find(|s| s.taken_at <= from)
            .or_else(|| list.first());
        let (Some(start), Some(end)) = (start, list.last()) else {
            continue;
        };
        let (Some(before), Some(after)) = (start.score, end.score) else {
            continue;
        };
        all.push(Mover {
            service: service.to_owned(),
            before,
            after,
            delta: after - before,
            gate_before: start.gate,
            gate_after: end.gate,
        });
    }
    all
}

/// Movers over `[from, to]`: the largest [`score_changes`] each way.
pub fn movers(snapshots: &[SnapshotRow], from: DateTime<Utc>, to: DateTime<Utc>) -> Movers {
    let all = score_changes(snapshots, from, to);
    let mut most_improved: Vec<Mover> = all.iter().filter(|m| m.delta > 0.0).cloned().collect();
    most_improved.sort_by(|a, b| b.delta.total_cmp(&a.delta).then(a.service.cmp(&b.service)));
    most_improved.truncate(MOVERS_SHOWN);
    let mut biggest_drops: Vec<Mover> = all.into_iter().filter(|m| m.delta < 0.0).collect();
    biggest_drops.sort_by(|a, b| a.delta.total_cmp(&b.delta).then(a.service.cmp(&b.service)));
    biggest_drops.truncate(MOVERS_SHOWN);
    Movers {
        most_improved,
        biggest_drops,
    }
}
