//! `ReviewItem` and `ItemResponse`: one applicable item of a review as the review sheet
//! derives it, and its stored answer.

use super::{VerificationResult, Waiver};
use crate::domain::records;
use crate::domain::template::{Category, Item};
use crate::graphql::enums::{NaAcceptance, Outcome, ResponseSource, Severity};
use crate::graphql::types::scorecard::ItemState;
use crate::services::reviews::sheet::{ReviewSheet, SheetItem};
use async_graphql::{ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// One item of a review: the template's item plus everything known about it. Holds the
/// shared sheet and the item's index rather than copies, so listing items stays cheap.
pub struct ReviewItem {
    pub(super) sheet: Arc<ReviewSheet>,
    pub(super) index: usize,
}

impl ReviewItem {
    pub(super) fn sheet_item(&self) -> &SheetItem {
        &self.sheet.items[self.index]
    }

    pub(super) fn parts(&self) -> (&Category, &Item) {
        self.sheet.item_of(self.sheet_item())
    }

    fn item(&self) -> &Item {
        self.parts().1
    }
}

#[Object]
impl ReviewItem {
    /// Stable item key.
    async fn key(&self) -> &str {
        &self.item().key
    }
    async fn title(&self) -> &str {
        &self.item().title
    }
    /// Why it matters and what good evidence looks like.
    async fn guidance(&self) -> &str {
        &self.item().guidance
    }
    async fn category_key(&self) -> &str {
        &self.parts().0.key
    }
    async fn category_title(&self) -> &str {
        &self.parts().0.title
    }
    async fn severity(&self) -> Severity {
        self.item().severity.into()
    }
    async fn weight(&self) -> i32 {
        i32::from(self.item().weight)
    }
    /// Maturity level the item belongs to.
    async fn level(&self) -> i32 {
        i32::from(self.item().level)
    }
    /// Whether a machine can verify the item.
    async fn automated(&self) -> bool {
        self.item().check.is_some()
    }
    /// The declarative check, as written in the template.
    async fn check(&self) -> Option<Json<serde_json::Value>> {
        self.item()
            .check
            .as_ref()
            .and_then(|c| serde_json::to_value(c).ok())
            .map(Json)
    }
    /// Recorded outcome (waivers are reported apart, in `waived`).
    async fn outcome(&self) -> Outcome {
        self.sheet_item().outcome().into()
    }
    /// Effective state, as the scorecard counts it: a waiver, stale evidence or a not
    /// applicable item without a reason change what the recorded outcome says.
    async fn state(&self) -> ItemState {
        self.sheet_item().state.into()
    }
    /// A valid waiver counts for the item in place of its failing or missing answer
    /// (`state` is `WAIVED`).
    async fn waived(&self) -> bool {
        self.sheet_item().waived()
    }
    /// Its automated evidence is older than the item's freshness window (`state` is
    /// `STALE`).
    async fn stale(&self) -> bool {
        self.sheet_item().stale()
    }
    /// Still to do: failing, unanswered, errored, stale or an unaccepted not applicable, and
    /// not waived.
    async fn open(&self) -> bool {
        self.sheet_item().open()
    }
    /// Whether a not applicable answer to this item needs a second person's acceptance
    /// (every blocker, and items the template marks `na_requires_acceptance`).
    async fn na_requires_acceptance(&self) -> bool {
        self.item().na_needs_acceptance()
    }
    /// For a not applicable answer that needs acceptance: pending (state
    /// `NOT_APPLICABLE_UNACCEPTED`), accepted by someone else (state `NOT_APPLICABLE`) or
    /// rejected (open again); null otherwise.
    async fn not_applicable_claim(&self) -> Option<NotApplicableClaim> {
        self.sheet_item().na_claim().map(|c| NotApplicableClaim {
            state: c.state.into(),
            claimed_by: c.claimed_by,
            decided_by: c.decided_by,
            decided_at: c.decided_at,
            comment: c.comment,
        })
    }
    /// The approved, unexpired waiver, if any.
    async fn waiver(&self) -> Option<Waiver> {
        self.sheet_item().waiver_in_force.clone().map(Waiver)
    }
    /// The latest automated check result, if the item was verified.
    async fn verification(&self) -> Option<VerificationResult> {
        self.sheet_item().check.clone().map(VerificationResult)
    }
    /// The stored answer, if any.
    async fn response(&self) -> Option<ItemResponse> {
        self.sheet_item().response.clone().map(ItemResponse)
    }
    /// Version to pass as `expectedVersion` when answering (0 while unanswered).
    async fn version(&self) -> i64 {
        self.sheet_item().response.as_ref().map_or(0, |r| r.version)
    }
}

/// A not applicable answer awaiting, or having had, a second person's verdict.
#[derive(SimpleObject)]
pub struct NotApplicableClaim {
    /// Pending, accepted or rejected.
    pub state: NaAcceptance,
    /// Who marked the item not applicable.
    pub claimed_by: String,
    /// Who accepted or rejected it.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// Their comment (always given on a rejection).
    pub comment: Option<String>,
}

/// A stored answer to one item.
pub struct ItemResponse(pub records::ItemResponse);

#[Object]
impl ItemResponse {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn item_key(&self) -> &str {
        &self.0.item_key
    }
    async fn outcome(&self) -> Outcome {
        self.0.outcome.into()
    }
    async fn source(&self) -> ResponseSource {
        self.0.source.into()
    }
    /// Link or text showing the item holds.
    async fn evidence(&self) -> Option<&str> {
        self.0.evidence.as_deref()
    }
    /// Note; the reason when not applicable.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Observed value recorded by automation.
    async fn observed(&self) -> Option<Json<serde_json::Value>> {
        self.0.observed.clone().map(Json)
    }
    /// Commit the automated evidence was taken at.
    async fn commit_sha(&self) -> Option<&str> {
        self.0.commit_sha.as_deref()
    }
    async fn responded_by(&self) -> &str {
        &self.0.responded_by
    }
    async fn responded_at(&self) -> DateTime<Utc> {
        self.0.responded_at
    }
    /// For a not applicable answer: where the claim stands with a second person (PENDING
    /// also on items that need no acceptance); null for other answers.
    async fn na_acceptance(&self) -> Option<NaAcceptance> {
        self.0.na_acceptance.map(Into::into)
    }
    /// Who accepted or rejected the not applicable answer.
    async fn na_decided_by(&self) -> Option<&str> {
        self.0.na_decided_by.as_deref()
    }
    /// When.
    async fn na_decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.na_decided_at
    }
    /// The accepting or rejecting person's comment.
    async fn na_comment(&self) -> Option<&str> {
        self.0.na_comment.as_deref()
    }
    /// When the answer was carried over from the service's previous review as this one
    /// started, that review's id: the answer still needs reconfirming (answering the item
    /// again clears it). Null for an answer given in this review.
    async fn carried_from_review(&self) -> Option<ID> {
        self.0.carried_from.map(|id| ID(id.to_string()))
    }
    async fn version(&self) -> i64 {
        self.0.version
    }
}
