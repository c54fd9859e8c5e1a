//! A decision respects the gate: approving a review whose launch gate is `NO_GO` needs an
//! explicit override with a reason, and every decision records the gate it was taken at
//! (and, for `GO_WITH_CONDITIONS`, the conditions accepted with it).

use super::review::ReviewDecision;
use super::scoring::{Decision, Reason, ReasonCode, Scorecard};
use super::validation::{FieldError, FieldResult, required_prose};
use serde::{Deserialize, Serialize};

/// The field an override's reason is reported on.
pub const OVERRIDE_REASON_FIELD: &str = "override.reason";
/// Fewest characters an override reason may have.
pub const MIN_OVERRIDE_CHARS: usize = 20;
/// Fewest words an override reason may have.
pub const MIN_OVERRIDE_WORDS: usize = 4;
/// Most characters an override reason may have.
pub const MAX_OVERRIDE_CHARS: usize = 4000;

/// Checks an override reason: at least a sentence — [`MIN_OVERRIDE_CHARS`] characters and
/// [`MIN_OVERRIDE_WORDS`] words once trimmed — and no control characters but line breaks.
pub fn check_override_reason(reason: &str) -> FieldResult<String> {
    let reason = required_prose(OVERRIDE_REASON_FIELD, reason, MAX_OVERRIDE_CHARS)?;
    let chars = reason.chars().count();
    let words = reason.split_whitespace().count();
    if chars < MIN_OVERRIDE_CHARS || words < MIN_OVERRIDE_WORDS {
        return Err(FieldError::new(
            OVERRIDE_REASON_FIELD,
            format!(
                "an override needs a reason of at least a sentence: {MIN_OVERRIDE_CHARS} \
                 characters and {MIN_OVERRIDE_WORDS} words (got {chars} characters, {words} \
                 words)"
            ),
        ));
    }
    Ok(reason)
}

/// One reason of the gate, as recorded with a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedReason {
    /// Stable reason code, e.g. `ITEM_WAIVED`.
    pub code: String,
    /// The gate's sentence.
    pub message: String,
    /// The item concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_key: Option<String>,
}

impl From<&Reason> for RecordedReason {
    fn from(r: &Reason) -> Self {
        Self {
            code: r.code.as_str().to_owned(),
            message: r.message.clone(),
            item_key: r.item_key.clone(),
        }
    }
}

impl RecordedReason {
    /// The code, when it is one this version knows.
    pub fn reason_code(&self) -> Option<ReasonCode> {
        ReasonCode::parse(&self.code)
    }
}

/// What a decision records about the gate it was taken at.
#[derive(Debug, Clone, PartialEq)]
pub struct GateAtDecision {
    /// The gate when the decision was taken.
    pub gate: Decision,
    /// Approved although the gate was `NO_GO` (with an override).
    pub approved_over_no_go: bool,
    /// The override's reason, when approved over `NO_GO`.
    pub override_reason: Option<String>,
    /// For `GO_WITH_CONDITIONS`: the conditions the decision was taken with.
    pub conditions: Vec<RecordedReason>,
}

/// An approval refused because the gate is `NO_GO` and no override was given.
#[derive(Debug, Clone, PartialEq)]
pub struct GateRefusal {
    /// The blocking reasons, in the gate's order.
    pub blocking: Vec<RecordedReason>,
}

impl GateRefusal {
    /// Stable reason code of the refusal.
    pub const REASON: &'static str = "GATE_NO_GO";

    /// One sentence for the client, listing the blocking reasons.
    pub fn message(&self) -> String {
        let reasons: Vec<String> = self
            .blocking
            .iter()
            .map(|r| format!("{}: {}", r.code, r.message))
            .collect();
        format!(
            "cannot approve: the launch gate is NO_GO ({}). Approve with an override and its \
             reason, or fix what blocks first.",
            reasons.join(" ")
        )
    }
}

