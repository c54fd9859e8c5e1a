//! What to fix org-wide: the items open in the most services, weighted by tier.

use super::{Figure, ServiceRow};
use crate::domain::catalog::Tier;
use crate::domain::scoring::ItemState;
use std::collections::BTreeMap;

/// How much one service counts toward an item's weight: tier1 4, tier2 3, tier3 2, tier4 1.
pub fn tier_weight(tier: Tier) -> u32 {
    match tier {
        Tier::Tier1 => 4,
        Tier::Tier2 => 3,
        Tier::Tier3 => 2,
        Tier::Tier4 => 1,
    }
}

/// An item to fix and the services where it is to be fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixItem {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: String,
    /// Category key.
    pub category: String,
    /// Whether the item is a blocker (in any service's template).
    pub blocker: bool,
    /// Σ [`tier_weight`] over the services where it is to be fixed.
    pub weight: u32,
    /// Those services.
    pub services: Figure,
}

/// Whether an item counts as to be fixed: failing (fail, error, stale evidence) anywhere,
/// or any open state (unanswered, unaccepted not applicable too) on a blocker. Waived and
/// not applicable items never count.
fn to_fix(state: ItemState, blocker: bool) -> bool {
    super::is_failing(state) || (blocker && state.is_open())
}

/// The items to fix, heaviest first, then in the most services, then by key.
pub fn fix_first(services: &[ServiceRow]) -> Vec<FixItem> {
    let mut by_key: BTreeMap<&str, FixItem> = BTreeMap::new();
    let mut slugs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in services {
        for item in s.items.iter().filter(|i| to_fix(i.state, i.blocker)) {
            let entry = by_key.entry(item.key.as_str()).or_insert_with(|| FixItem {
                key: item.key.clone(),
                title: item.title.clone(),
                category: item.category.clone(),
                blocker: false,
                weight: 0,
                services: Figure::default(),
            });
            entry.blocker |= item.blocker;
            entry.weight += tier_weight(s.tier);
            slugs.entry(item.key.as_str()).or_default().push(&s.slug);
        }
    }
    let mut out: Vec<FixItem> = by_key
        .into_iter()
        .map(|(key, mut item)| {
            item.services = Figure::of(slugs.remove(key).unwrap_or_default());
            item
        })
        .collect();
    out.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| b.services.count().cmp(&a.services.count()))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}
