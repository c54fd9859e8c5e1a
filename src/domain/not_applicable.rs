//! "Not applicable" needs a second pair of eyes: on a blocker (and on any item the template
//! marks `na_requires_acceptance`), a `not_applicable` answer is a claim that stays open
//! until someone other than the answerer accepts it. A rejected claim is open again until
//! the owner re-answers; any new answer starts a new, pending claim.

use super::review::Outcome;
use super::scoring::NaReviewFact;
use super::template::{Item, Severity};
use super::validation::{FieldError, optional_prose, required_prose};

crate::string_enum!(
    /// Where a `not_applicable` claim stands with its second reviewer.
    NaAcceptance {
        /// Nobody has accepted or rejected it yet.
        Pending => "pending",
        /// Someone other than the answerer accepted it.
        Accepted => "accepted",
        /// Someone other than the answerer rejected it; the owner must re-answer.
        Rejected => "rejected",
    }
);

/// Longest comment on an acceptance or rejection.
pub const MAX_COMMENT_CHARS: usize = 4000;

impl Item {
    /// Whether a `not_applicable` answer to this item needs a second person's acceptance:
    /// always for a blocker, and when the template says so for any other item.
    pub fn na_needs_acceptance(&self) -> bool {
        self.severity == Severity::Blocker || self.na_requires_acceptance
    }
}

/// The acceptance state a new answer starts with: a `not_applicable` answer is a pending
/// claim; any other answer is no claim.
pub fn pending_if_na(outcome: Outcome) -> Option<NaAcceptance> {
    (outcome == Outcome::NotApplicable).then_some(NaAcceptance::Pending)
}

/// Whether a `not_applicable` claim counts: accepted by someone (not blank) other than
/// `answerer`. Logins are compared as stored (canonical lowercase).
pub fn na_accepted(answerer: &str, review: Option<&NaReviewFact>) -> bool {
    review.is_some_and(|r| {
        r.state == NaAcceptance::Accepted && !r.by.trim().is_empty() && r.by != answerer
    })
}

/// Why a verdict on a `not_applicable` claim is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerdictRefused {
    /// Bad input (a rejection without a comment, a comment too long or with control
    /// characters).
    Invalid(FieldError),
    /// The actor answered the item themselves.
    OwnClaim,
    /// The item's answer is not a `not_applicable` claim that awaits a verdict; the text
    /// says why.
    NotPending(String),
}

/// The stored facts a verdict is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// The item of the pinned template.
    pub item: &'a Item,
    /// The item's recorded outcome.
    pub outcome: Outcome,
    /// Who recorded the answer.
    pub answerer: &'a str,
    /// The claim's current acceptance state (`None` when the answer is not a claim).
    pub state: Option<NaAcceptance>,
    /// Who accepted or rejected it, if anyone did.
    pub decided_by: Option<&'a str>,
}

/// Checks a verdict (`accept` or reject) by `actor` on `claim`, and the comment: required
/// to reject, optional to accept. Returns the cleaned comment.
pub fn check_verdict(
    claim: Claim<'_>,
    actor: &str,
    accept: bool,
    comment: Option<&str>,
) -> Result<Option<String>, VerdictRefused> {
    let comment = if accept {
        optional_prose("comment", comment, MAX_COMMENT_CHARS)
    } else {
        required_prose("comment", comment.unwrap_or_default(), MAX_COMMENT_CHARS)
            .map_err(|e| match comment.is_none_or(|c| c.trim().is_empty()) {
                true => FieldError::new(
                    "comment",
                    "say why the item does apply: a comment is required to reject a not \
                     applicable answer",
                ),
                false => e,
            })
            .map(Some)
    }
    .map_err(VerdictRefused::Invalid)?;
    let key = &claim.item.key;
    if claim.outcome != Outcome::NotApplicable {
        return Err(VerdictRefused::NotPending(format!(
            "item `{key}` is answered {}, not not_applicable: there is nothing to accept or \
             reject",
            claim.outcome
        )));
    }
    if !claim.item.na_needs_acceptance() {
        return Err(VerdictRefused::NotPending(format!(
            "item `{key}` does not need a second person to accept not applicable (only \
             blockers and items marked na_requires_acceptance do)"
        )));
    }
    if actor == claim.answerer {
        return Err(VerdictRefused::OwnClaim);
    }
    match (claim.state, claim.decided_by) {
        (Some(NaAcceptance::Accepted), by) => Err(VerdictRefused::NotPending(format!(
            "not applicable on item `{key}` was already accepted by {}",
            by.unwrap_or("someone")
        ))),
        (Some(NaAcceptance::Rejected), by) => Err(VerdictRefused::NotPending(format!(
            "not applicable on item `{key}` was already rejected by {}; the owner must \
             re-answer the item",
            by.unwrap_or("someone")
        ))),
        _ => Ok(comment),
    }
}