/// Judges a decision against the gate of `card`, computed at the decision. `override_reason`
/// is an already checked reason ([`check_override_reason`]).
///
/// - Approving a `NO_GO` review without an override is refused with the blocking reasons.
/// - With an override it is recorded as approved over `NO_GO`, with the reason.
/// - An override where the gate is not `NO_GO` is not needed: it is accepted and ignored
///   (not recorded as an override); so is one on a rejection.
pub fn judge_decision(
    card: &Scorecard,
    decision: ReviewDecision,
    override_reason: Option<String>,
) -> Result<GateAtDecision, GateRefusal> {
    let gate = card.decision;
    let conditions = match gate {
        Decision::GoWithConditions => card.reasons.iter().map(RecordedReason::from).collect(),
        _ => Vec::new(),
    };
    let over = decision == ReviewDecision::Approved && gate == Decision::NoGo;
    match (over, override_reason) {
        (true, None) => Err(GateRefusal {
            blocking: card
                .reasons
                .iter()
                .filter(|r| r.blocking)
                .map(RecordedReason::from)
                .collect(),
        }),
        (true, Some(reason)) => Ok(GateAtDecision {
            gate,
            approved_over_no_go: true,
            override_reason: Some(reason),
            conditions,
        }),
        (false, _) => Ok(GateAtDecision {
            gate,
            approved_over_no_go: false,
            override_reason: None,
            conditions,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scoring::LevelRef;

    fn reason(code: ReasonCode, blocking: bool) -> Reason {
        Reason {
            code,
            message: format!("because of {}", code.as_str()),
            item_key: Some("ops.owner".into()),
            entity: None,
            blocking,
        }
    }

    fn card(decision: Decision, reasons: Vec<Reason>) -> Scorecard {
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
            items: vec![],
            changes_at: None,
        }
    }

    fn no_go() -> Scorecard {
        card(
            Decision::NoGo,
            vec![
                reason(ReasonCode::BlockerFailing, true),
                reason(ReasonCode::ItemOpen, false),
            ],
        )
    }

    #[test]
    fn approving_no_go_without_an_override_is_refused_with_the_blocking_reasons() {
        let refusal = judge_decision(&no_go(), ReviewDecision::Approved, None).unwrap_err();
        assert_eq!(refusal.blocking.len(), 1);
        assert_eq!(refusal.blocking[0].code, "BLOCKER_FAILING");
        assert!(refusal.message().contains("because of BLOCKER_FAILING"));
    }

    #[test]
    fn an_override_records_the_approval_over_no_go() {
        let reason = "Launch is contractually due; fix lands next week".to_owned();
        let at = judge_decision(&no_go(), ReviewDecision::Approved, Some(reason.clone())).unwrap();
        assert_eq!(at.gate, Decision::NoGo);
        assert!(at.approved_over_no_go);
        assert_eq!(at.override_reason, Some(reason));
        assert!(at.conditions.is_empty());
    }

    #[test]
    fn rejecting_a_no_go_needs_no_override() {
        let at = judge_decision(&no_go(), ReviewDecision::Rejected, None).unwrap();
        assert_eq!(at.gate, Decision::NoGo);
        assert!(!at.approved_over_no_go);
    }

    #[test]
    fn an_unneeded_override_is_ignored() {
        let go = card(Decision::Go, vec![]);
        let at = judge_decision(&go, ReviewDecision::Approved, Some("x".repeat(30))).unwrap();
        assert!(!at.approved_over_no_go);
        assert_eq!(at.override_reason, None);
    }

    #[test]
    fn conditions_are_recorded_with_go_with_conditions() {
        let c = card(
            Decision::GoWithConditions,
            vec![reason(ReasonCode::ItemWaived, false)],
        );
        let at = judge_decision(&c, ReviewDecision::Approved, None).unwrap();
        assert_eq!(at.gate, Decision::GoWithConditions);
        assert_eq!(at.conditions.len(), 1);
        assert_eq!(at.conditions[0].code, "ITEM_WAIVED");
        assert_eq!(at.conditions[0].reason_code(), Some(ReasonCode::ItemWaived));
    }

    #[test]
    fn an_override_reason_is_at_least_a_sentence() {
        for short in [
            "",
            "   ",
            "because",
            "ship it now please",
            "a b c d e f g h",
        ] {
            let e = check_override_reason(short).unwrap_err();
            assert_eq!(e.field, OVERRIDE_REASON_FIELD, "{short:?}");
        }
        assert_eq!(
            check_override_reason("  Fix ships Monday; risk accepted by VP.  ").unwrap(),
            "Fix ships Monday; risk accepted by VP."
        );
    }
}
