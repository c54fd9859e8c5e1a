//! The scorecard as the service page shows it: gate and reasons, gauge, level ladder with
//! what the next level still needs, and category scores.

use super::format::{self, GateView};
use super::reason_groups::{NotStarted, ReasonGroup, group, not_started};
use super::svg::{Gauge, gauge};
use crate::domain::catalog::Tier;
use crate::domain::scoring::Scorecard;
use crate::domain::template::{Item, Template};
use std::collections::HashMap;

/// Most items listed under "missing for the next level" before "and N more".
const MISSING_SHOWN: usize = 12;

/// A checklist item named by title, with its key.
#[derive(Debug, Clone)]
pub struct ItemRef {
    /// Stable key.
    pub key: String,
    /// Title from the template (the key when the template no longer has it).
    pub title: String,
    /// Whether it is a blocker.
    pub blocker: bool,
}

/// One level of the maturity ladder.
#[derive(Debug, Clone)]
pub struct Rung {
    /// 1-based rank.
    pub number: u8,
    /// Name, e.g. `Silver`.
    pub name: String,
    /// What reaching it means.
    pub description: Option<String>,
    /// `reached`, `next` or `ahead` (CSS modifier).
    pub state: &'static str,
    /// The state in words.
    pub state_label: &'static str,
}

/// A category's roll-up.
#[derive(Debug, Clone)]
pub struct CategoryView {
    /// Title.
    pub title: String,
    /// Score in words, `None` when nothing in it applies.
    pub score: Option<String>,
    /// Bar width, 0–100.
    pub bar: String,
    /// Passing items.
    pub passed: u32,
    /// Failing (including errored and stale).
    pub failed: u32,
    /// Validly waived.
    pub waived: u32,
    /// Not answered.
    pub unanswered: u32,
    /// Not applicable.
    pub not_applicable: u32,
}

/// Everything the page shows about a scorecard.
#[derive(Debug, Clone)]
pub struct CardView {
    /// Score in words.
    pub score: String,
    /// Gate badge.
    pub gate: GateView,
    /// Level name, or "No level yet".
    pub level: String,
    /// The gauge.
    pub gauge: Gauge,
    /// The tier's launch threshold in words.
    pub threshold: String,
    /// The blocking reasons grouped by kind with counts.
    pub blocking_groups: Vec<ReasonGroup>,
    /// The conditions grouped by kind with counts.
    pub condition_groups: Vec<ReasonGroup>,
    /// Set while no person has answered any item (automated checks may have).
    pub not_started: Option<NotStarted>,
    /// Fewest items whose fixing clears the item-caused blockers.
    pub next_steps: Vec<ItemRef>,
    /// The ladder, lowest level first.
    pub ladder: Vec<Rung>,
    /// Name of the next level, if any.
    pub next_level: Option<String>,
    /// Items the next level still needs (first [`MISSING_SHOWN`]).
    pub missing: Vec<ItemRef>,
    /// How many more are missing beyond those listed.
    pub missing_more: usize,
    /// Per category.
    pub categories: Vec<CategoryView>,
}

/// Builds the view of `card` for a service of `tier` reviewed against `template`.
pub fn card_view(card: &Scorecard, template: &Template, tier: Tier) -> CardView {
    let items: HashMap<&str, &Item> = template
        .categories
        .iter()
        .flat_map(|c| c.items.iter())
        .map(|i| (i.key.as_str(), i))
        .collect();
    let item_ref = |key: &String| {
        let item = items.get(key.as_str());
        ItemRef {
            key: key.clone(),
            title: item.map_or_else(|| key.clone(), |i| i.title.clone()),
            blocker: item.is_some_and(|i| i.severity == crate::domain::template::Severity::Blocker),
        }
    };
    let threshold = *template.thresholds.get(tier);
    let reached = card.level.number;
    let next = card.next_level.as_ref();
    let missing_all = next.map_or(&[][..], |n| n.missing_items.as_slice());
    let ladder = template
        .levels
        .iter()
        .map(|l| {
            let (state, state_label) = if l.number <= reached {
                ("reached", "Reached")
            } else if next.is_some_and(|n| n.level.number == l.number) {
                ("next", "Next")
            } else {
                ("ahead", "Not yet")
            };
            Rung {
                number: l.number,
                name: l.name.clone(),
                description: l.description.clone(),
                state,
                state_label,
            }
        })
        .collect();
    let blocking: Vec<_> = card.reasons.iter().filter(|r| r.blocking).collect();
    let conditions: Vec<_> = card.reasons.iter().filter(|r| !r.blocking).collect();
    CardView {
        blocking_groups: group(&blocking, card, template),
        condition_groups: group(&conditions, card, template),
        not_started: not_started(card, template),
        score: format::maybe_score(card.score),
        gate: format::gate(card.decision),
        level: if reached == 0 {
            "No level yet".into()
        } else {
            card.level.name.clone()
        },
        // Nothing assessed draws an empty gauge; the score reads "—".
        gauge: gauge(card.score.unwrap_or(0.0), Some(threshold)),
        threshold: format::number(threshold, 1),
        next_steps: card.next_steps.iter().map(item_ref).collect(),
        ladder,
        next_level: next.map(|n| n.level.name.clone()),
        missing: missing_all
            .iter()
            .take(MISSING_SHOWN)
            .map(item_ref)
            .collect(),
        missing_more: missing_all.len().saturating_sub(MISSING_SHOWN),
        categories: card
            .categories
            .iter()
            .map(|c| CategoryView {
                title: c.title.clone(),
                score: c.score.map(format::score),
                bar: format::number(c.score.unwrap_or(0.0).clamp(0.0, 100.0), 1),
                passed: c.passed,
                failed: c.failed,
                waived: c.waived,
                unanswered: c.unanswered,
                not_applicable: c.not_applicable,
            })
            .collect(),
    }
}