/// The message of [`VerdictRefused::OwnClaim`].
pub const OWN_CLAIM: &str = "the person who marked an item not applicable cannot accept it (or reject it): someone \
     else must review the claim";

#[cfg(test)]
mod tests {
    use super::*;

    fn item(severity: Severity, flag: bool) -> Item {
        Item {
            key: "sec.pentest".into(),
            title: "Pen test".into(),
            guidance: "g".into(),
            severity,
            weight: 3,
            level: 1,
            tiers: None,
            freshness_days: None,
            na_requires_acceptance: flag,
            check: None,
        }
    }

    fn claim(item: &Item) -> Claim<'_> {
        Claim {
            item,
            outcome: Outcome::NotApplicable,
            answerer: "alice",
            state: Some(NaAcceptance::Pending),
            decided_by: None,
        }
    }

    #[test]
    fn blockers_and_marked_items_need_acceptance() {
        assert!(item(Severity::Blocker, false).na_needs_acceptance());
        assert!(item(Severity::Minor, true).na_needs_acceptance());
        assert!(!item(Severity::Major, false).na_needs_acceptance());
    }

    #[test]
    fn only_someone_else_can_accept() {
        let accepted = |by: &str| NaReviewFact {
            state: NaAcceptance::Accepted,
            by: by.into(),
        };
        assert!(na_accepted("alice", Some(&accepted("bob"))));
        assert!(!na_accepted("alice", Some(&accepted("alice"))));
        assert!(!na_accepted("alice", Some(&accepted("  "))));
        assert!(!na_accepted("alice", None));
        let rejected = NaReviewFact {
            state: NaAcceptance::Rejected,
            by: "bob".into(),
        };
        assert!(!na_accepted("alice", Some(&rejected)));
    }

    #[test]
    fn the_answerer_cannot_give_a_verdict() {
        let it = item(Severity::Blocker, false);
        assert_eq!(
            check_verdict(claim(&it), "alice", true, None),
            Err(VerdictRefused::OwnClaim)
        );
        assert_eq!(check_verdict(claim(&it), "bob", true, None), Ok(None));
    }

    #[test]
    fn rejecting_needs_a_comment() {
        let it = item(Severity::Blocker, false);
        let Err(VerdictRefused::Invalid(e)) = check_verdict(claim(&it), "bob", false, Some(" "))
        else {
            panic!("a blank comment must be refused");
        };
        assert_eq!(e.field, "comment");
        assert_eq!(
            check_verdict(claim(&it), "bob", false, Some(" We run it in prod. ")),
            Ok(Some("We run it in prod.".into()))
        );
    }

    #[test]
    fn only_pending_claims_on_items_that_need_acceptance() {
        let it = item(Severity::Major, false);
        assert!(matches!(
            check_verdict(claim(&it), "bob", true, None),
            Err(VerdictRefused::NotPending(_))
        ));
        let it = item(Severity::Blocker, false);
        let mut c = claim(&it);
        c.outcome = Outcome::Pass;
        assert!(matches!(
            check_verdict(c, "bob", true, None),
            Err(VerdictRefused::NotPending(_))
        ));
        let mut c = claim(&it);
        c.state = Some(NaAcceptance::Accepted);
        c.decided_by = Some("carol");
        let Err(VerdictRefused::NotPending(m)) = check_verdict(c, "bob", false, Some("no")) else {
            panic!("an accepted claim takes no second verdict");
        };
        assert!(m.contains("carol"), "{m}");
    }
}
