//! The launch gate: reasons (blocking ones and conditions) and next steps for `NO_GO`.

use super::engine::{Eval, percent};
use super::model::{Decision, DependencyFact, ItemState, Reason, ReasonCode, ScoringInput};
use super::signoffs::role_sign_offs;
use crate::domain::catalog::DependencyKind;
use crate::domain::numbers::display_percent;
use crate::domain::template::Item;
use chrono::{DateTime, Datelike, Timelike, Utc};
use std::cmp::Reverse;
use std::fmt;

/// Above this many open non-blocker items in one category, they are reported as one
/// `ITEM_OPEN` reason for the category (entity = category key) instead of one per item.
pub(super) const OPEN_ITEMS_PER_CATEGORY: usize = 3;

/// Position of a code in the reason order (after blocking-first).
fn rank(code: ReasonCode) -> u8 {
    match code {
        ReasonCode::BlockerFailing => 0,
        ReasonCode::BelowTierThreshold => 1,
        ReasonCode::SignoffMissing => 2,
        ReasonCode::NoSlo => 3,
        ReasonCode::DependencyNotReady => 4,
        ReasonCode::ItemWaived => 5,
        ReasonCode::ItemOpen => 6,
        ReasonCode::WaiverExpired => 7,
    }
}

fn reason(code: ReasonCode, message: String, item: Option<&str>, entity: Option<&str>) -> Reason {
    Reason {
        code,
        message,
        item_key: item.map(str::to_owned),
        entity: entity.map(str::to_owned),
        blocking: matches!(
            code,
            ReasonCode::BlockerFailing
                | ReasonCode::BelowTierThreshold
                | ReasonCode::SignoffMissing
                | ReasonCode::NoSlo
        ),
    }
}

/// An instant as `2026-11-23 12:00 UTC` (hand-rolled: `strftime` parsing dominated profiles).
struct When(DateTime<Utc>);

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        )
    }
}

/// An item as `"Title" (key)`.
struct Label<'e>(&'e Item);

impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" ({})", self.0.title, self.0.key)
    }
}

/// What is wrong with an open item, as a verb phrase.
struct Problem<'e, 'a>(&'e Eval<'a>);

impl fmt::Display for Problem<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        match e.state {
            ItemState::Fail => f.write_str("is failing"),
            ItemState::Error => {
                f.write_str("could not be checked (its automated check reported an error)")
            }
            ItemState::Stale => match (e.answer, e.item.freshness_days) {
                (Some(a), Some(days)) => write!(
                    f,
                    "has stale evidence: the automated result from {} is older than its \
                     {days}-day freshness window",
                    When(a.recorded_at)
                ),
                _ => f.write_str("has stale evidence"),
            },
            _ => f.write_str("has not been answered"),
        }
    }
}

