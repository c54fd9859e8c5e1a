//! Review records: the review, its answers, waivers, sign-offs, action items and automated
//! results.

use crate::domain::gate_authority::RecordedReason;
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::review::{
    Outcome, ResponseSource, ReviewDecision, ReviewState, SignOffDecision, WaiverState,
};
use crate::domain::scoring::Decision;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A readiness review of a service against one pinned template version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub id: i64,
    pub service_id: i64,
    pub template_id: i64,
    pub state: ReviewState,
    pub target_date: Option<NaiveDate>,
    pub decision: Option<ReviewDecision>,
    pub decision_notes: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The launch gate when the decision was taken (none before a decision).
    pub gate_at_decision: Option<Decision>,
    /// Approved although the gate was `NO_GO`, with an override.
    pub approved_over_no_go: bool,
    /// The override's reason.
    pub override_reason: Option<String>,
    /// For a decision at `GO_WITH_CONDITIONS`: the conditions, as a JSON list of
    /// [`RecordedReason`] (read them with [`Review::decision_conditions`]).
    pub decision_conditions: Option<serde_json::Value>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Review {
    /// The conditions recorded with the decision (empty when there were none, or the stored
    /// JSON is not a list of reasons).
    pub fn decision_conditions(&self) -> Vec<RecordedReason> {
        self.decision_conditions
            .as_ref()
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
}

/// The current answer to one checklist item of a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResponse {
    pub id: i64,
    pub review_id: i64,
    pub item_key: String,
    pub outcome: Outcome,
    pub source: ResponseSource,
    pub evidence: Option<String>,
    pub note: Option<String>,
    pub observed: Option<serde_json::Value>,
    pub commit_sha: Option<String>,
    pub responded_by: String,
    pub responded_at: DateTime<Utc>,
    /// For a `not_applicable` answer: where the claim stands with a second person.
    pub na_acceptance: Option<NaAcceptance>,
    /// Who accepted or rejected the claim.
    pub na_decided_by: Option<String>,
    /// When.
    pub na_decided_at: Option<DateTime<Utc>>,
    /// Their comment (required to reject).
    pub na_comment: Option<String>,
    /// For an answer carried over from the previous review when this one started: that
    /// review's id, until someone answers the item again ("carried over — reconfirm").
    pub carried_from: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// A time-limited exception for one item of a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiver {
    pub id: i64,
    pub review_id: i64,
    pub item_key: String,
    pub reason: String,
    pub compensating_control: String,
    pub requested_by: String,
    pub approved_by: Option<String>,
    pub state: WaiverState,
    pub expires_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A sign-off given for one role on a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignOff {
    pub id: i64,
    pub review_id: i64,
    pub role: String,
    pub signer: String,
    pub decision: SignOffDecision,
    pub comment: Option<String>,
    pub review_version: i64,
    pub created_at: DateTime<Utc>,
}

/// A follow-up recorded by a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionItem {
    pub id: i64,
    pub review_id: i64,
    pub title: String,
    pub owner: String,
    pub due_date: NaiveDate,
    pub done: bool,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub created_by: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The latest automated check result of one item of a review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerificationResult {
    pub id: i64,
    pub review_id: i64,
    pub item_key: String,
    pub outcome: Outcome,
    pub evidence: serde_json::Value,
    pub commit_sha: Option<String>,
    pub checked_at: DateTime<Utc>,
    pub last_conclusive: Option<serde_json::Value>,
    pub flagged: bool,
    pub version: i64,
}
