//! `Waiver` and `SignOff`: the exceptions and verdicts recorded on a review.

use crate::domain::records;
use crate::domain::review::waiver_in_force;
use crate::graphql::enums::{SignOffDecision, WaiverState};
use crate::graphql::svc;
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

/// A time-limited exception for one item.
#[derive(Clone)]
pub struct Waiver(pub records::Waiver);

#[Object]
impl Waiver {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn review_id(&self) -> ID {
        ID(self.0.review_id.to_string())
    }
    async fn item_key(&self) -> &str {
        &self.0.item_key
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn compensating_control(&self) -> &str {
        &self.0.compensating_control
    }
    async fn requested_by(&self) -> &str {
        &self.0.requested_by
    }
    /// Who approved or rejected it.
    async fn approved_by(&self) -> Option<&str> {
        self.0.approved_by.as_deref()
    }
    async fn state(&self) -> WaiverState {
        self.0.state.into()
    }
    /// The waiver stops counting at this instant.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    /// Approved and not yet expired.
    async fn in_force(&self, ctx: &Context<'_>) -> bool {
        waiver_in_force(self.0.state, self.0.expires_at, svc(ctx).now())
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A sign-off for one role.
pub struct SignOff(pub records::SignOff);

#[Object]
impl SignOff {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn role(&self) -> &str {
        &self.0.role
    }
    async fn signer(&self) -> &str {
        &self.0.signer
    }
    async fn decision(&self) -> SignOffDecision {
        self.0.decision.into()
    }
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// The review version the signer approved.
    async fn review_version(&self) -> i64 {
        self.0.review_version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