/// Every reason behind the decision, blocking ones first, then by code, then template order.
pub(super) fn reasons(input: &ScoringInput<'_>, evals: &[Eval<'_>], score: f64) -> Vec<Reason> {
    let mut out = Vec::new();
    for e in evals.iter().filter(|e| e.is_blocker() && e.is_open()) {
        let message = format!(
            "Blocker {} {}; it must pass or be validly waived before launch.",
            Label(e.item),
            Problem(e)
        );
        out.push(reason(
            ReasonCode::BlockerFailing,
            message,
            Some(&e.item.key),
            None,
        ));
    }

    let threshold = *input.template.thresholds.get(input.tier);
    if score < threshold {
        // Rounded as everywhere, but never up to the threshold it has not reached.
        let shown = match display_percent(score, 1) {
            s if s >= threshold => (score * 10.0).floor() / 10.0,
            s => s,
        };
        let message = format!(
            "The readiness score is {shown:.1}, below the {} launch threshold of {threshold}.",
            input.tier
        );
        out.push(reason(ReasonCode::BelowTierThreshold, message, None, None));
    }

    let roles = input.template.signoffs.get(input.tier);
    for status in role_sign_offs(roles, input.sign_offs) {
        if !status.is_missing() {
            continue;
        }
        let role = &status.role;
        let message = if status.rejected_by.is_empty() {
            format!(
                "The {role} sign-off required for {} is missing.",
                input.tier
            )
        } else {
            format!(
                "The {role} sign-off required for {} was rejected by {}.",
                input.tier,
                status.rejected_by.join(", ")
            )
        };
        out.push(reason(
            ReasonCode::SignoffMissing,
            message,
            None,
            Some(role),
        ));
    }

    if input.tier.requires_slo() && input.slo_count == 0 {
        let message = format!(
            "A {} service must define at least one SLO; this service defines none.",
            input.tier
        );
        out.push(reason(ReasonCode::NoSlo, message, None, None));
    }

    let not_ready =
        |d: &&DependencyFact| d.kind == DependencyKind::Hard && d.gate == Some(Decision::NoGo);
    let deps: Vec<&DependencyFact> = input.dependencies.iter().filter(not_ready).collect();
    for (i, d) in deps.iter().enumerate() {
        if !deps[..i].iter().any(|p| p.name == d.name) {
            let message = format!(
                "Hard dependency {} is not ready: its own launch gate is NO_GO.",
                d.name
            );
            out.push(reason(
                ReasonCode::DependencyNotReady,
                message,
                None,
                Some(&d.name),
            ));
        }
    }

    for e in evals.iter() {
        if let Some(w) = e.waiver {
            let message = format!(
                "{} is waived until {} (approved by {}): {}",
                Label(e.item),
                When(w.expires_at),
                w.approved_by.as_deref().unwrap_or_default(),
                w.reason.trim()
            );
            out.push(reason(
                ReasonCode::ItemWaived,
                message,
                Some(&e.item.key),
                None,
            ));
        }
    }

    open_items(evals, &mut out);

    for e in evals.iter() {
        if let Some(w) = e.expired {
            let message = format!(
                "The waiver on {} expired at {}; the item counts as {} again.",
                Label(e.item),
                When(w.expires_at),
                state_word(e.state)
            );
            out.push(reason(
                ReasonCode::WaiverExpired,
                message,
                Some(&e.item.key),
                None,
            ));
        }
    }

    // Stable: keeps template (or declaration) order within a code.
    out.sort_by_key(|r| (!r.blocking, rank(r.code)));
    out
}

fn state_word(state: ItemState) -> &'static str {
    match state {
        ItemState::Fail => "failing",
        ItemState::Error => "errored",
        ItemState::Stale => "stale",
        _ => "unanswered",
    }
}

/// `ITEM_OPEN` for non-blocker open items: one per item, or one per category when the
/// category has more than [`OPEN_ITEMS_PER_CATEGORY`].
fn open_items(evals: &[Eval<'_>], out: &mut Vec<Reason>) {
    let mut start = 0;
    while start < evals.len() {
        let cat = evals[start].cat;
        let end = evals[start..]
            .iter()
            .position(|e| e.cat != cat)
            .map_or(evals.len(), |n| start + n);
        let open: Vec<&Eval<'_>> = evals[start..end]
            .iter()
            .filter(|e| !e.is_blocker() && e.is_open())
            .collect();
        if open.len() > OPEN_ITEMS_PER_CATEGORY {
            let category = evals[start].category;
            let counts: Vec<String> = [
                ItemState::Fail,
                ItemState::Unanswered,
                ItemState::Error,
                ItemState::Stale,
            ]
            .into_iter()
            .filter_map(|s| {
                let n = open.iter().filter(|e| e.state == s).count();
                (n > 0).then(|| format!("{n} {}", state_word(s)))
            })
            .collect();
            let keys: Vec<&str> = open.iter().map(|e| e.item.key.as_str()).collect();
            let message = format!(
                "{} items in category \"{}\" are open ({}): {}.",
                open.len(),
                category.title,
                counts.join(", "),
                keys.join(", ")
            );
            out.push(reason(
                ReasonCode::ItemOpen,
                message,
                None,
                Some(&category.key),
            ));
        } else {
            for e in open {
                let message = format!("{} {}.", Label(e.item), Problem(e));
                out.push(reason(
                    ReasonCode::ItemOpen,
                    message,
                    Some(&e.item.key),
                    None,
                ));
            }
        }
        start = end;
    }
}

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
