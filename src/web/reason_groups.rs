//! The gate's reasons grouped by kind with counts ("20 blockers not answered", "2 sign-offs
//! missing") instead of one card per item, and the "not started" state of a checklist that
//! no person has answered yet, with what automated checks already found.

use super::meeting::role_label;
use crate::domain::scoring::{ItemState, Reason, ReasonCode, Scorecard};
use crate::domain::template::Template;
use std::collections::HashMap;

/// An item a group names, linked to its row on the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupItem {
    /// Stable key.
    pub key: String,
    /// Title.
    pub title: String,
}

/// Reasons of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonGroup {
    /// Count and kind in words: "20 blockers not answered".
    pub label: String,
    /// The items concerned (empty for reasons about no item).
    pub items: Vec<GroupItem>,
    /// Sentences of reasons about no item (sign-off roles, the score, dependencies).
    pub lines: Vec<String>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The kind of a reason: what groups it, ordered as first met.
fn kind(r: &Reason, state: Option<ItemState>) -> (ReasonCode, Option<ItemState>) {
    match r.code {
        ReasonCode::BlockerFailing | ReasonCode::ItemOpen | ReasonCode::WaiverExpired => {
            (r.code, state)
        }
        code => (code, None),
    }
}

fn state_words(state: Option<ItemState>) -> &'static str {
    match state {
        Some(ItemState::Fail) => "failing",
        Some(ItemState::Error) => "whose automated check could not run",
        Some(ItemState::Stale) => "with stale automated evidence",
        Some(ItemState::NotApplicableUnaccepted) => "marked not applicable, awaiting acceptance",
        Some(ItemState::Pass) => "passing",
        _ => "not answered",
    }
}

fn label(code: ReasonCode, state: Option<ItemState>, n: usize) -> String {
    match code {
        ReasonCode::BlockerFailing => {
            format!(
                "{} {}",
                plural(n, "blocker", "blockers"),
                state_words(state)
            )
        }
        ReasonCode::ItemOpen => format!(
            "{} {}",
            plural(n, "non-blocker item", "non-blocker items"),
            state_words(state)
        ),
        ReasonCode::WaiverExpired => plural(n, "waiver expired", "waivers expired"),
        ReasonCode::SignoffMissing => plural(n, "sign-off missing", "sign-offs missing"),
        ReasonCode::NotApplicableUnaccepted => format!(
            "{} marked not applicable, awaiting a second person",
            plural(n, "item", "items")
        ),
        ReasonCode::ItemWaived => plural(n, "item waived", "items waived"),
        ReasonCode::DependencyNotReady => plural(
            n,
            "hard dependency not ready",
            "hard dependencies not ready",
        ),
        ReasonCode::BelowTierThreshold => "Score below the launch threshold".into(),
        ReasonCode::NoSlo => "No SLO defined".into(),
        ReasonCode::NothingAssessed => "Nothing assessed yet".into(),
    }
}

/// Groups `reasons` (all blocking, or all conditions) by kind, in order of first appearance.
pub fn group(reasons: &[&Reason], card: &Scorecard, template: &Template) -> Vec<ReasonGroup> {
    let states: HashMap<&str, ItemState> = card
        .items
        .iter()
        .map(|i| (i.key.as_str(), i.state))
        .collect();
    let titles: HashMap<&str, &str> = template
        .items()
        .map(|(_, i)| (i.key.as_str(), i.title.as_str()))
        .collect();
    let mut order: Vec<(ReasonCode, Option<ItemState>)> = Vec::new();
    let mut members: HashMap<(ReasonCode, Option<ItemState>), Vec<&Reason>> = HashMap::new();
    let mut open_items = false;
    for r in reasons {
        if r.code == ReasonCode::ItemOpen {
            // Reported per item or per category: counted from the items themselves below.
            open_items = true;
            continue;
        }
        let state = r.item_key.as_deref().and_then(|k| states.get(k).copied());
        let k = kind(r, state);
        if !members.contains_key(&k) {
            order.push(k);
        }
        members.entry(k).or_default().push(r);
    }
    let mut open: Vec<((ReasonCode, Option<ItemState>), GroupItem)> = Vec::new();
    if open_items {
        for i in card.items.iter().filter(|i| !i.blocker) {
            if matches!(
                i.state,
                ItemState::Fail | ItemState::Unanswered | ItemState::Error | ItemState::Stale
            ) {
                let k = (ReasonCode::ItemOpen, Some(i.state));
                let title = titles
                    .get(i.key.as_str())
                    .map_or_else(|| i.key.clone(), |t| (*t).to_owned());
                open.push((
                    k,
                    GroupItem {
                        key: i.key.clone(),
                        title,
                    },
                ));
            }
        }
    }
    let mut groups: Vec<ReasonGroup> = order
        .into_iter()
        .map(|k| {
            let rs = members.remove(&k).unwrap_or_default();
            let mut items = Vec::new();
            let mut lines = Vec::new();
            for r in &rs {
                match (&r.item_key, r.code) {
                    (Some(key), _) => items.push(GroupItem {
                        key: key.clone(),
                        title: titles
                            .get(key.as_str())
                            .map_or_else(|| key.clone(), |t| (*t).to_owned()),
                    }),
                    (None, ReasonCode::SignoffMissing) => lines.push(match &r.entity {
                        Some(role) => sign_off_line(role, &r.message),
                        None => r.message.clone(),
                    }),
                    (None, _) => lines.push(plain(&r.message)),
                }
            }
            ReasonGroup {
                label: label(k.0, k.1, rs.len()),
                items,
                lines,
            }
        })
        .collect();
    for state in [
        ItemState::Fail,
        ItemState::Error,
        ItemState::Stale,
        ItemState::Unanswered,
    ] {
        let items: Vec<GroupItem> = open
            .iter()
            .filter(|(k, _)| k.1 == Some(state))
            .map(|(_, i)| i.clone())
            .collect();
        if !items.is_empty() {
            groups.push(ReasonGroup {
                label: label(ReasonCode::ItemOpen, Some(state), items.len()),
                items,
                lines: Vec::new(),
            });
        }
    }
    groups
}

