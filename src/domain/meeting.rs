//! What a launch review meeting looks at first: the open blockers and failing items of a
//! scorecard, and how the items moved since the service's previous review.

use super::scoring::{ItemResult, ItemState};
use std::collections::HashMap;

/// Why an item is on the meeting's agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaKind {
    /// A blocker that fails, is unanswered, errored, stale or an unaccepted not applicable,
    /// without a valid waiver.
    Blocker,
    /// Another item that fails, errored or went stale.
    Failing,
}

/// An item the meeting must discuss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Item key.
    pub key: String,
    /// Blocker or failing.
    pub kind: AgendaKind,
    /// Its effective state.
    pub state: ItemState,
}

fn failing(state: ItemState) -> bool {
    matches!(state, ItemState::Fail | ItemState::Error | ItemState::Stale)
}

/// Open blockers first, then other failing items; template order within each.
pub fn agenda(items: &[ItemResult]) -> Vec<AgendaItem> {
    let blockers = items
        .iter()
        .filter(|i| i.blocker && i.state.is_open())
        .map(|i| (i, AgendaKind::Blocker));
    let others = items
        .iter()
        .filter(|i| !i.blocker && failing(i.state))
        .map(|i| (i, AgendaKind::Failing));
    blockers
        .chain(others)
        .map(|(i, kind)| AgendaItem {
            key: i.key.clone(),
            kind,
            state: i.state,
        })
        .collect()
}

/// How an item moved between two reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Passes (or is validly waived) now; did not before.
    NewlyPassing,
    /// Fails, errored or is stale now; did not before.
    NewlyFailing,
    /// Applies now; was not an applicable item of the previous review.
    Added,
}

/// Items whose state moved since `previous`, in the current review's order.
pub fn changes_since(previous: &[ItemResult], current: &[ItemResult]) -> Vec<(String, Change)> {
    let before: HashMap<&str, ItemState> =
        previous.iter().map(|i| (i.key.as_str(), i.state)).collect();
    current
        .iter()
        .filter_map(|i| {
            let change = match before.get(i.key.as_str()) {
                None => Change::Added,
                Some(b) if i.state.is_met() && !b.is_met() => Change::NewlyPassing,
                Some(b) if failing(i.state) && !failing(*b) => Change::NewlyFailing,
                Some(_) => return None,
            };
            Some((i.key.clone(), change))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, blocker: bool, state: ItemState) -> ItemResult {
        ItemResult {
            key: key.into(),
            category: key.split('.').next().unwrap().into(),
            state,
            weight: 1,
            level: 1,
            blocker,
        }
    }

    #[test]
    fn blockers_come_first_then_failing_items() {
        let items = [
            item("a.minor-fail", false, ItemState::Fail),
            item("a.blocker-pass", true, ItemState::Pass),
            item("a.blocker-open", true, ItemState::Unanswered),
            item("b.minor-open", false, ItemState::Unanswered),
            item("b.minor-error", false, ItemState::Error),
            item("b.blocker-waived", true, ItemState::Waived),
            item("b.blocker-fail", true, ItemState::Fail),
        ];
        let list = agenda(&items);
        let got: Vec<(&str, AgendaKind)> = list.iter().map(|a| (a.key.as_str(), a.kind)).collect();
        assert_eq!(
            got,
            [
                ("a.blocker-open", AgendaKind::Blocker),
                ("b.blocker-fail", AgendaKind::Blocker),
                ("a.minor-fail", AgendaKind::Failing),
                ("b.minor-error", AgendaKind::Failing),
            ]
        );
    }

    #[test]
    fn changes_name_newly_passing_failing_and_added_items() {
        let before = [
            item("a.x", false, ItemState::Fail),
            item("a.y", false, ItemState::Pass),
            item("a.z", false, ItemState::Pass),
            item("a.w", false, ItemState::Unanswered),
        ];
        let after = [
            item("a.x", false, ItemState::Waived),
            item("a.y", false, ItemState::Error),
            item("a.z", false, ItemState::Pass),
            item("a.w", false, ItemState::Unanswered),
            item("a.new", false, ItemState::Unanswered),
        ];
        assert_eq!(
            changes_since(&before, &after),
            [
                ("a.x".to_owned(), Change::NewlyPassing),
                ("a.y".to_owned(), Change::NewlyFailing),
                ("a.new".to_owned(), Change::Added),
            ]
        );
        assert!(changes_since(&after, &after).is_empty());
    }
}
