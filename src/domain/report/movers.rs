//! The movers section: the services whose score rose or fell the most over the period.

use super::trend::SnapshotRow;
use crate::domain::scoring::Decision;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// The snapshot the start was read from.
    pub start_snapshot: i64,
    /// The snapshot the end was read from.
    pub end_snapshot: i64,
    /// The items that moved the score, once [`attribute`] knows both ends' open items.
    pub items: Option<MovedItems>,
}

/// The items behind a move: open (credit 0) at one end and not at the other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MovedItems {
    /// Open at the start, no longer open at the end (passed, waived or set aside), by key.
    pub fixed: Vec<MovedItem>,
    /// Not open at the start, open at the end (failing, unanswered, stale…), by key.
    pub regressed: Vec<MovedItem>,
}

/// A checklist item named in a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedItem {
    /// Item key.
    pub key: String,
    /// Item title (the key when no current checklist names it).
    pub title: String,
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
            start_snapshot: start.id,
            end_snapshot: end.id,
            items: None,
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

/// The snapshots whose open items [`attribute`] needs: both ends of every mover.
pub fn snapshots_to_attribute(movers: &Movers) -> Vec<i64> {
    let mut ids: Vec<i64> = movers
        .most_improved
        .iter()
        .chain(&movers.biggest_drops)
        .flat_map(|m| [m.start_snapshot, m.end_snapshot])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Fills in each mover's items from the open items recorded with its two snapshots. A
/// mover keeps `items: None` when either snapshot predates item recording (absent from
/// `open`): "unknown" is never shown as "nothing moved". `titles` names items by key.
pub fn attribute(
    movers: &mut Movers,
    open: &HashMap<i64, BTreeSet<String>>,
    titles: &HashMap<String, String>,
) {
    let item = |key: &String| MovedItem {
        title: titles.get(key).cloned().unwrap_or_else(|| key.clone()),
        key: key.clone(),
    };
    for m in movers
        .most_improved
        .iter_mut()
        .chain(movers.biggest_drops.iter_mut())
    {
        let (Some(start), Some(end)) = (open.get(&m.start_snapshot), open.get(&m.end_snapshot))
        else {
            continue;
        };
        m.items = Some(MovedItems {
            fixed: start.difference(end).map(item).collect(),
            regressed: end.difference(start).map(item).collect(),
        });
    }
}