/// An engine sentence as the page shows it: tiers in words, values in typographic quotes.
pub fn plain(message: &str) -> String {
    let mut out = message.to_owned();
    for (raw, words) in [
        ("tier1", "Tier 1"),
        ("tier2", "Tier 2"),
        ("tier3", "Tier 3"),
        ("tier4", "Tier 4"),
    ] {
        // A tier reads as a name, not as a quoted value.
        out = out.replace(&format!("`{raw}`"), words).replace(raw, words);
    }
    crate::web::format::plain(&out)
}

/// A missing sign-off named by its role in words.
fn sign_off_line(role: &str, message: &str) -> String {
    if message.contains("rejected") {
        format!("{} rejected", role_label(role))
    } else {
        format!("{} sign-off", role_label(role))
    }
}

/// A checklist nobody has answered yet: how far automation got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotStarted {
    /// Applicable items.
    pub total: usize,
    /// Items automated checks answered.
    pub automated: usize,
    /// Of those, passing.
    pub passing: usize,
    /// Failing, errored or stale automated items, by title.
    pub problems: Vec<GroupItem>,
}

/// `Some` when no item that only a person can answer has an answer yet (automated checks
/// may have answered theirs): the checklist has not been started.
pub fn not_started(card: &Scorecard, template: &Template) -> Option<NotStarted> {
    let items: HashMap<&str, &crate::domain::template::Item> =
        template.items().map(|(_, i)| (i.key.as_str(), i)).collect();
    let mut out = NotStarted {
        total: card.items.len(),
        automated: 0,
        passing: 0,
        problems: Vec::new(),
    };
    for r in &card.items {
        let item = items.get(r.key.as_str());
        let automated = item.is_some_and(|i| i.check.is_some());
        let answered = r.state != ItemState::Unanswered;
        if !automated && answered {
            return None;
        }
        if automated && answered {
            out.automated += 1;
            match r.state {
                ItemState::Pass => out.passing += 1,
                ItemState::Fail | ItemState::Error | ItemState::Stale => {
                    out.problems.push(GroupItem {
                        key: r.key.clone(),
                        title: item.map_or_else(|| r.key.clone(), |i| i.title.clone()),
                    })
                }
                _ => {}
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_and_name_the_kind() {
        assert_eq!(
            label(ReasonCode::BlockerFailing, Some(ItemState::Unanswered), 20),
            "20 blockers not answered"
        );
        assert_eq!(
            label(ReasonCode::BlockerFailing, Some(ItemState::Fail), 1),
            "1 blocker failing"
        );
        assert_eq!(
            label(ReasonCode::SignoffMissing, None, 2),
            "2 sign-offs missing"
        );
        assert_eq!(
            label(ReasonCode::ItemOpen, Some(ItemState::Unanswered), 32),
            "32 non-blocker items not answered"
        );
        assert_eq!(
            plain("below the `tier3` launch threshold"),
            "below the Tier 3 launch threshold"
        );
    }

    #[test]
    fn sign_offs_are_named_by_role() {
        assert_eq!(
            sign_off_line("service_owner", "The service_owner sign-off … is missing."),
            "Service owner sign-off"
        );
        assert_eq!(
            sign_off_line("sre", "The sre sign-off … was rejected by bob."),
            "SRE rejected"
        );
    }
}
