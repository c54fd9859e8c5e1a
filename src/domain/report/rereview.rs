//! Reviews overdue for re-review: an approval is not forever. A service's approved review is
//! due again a year after its decision (the yearly re-review the AWS ORR guidance and the
//! shared checklist notes ask for), and at once when its gate has since fallen to `NO_GO`
//! without the approval having been an override of that gate (drift).

use super::Figure;
use crate::domain::scoring::Decision;
use chrono::{DateTime, Duration, Utc};

/// Days after its decision that an approved review is due for re-review.
pub const REREVIEW_AFTER_DAYS: i64 = 365;

/// A service's current review, when it is approved.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalRow {
    /// The service's slug.
    pub service: String,
    /// When the review was approved.
    pub decided_at: DateTime<Utc>,
    /// Whether it was approved over a `NO_GO` gate.
    pub over_no_go: bool,
    /// The service's gate now (latest score snapshot; `None`: never scored).
    pub gate_now: Option<Decision>,
}

/// Why a re-review is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverdueReason {
    /// The approval is [`REREVIEW_AFTER_DAYS`] days old or more.
    Age,
    /// The gate fell to `NO_GO` after an approval that did not override it.
    Drift,
}

/// One approved review due for re-review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueReview {
    /// The service's slug.
    pub service: String,
    /// When the review was approved.
    pub approved_at: DateTime<Utc>,
    /// When the re-review fell due by age (for drift it is due now, and may be earlier).
    pub due_at: DateTime<Utc>,
    /// Why it is due.
    pub reason: OverdueReason,
}

/// The approved reviews due for re-review at `at`, longest overdue first (ties by slug);
/// drift outranks age, since the service stands at `NO_GO` today.
pub fn overdue_reviews(
    approvals: &[ApprovalRow],
    at: DateTime<Utc>,
) -> (Vec<OverdueReview>, Figure) {
    let mut list: Vec<OverdueReview> = approvals
        .iter()
        .filter_map(|a| {
            let due_at = a.decided_at + Duration::days(REREVIEW_AFTER_DAYS);
            let reason = if a.gate_now == Some(Decision::NoGo) && !a.over_no_go {
                OverdueReason::Drift
            } else if due_at <= at {
                OverdueReason::Age
            } else {
                return None;
            };
            Some(OverdueReview {
                service: a.service.clone(),
                approved_at: a.decided_at,
                due_at,
                reason,
            })
        })
        .collect();
    list.sort_by(|a, b| {
        let rank = |r: &OverdueReview| r.reason != OverdueReason::Drift;
        (rank(a), a.due_at, &a.service).cmp(&(rank(b), b.due_at, &b.service))
    });
    let figure = Figure::of(list.iter().map(|r| r.service.as_str()));
    (list, figure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn approval(service: &str, days_ago: i64, over: bool, gate: Option<Decision>) -> ApprovalRow {
        ApprovalRow {
            service: service.into(),
            decided_at: now() - Duration::days(days_ago),
            over_no_go: over,
            gate_now: gate,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_year_old_approval_is_due_and_a_younger_one_is_not() {
        let (list, fig) = overdue_reviews(
            &[
                approval("fresh", 364, false, Some(Decision::Go)),
                approval("exact", 365, false, Some(Decision::Go)),
                approval("old", 500, false, Some(Decision::GoWithConditions)),
            ],
            now(),
        );
        let names: Vec<_> = list
            .iter()
            .map(|r| (r.service.as_str(), r.reason))
            .collect();
        assert_eq!(
            names,
            [("old", OverdueReason::Age), ("exact", OverdueReason::Age)]
        );
        assert_eq!(list[1].due_at, now());
        assert_eq!(fig.services, ["exact", "old"]);
    }

    #[test]
    fn a_gate_fallen_to_no_go_is_drift_unless_the_approval_overrode_it() {
        let (list, _) = overdue_reviews(
            &[
                approval("drifted", 10, false, Some(Decision::NoGo)),
                approval("overridden", 10, true, Some(Decision::NoGo)),
                approval("unscored", 10, false, None),
                approval("aged", 400, false, Some(Decision::Go)),
            ],
            now(),
        );
        let names: Vec<_> = list
            .iter()
            .map(|r| (r.service.as_str(), r.reason))
            .collect();
        assert_eq!(
            names,
            [
                ("drifted", OverdueReason::Drift),
                ("aged", OverdueReason::Age)
            ]
        );
    }
}
