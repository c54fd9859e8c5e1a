//! Review lifecycle rules: item outcomes, review states and their transitions, waivers and
//! sign-offs. Time is passed in; nothing here reads the clock.

use super::ids::Login;
use super::validation::required_prose;
use super::{FieldError, FieldResult};
use chrono::{DateTime, Duration, Utc};

crate::string_enum!(
    /// The recorded outcome of one checklist item. `waived` is not an outcome: it is derived
    /// from an approved, unexpired waiver on top of the underlying outcome.
    Outcome {
        /// Nobody (and no check) has answered yet.
        Unanswered => "unanswered",
        /// Meets the item.
        Pass => "pass",
        /// Does not meet the item.
        Fail => "fail",
        /// Does not apply to this service (a reason is required).
        NotApplicable => "not_applicable",
        /// An automated check could not run; never counts as a pass.
        Error => "error",
    }
);

crate::string_enum!(
    /// Who produced a response.
    ResponseSource { Manual => "manual", Automated => "automated" }
);

crate::string_enum!(
    /// Where a review is in its life.
    ReviewState {
        Draft => "draft",
        InReview => "in_review",
        Approved => "approved",
        Rejected => "rejected",
        Expired => "expired",
    }
);

crate::string_enum!(
    /// The meeting's decision on a review.
    ReviewDecision { Approved => "approved", Rejected => "rejected" }
);

crate::string_enum!(
    /// A signer's verdict.
    SignOffDecision { Approve => "approve", Reject => "reject" }
);

crate::string_enum!(
    /// Where a waiver is in its life.
    WaiverState { Requested => "requested", Approved => "approved", Rejected => "rejected" }
);

/// Why a transition was refused; the service layer maps it to `CONFLICT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRefused(pub String);

impl ReviewState {
    /// Open reviews (draft or in review) accept answers, waivers and sign-offs.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Draft | Self::InReview)
    }

    /// Manual answers may change only while the review is open.
    pub fn check_answerable(self) -> Result<(), TransitionRefused> {
        if self.is_open() {
            Ok(())
        } else {
            Err(TransitionRefused(format!(
                "the review is {self}; answers can change only while it is draft or in_review (start a new review)"
            )))
        }
    }

    /// `draft → in_review`.
    pub fn submit(self) -> Result<Self, TransitionRefused> {
        match self {
            Self::Draft => Ok(Self::InReview),
            other => Err(TransitionRefused(format!(
                "only a draft review can be submitted; this one is {other}"
            ))),
        }
    }

    /// `in_review → approved | rejected`.
    pub fn decide(self, decision: ReviewDecision) -> Result<Self, TransitionRefused> {
        match self {
            Self::InReview => Ok(match decision {
                ReviewDecision::Approved => Self::Approved,
                ReviewDecision::Rejected => Self::Rejected,
            }),
            other => Err(TransitionRefused(format!(
                "only a review in_review can be decided; this one is {other} (submit it first)"
            ))),
        }
    }

    /// Sign-offs are collected while the review is in review.
    pub fn check_signable(self) -> Result<(), TransitionRefused> {
        if self == Self::InReview {
            Ok(())
        } else {
            Err(TransitionRefused(format!(
                "sign-offs are collected while the review is in_review; this one is {self}"
            )))
        }
    }
}

/// Checks a manual answer: `not_applicable` needs a reason (the note); `error` is reserved
/// for automation.
pub fn check_manual_answer(outcome: Outcome, note: Option<&str>) -> FieldResult<()> {
    match outcome {
        Outcome::Error => Err(FieldError::new(
            "outcome",
            "`error` is recorded by automated checks only",
        )),
        Outcome::NotApplicable if note.is_none_or(|n| n.trim().is_empty()) => Err(FieldError::new(
            "note",
            "a reason is required when marking an item not_applicable",
        )),
        _ => Ok(()),
    }
}

/// Longest a waiver may run before it must be renewed.
pub const MAX_WAIVER_DAYS: i64 = 365;

/// A validated waiver request.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiverRequest {
    /// Why the item cannot be met now.
    pub reason: String,
    /// What limits the risk meanwhile.
    pub compensating_control: String,
    /// When the waiver stops counting.
    pub expires_at: DateTime<Utc>,
}

