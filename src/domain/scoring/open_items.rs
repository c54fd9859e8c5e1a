//! `ITEM_OPEN` reasons for open non-blocker items: one per item, or one per category when
//! there are many.

use super::engine::Eval;
use super::gate::reason;
use super::model::{ItemState, Reason, ReasonCode};
use super::wording::{Label, Problem, state_word};

/// Above this many open non-blocker items in one category, they are reported as one
/// `ITEM_OPEN` reason for the category (entity = category key) instead of one per item.
const OPEN_ITEMS_PER_CATEGORY: usize = 3;

/// `ITEM_OPEN` for non-blocker open items: one per item, or one per category when the
/// category has more than [`OPEN_ITEMS_PER_CATEGORY`].
pub(super) fn open_items(evals: &[Eval<'_>], out: &mut Vec<Reason>) {
    let mut start = 0;
    while start < evals.len() {
        let cat = evals[start].cat;
        let end = evals[start..]
            .iter()
            .position(|e| e.cat != cat)
            .map_or(evals.len(), |n| start + n);
        let open: Vec<&Eval<'_>> = evals[start..end]
            .iter()
            .filter(|e| {
                !e.is_blocker() && e.is_open() && e.state != ItemState::NotApplicableUnaccepted
            })
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
