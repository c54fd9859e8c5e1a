//! Why a service's row reads as it does: the main reason its gate is what it is (or the next
//! step), how far its review has come, and its last decision — worked out from the
//! scorecard and review a table already has, without another query.

use super::format;
use crate::domain::records;
use crate::domain::review::{ReviewDecision, ReviewState};
use crate::domain::scoring::{Decision, ItemState, ReasonCode, Scorecard};

/// The reason or next step of a row, and its CSS modifier (`nogo`, `conditions`, `go`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowWhy {
    /// E.g. `2 sign-offs missing`, `not started`, `3 blockers`.
    pub text: String,
    /// How many other reasons there are.
    pub more: usize,
    pub class: &'static str,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Applicable items answered (anything but unanswered), and applicable items.
pub fn progress(card: &Scorecard) -> (usize, usize) {
    let applicable: Vec<&ItemState> = card
        .items
        .iter()
        .map(|i| &i.state)
        .filter(|s| **s != ItemState::NotApplicable)
        .collect();
    let answered = applicable
        .iter()
        .filter(|s| !matches!(s, ItemState::Unanswered))
        .count();
    (answered, applicable.len())
}

/// The main reason a service's gate is what it is, or its next step.
pub fn why(card: &Scorecard, review: Option<&records::Review>) -> RowWhy {
    let count = |code: ReasonCode| card.reasons.iter().filter(|r| r.code == code).count();
    let (answered, _) = progress(card);
    let draft = review.is_none_or(|r| r.state == ReviewState::Draft);
    let mut found: Vec<String> = Vec::new();
    if answered == 0 && draft {
        found.push("not started".to_owned());
    }
    let blockers = count(ReasonCode::BlockerFailing);
    if blockers > 0 && answered > 0 {
        found.push(plural(blockers, "blocker", "blockers"));
    }
    let signoffs = count(ReasonCode::SignoffMissing);
    if signoffs > 0 {
        found.push(plural(signoffs, "sign-off missing", "sign-offs missing"));
    }
    if count(ReasonCode::NoSlo) > 0 {
        found.push("needs an SLO".to_owned());
    }
    if count(ReasonCode::BelowTierThreshold) > 0 && answered > 0 {
        found.push("score below the tier's threshold".to_owned());
    }
    let na = count(ReasonCode::NotApplicableUnaccepted);
    if na > 0 {
        found.push(plural(na, "N/A claim to accept", "N/A claims to accept"));
    }
    if count(ReasonCode::NothingAssessed) > 0 && answered > 0 {
        found.push("nothing applicable assessed".to_owned());
    }
    let expired = count(ReasonCode::WaiverExpired);
    if expired > 0 {
        found.push(plural(expired, "waiver expired", "waivers expired"));
    }
    let class = format::gate(card.decision).class;
    if found.is_empty() {
        let conditions = card.reasons.iter().filter(|r| !r.blocking).count();
        let text = match card.decision {
            Decision::Go => match review.map(|r| r.state) {
                Some(ReviewState::Approved) => "approved, nothing open".to_owned(),
                Some(ReviewState::InReview) => "ready for the launch review".to_owned(),
                _ => "ready: submit for review".to_owned(),
            },
            Decision::GoWithConditions => plural(conditions, "condition", "conditions"),
            Decision::NoGo => plural(
                card.reasons.iter().filter(|r| r.blocking).count(),
                "blocking reason",
                "blocking reasons",
            ),
        };
        return RowWhy {
            text,
            more: 0,
            class,
        };
    }
    RowWhy {
        more: found.len() - 1,
        text: found.swap_remove(0),
        class,
    }
}

/// The review's state in words.
pub fn state(review: &records::Review) -> &'static str {
    match review.state {
        ReviewState::Draft => "Draft",
        ReviewState::InReview => "In review",
        ReviewState::Approved => "Approved",
        ReviewState::Rejected => "Rejected",
        ReviewState::Expired => "Re-review due",
    }
}

/// The review's decision in words, e.g. `Approved by dana on 2026-12-01`.
pub fn decision(review: &records::Review) -> Option<String> {
    let what = match review.decision? {
        ReviewDecision::Approved if review.approved_over_no_go => "Approved over NO-GO",
        ReviewDecision::Approved => "Approved",
        ReviewDecision::Rejected => "Rejected",
    };
    let by = review
        .decided_by
        .as_deref()
        .map(|b| format!(" by {b}"))
        .unwrap_or_default();
    let on = review
        .decided_at
        .map(|t| format!(" on {}", t.format("%Y-%m-%d")))
        .unwrap_or_default();
    Some(format!("{what}{by}{on}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::{ItemResult, LevelRef, Reason};

    fn reason(code: ReasonCode, blocking: bool) -> Reason {
        Reason {
            code,
            message: String::new(),
            item_key: None,
            entity: None,
            blocking,
        }
    }

    fn item(state: ItemState) -> ItemResult {
        ItemResult {
            key: "k".into(),
            category: "c".into(),
            state,
            weight: 1,
            level: 1,
            blocker: false,
        }
    }

    fn card(decision: Decision, reasons: Vec<Reason>, items: Vec<ItemResult>) -> Scorecard {
        Scorecard {
            score: Some(50.0),
            level: LevelRef {
                number: 0,
                name: "None".into(),
            },
            next_level: None,
            decision,
            reasons,
            next_steps: vec![],
            categories: vec![],
            items,
            changes_at: None,
        }
    }

    #[test]
    fn the_main_reason_comes_first_and_the_rest_are_counted() {
        let untouched = card(
            Decision::NoGo,
            vec![reason(ReasonCode::BlockerFailing, true)],
            vec![item(ItemState::Unanswered), item(ItemState::NotApplicable)],
        );
        assert_eq!(progress(&untouched), (0, 1));
        let w = why(&untouched, None);
        assert_eq!(
            (w.text.as_str(), w.more, w.class),
            ("not started", 0, "nogo")
        );

        let started = card(
            Decision::NoGo,
            vec![
                reason(ReasonCode::BlockerFailing, true),
                reason(ReasonCode::BlockerFailing, true),
                reason(ReasonCode::BlockerFailing, true),
                reason(ReasonCode::SignoffMissing, true),
                reason(ReasonCode::SignoffMissing, true),
            ],
            vec![item(ItemState::Pass), item(ItemState::Fail)],
        );
        let w = why(&started, None);
        assert_eq!((w.text.as_str(), w.more), ("3 blockers", 1));

        let signoffs = card(
            Decision::NoGo,
            vec![reason(ReasonCode::SignoffMissing, true); 2],
            vec![item(ItemState::Pass)],
        );
        assert_eq!(why(&signoffs, None).text, "2 sign-offs missing");

        let conditions = card(
            Decision::GoWithConditions,
            vec![reason(ReasonCode::ItemWaived, false)],
            vec![item(ItemState::Waived)],
        );
        let w = why(&conditions, None);
        assert_eq!((w.text.as_str(), w.class), ("1 condition", "conditions"));
        let go = card(Decision::Go, vec![], vec![item(ItemState::Pass)]);
        assert_eq!(why(&go, None).text, "ready: submit for review");
    }
}