impl WaiverRequest {
    /// Validates a request made at `now`.
    pub fn parse(
        reason: &str,
        compensating_control: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> FieldResult<Self> {
        let reason = waiver_text("reason", reason, "say why the item cannot be met now")?;
        let compensating_control = waiver_text(
            "compensating_control",
            compensating_control,
            "say what limits the risk meanwhile",
        )?;
        check_expiry(expires_at, now)?;
        Ok(Self {
            reason,
            compensating_control,
            expires_at,
        })
    }

    /// Every problem of a request at once, for a form that shows each next to its field;
    /// `expires_at` is `None` when the form's date could not be read (the form reports that).
    pub fn problems(
        reason: &str,
        compensating_control: &str,
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Vec<FieldError> {
        let control = "say what limits the risk meanwhile";
        [
            waiver_text("reason", reason, "say why the item cannot be met now").err(),
            waiver_text("compensating_control", compensating_control, control).err(),
            expires_at.and_then(|at| check_expiry(at, now).err()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Required prose; when blank, `ask` says what to write.
fn waiver_text(field: &str, value: &str, ask: &str) -> FieldResult<String> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, format!("must not be empty: {ask}")));
    }
    required_prose(field, value, 4000)
}

fn check_expiry(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> FieldResult<()> {
    if expires_at <= now {
        return Err(FieldError::new(
            "expires_at",
            "must be in the future (the waiver stops counting at that instant)",
        ));
    }
    if expires_at > now + Duration::days(MAX_WAIVER_DAYS) {
        return Err(FieldError::new(
            "expires_at",
            format!("must be within {MAX_WAIVER_DAYS} days"),
        ));
    }
    Ok(())
}

/// Why a waiver approval was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalRefused {
    /// Separation of duties: the requester cannot approve their own waiver.
    SelfApproval,
    /// The waiver is no longer awaiting a decision, or has already expired.
    NotPending(String),
}

/// Checks that `approver` may decide a waiver requested by `requester` at `now`.
pub fn check_waiver_decision(
    state: WaiverState,
    requester: &Login,
    approver: &Login,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ApprovalRefused> {
    if state != WaiverState::Requested {
        return Err(ApprovalRefused::NotPending(format!(
            "the waiver is already {state}"
        )));
    }
    if expires_at <= now {
        return Err(ApprovalRefused::NotPending(
            "the waiver expired before it was decided".into(),
        ));
    }
    if requester == approver {
        return Err(ApprovalRefused::SelfApproval);
    }
    Ok(())
}

/// A waiver counts from approval until the instant it expires (exclusive).
pub fn waiver_in_force(state: WaiverState, expires_at: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    state == WaiverState::Approved && at < expires_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap()
    }

    #[test]
    fn transitions() {
        assert_eq!(ReviewState::Draft.submit().unwrap(), ReviewState::InReview);
        assert!(ReviewState::InReview.submit().is_err());
        assert!(ReviewState::Draft.decide(ReviewDecision::Approved).is_err());
        assert_eq!(
            ReviewState::InReview
                .decide(ReviewDecision::Rejected)
                .unwrap(),
            ReviewState::Rejected
        );
        assert!(ReviewState::Approved.check_answerable().is_err());
        assert!(ReviewState::Draft.check_answerable().is_ok());
        assert!(ReviewState::Draft.check_signable().is_err());
        assert!(ReviewState::InReview.check_signable().is_ok());
    }

    #[test]
    fn manual_answers() {
        assert_eq!(
            check_manual_answer(Outcome::NotApplicable, Some(" "))
                .unwrap_err()
                .field,
            "note"
        );
        assert!(check_manual_answer(Outcome::NotApplicable, Some("stateless")).is_ok());
        assert_eq!(
            check_manual_answer(Outcome::Error, None).unwrap_err().field,
            "outcome"
        );
        assert!(check_manual_answer(Outcome::Unanswered, None).is_ok());
    }

    #[test]
    fn waiver_request_problems_are_all_reported_with_parse_s_fields() {
        let now = t(10);
        let fields: Vec<String> = WaiverRequest::problems(" ", "", Some(now), now)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["reason", "compensating_control", "expires_at"]);
        assert!(WaiverRequest::problems("r", "c", None, now).is_empty());
        let first = WaiverRequest::parse(" ", "", now, now).unwrap_err();
        assert_eq!(first.field, "reason");
        assert!(first.message.contains("say why"), "{}", first.message);
    }

    #[test]
    fn waiver_requests() {
        let now = t(10);
        assert!(WaiverRequest::parse("r", "c", t(11), now).is_ok());
        assert_eq!(
            WaiverRequest::parse("r", "c", now, now).unwrap_err().field,
            "expires_at"
        );
        assert_eq!(
            WaiverRequest::parse("", "c", t(11), now).unwrap_err().field,
            "reason"
        );
        assert_eq!(
            WaiverRequest::parse("r", " ", t(11), now)
                .unwrap_err()
                .field,
            "compensating_control"
        );
        let far = now + Duration::days(MAX_WAIVER_DAYS + 1);
        assert_eq!(
            WaiverRequest::parse("r", "c", far, now).unwrap_err().field,
            "expires_at"
        );
    }

    #[test]
    fn waiver_decisions() {
        let alice = Login::parse("l", "alice").unwrap();
        let bob = Login::parse("l", "bob").unwrap();
        assert!(check_waiver_decision(WaiverState::Requested, &alice, &bob, t(12), t(10)).is_ok());
        assert_eq!(
            check_waiver_decision(WaiverState::Requested, &alice, &alice, t(12), t(10)),
            Err(ApprovalRefused::SelfApproval)
        );
        assert!(matches!(
            check_waiver_decision(WaiverState::Approved, &alice, &bob, t(12), t(10)),
            Err(ApprovalRefused::NotPending(_))
        ));
        assert!(check_waiver_decision(WaiverState::Requested, &alice, &bob, t(10), t(10)).is_err());
    }

    #[test]
    fn waiver_stops_counting_at_its_expiry_instant() {
        assert!(waiver_in_force(WaiverState::Approved, t(12), t(11)));
        assert!(!waiver_in_force(WaiverState::Approved, t(12), t(12)));
        assert!(!waiver_in_force(WaiverState::Requested, t(12), t(11)));
    }
}
