//! How the gate's messages name an instant, an item, an item's state and what is wrong with
//! an open item.

use super::engine::Eval;
use super::model::ItemState;
use crate::domain::template::Item;
use chrono::{DateTime, Datelike, Timelike, Utc};
use std::fmt;

/// An instant as `2026-11-23 12:00 UTC` (hand-rolled: `strftime` parsing dominated profiles).
pub(super) struct When(pub(super) DateTime<Utc>);

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
pub(super) struct Label<'e>(pub(super) &'e Item);

impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" ({})", self.0.title, self.0.key)
    }
}

/// What is wrong with an open item, as a verb phrase.
pub(super) struct Problem<'e, 'a>(pub(super) &'e Eval<'a>);

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
            ItemState::NotApplicableUnaccepted => {
                f.write_str("is marked not applicable, which nobody else has accepted yet")
            }
            _ => f.write_str("has not been answered"),
        }
    }
}

/// An open item's state as one word.
pub(super) fn state_word(state: ItemState) -> &'static str {
    match state {
        ItemState::Fail => "failing",
        ItemState::Error => "errored",
        ItemState::Stale => "stale",
        ItemState::NotApplicableUnaccepted => "not applicable (unaccepted)",
        _ => "unanswered",
    }
}
