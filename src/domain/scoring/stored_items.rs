//! Item states as stored beside a service's latest score: one compact line per scored item
//! (`key`, state letter, blocker flag), so a portfolio report reads every service's item
//! states without loading and re-judging every answer.
//!
//! The text is `key=S` or `key=S!` (a blocker) entries joined by `;`, in the scorecard's
//! order. Item keys are lowercase slugs with dots (no `=`, `;` or `!`), so no escaping is
//! needed; [`decode`] refuses anything else rather than guess.

use super::{ItemResult, ItemState};

/// The letter of a state.
fn letter(state: ItemState) -> char {
    match state {
        ItemState::Pass => 'P',
        ItemState::Waived => 'W',
        ItemState::Fail => 'F',
        ItemState::Unanswered => 'U',
        ItemState::Error => 'E',
        ItemState::Stale => 'S',
        ItemState::NotApplicable => 'N',
        ItemState::NotApplicableUnaccepted => 'A',
    }
}

fn state_of(letter: char) -> Option<ItemState> {
    Some(match letter {
        'P' => ItemState::Pass,
        'W' => ItemState::Waived,
        'F' => ItemState::Fail,
        'U' => ItemState::Unanswered,
        'E' => ItemState::Error,
        'S' => ItemState::Stale,
        'N' => ItemState::NotApplicable,
        'A' => ItemState::NotApplicableUnaccepted,
        _ => return None,
    })
}

/// One stored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem<'a> {
    /// Item key.
    pub key: &'a str,
    /// Effective state when scored.
    pub state: ItemState,
    /// Whether the item is a blocker.
    pub blocker: bool,
}

/// The text stored for a scorecard's items.
pub fn encode(items: &[ItemResult]) -> String {
    let mut out = String::with_capacity(items.len() * 32);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&item.key);
        out.push('=');
        out.push(letter(item.state));
        if item.blocker {
            out.push('!');
        }
    }
    out
}

/// The items of a stored text, or `None` when it is not one [`encode`] writes.
pub fn decode(text: &str) -> Option<Vec<StoredItem<'_>>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(';')
        .map(|entry| {
            let (key, rest) = entry.split_once('=')?;
            let mut chars = rest.chars();
            let state = state_of(chars.next()?)?;
            let blocker = match chars.as_str() {
                "" => false,
                "!" => true,
                _ => return None,
            };
            (!key.is_empty() && !key.contains('!')).then_some(StoredItem {
                key,
                state,
                blocker,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STATES: [ItemState; 8] = [
        ItemState::Pass,
        ItemState::Waived,
        ItemState::Fail,
        ItemState::Unanswered,
        ItemState::Error,
        ItemState::Stale,
        ItemState::NotApplicable,
        ItemState::NotApplicableUnaccepted,
    ];

    fn item(key: &str, state: ItemState, blocker: bool) -> ItemResult {
        ItemResult {
            key: key.into(),
            category: "c".into(),
            state,
            weight: 1,
            level: 1,
            blocker,
        }
    }

    #[test]
    fn the_text_is_short_and_readable() {
        let items = [
            item("ownership.owner", ItemState::Pass, true),
            item(
                "observability.slos",
                ItemState::NotApplicableUnaccepted,
                false,
            ),
        ];
        assert_eq!(encode(&items), "ownership.owner=P!;observability.slos=A");
        assert_eq!(decode("").unwrap(), []);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in ["x", "x=", "x=Q", "x=P?", "=P", "a=P;;b=F", "x=P!!"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn decoding_gives_back_what_was_encoded(
            entries in proptest::collection::vec(("[a-z_]{1,12}(\\.[a-z_]{1,12})?", 0..8usize, any::<bool>()), 0..70)
        ) {
            let items: Vec<ItemResult> = entries
                .iter()
                .map(|(k, s, b)| item(k, STATES[*s], *b))
                .collect();
            let text = encode(&items);
            let back = decode(&text).expect("decodes");
            prop_assert_eq!(back.len(), items.len());
            for (b, i) in back.iter().zip(&items) {
                prop_assert_eq!(b.key, i.key.as_str());
                prop_assert_eq!(b.state, i.state);
                prop_assert_eq!(b.blocker, i.blocker);
            }
        }
    }
}
