//! `ActionItem`: a follow-up recorded by a review.

use crate::domain::records;
use async_graphql::{ID, Object};
use chrono::{DateTime, NaiveDate, Utc};

/// A follow-up of a review, with an owner and a due date.
pub struct ActionItem(pub records::ActionItem);

#[Object]
impl ActionItem {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn review_id(&self) -> ID {
        ID(self.0.review_id.to_string())
    }
    /// What is to be done.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Login of the person who owns it.
    async fn owner(&self) -> &str {
        &self.0.owner
    }
    async fn due_date(&self) -> NaiveDate {
        self.0.due_date
    }
    async fn done(&self) -> bool {
        self.0.done
    }
    /// When it was marked done (null while open).
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at
    }
    /// Who marked it done (null while open).
    async fn done_by(&self) -> Option<&str> {
        self.0.done_by.as_deref()
    }
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Pass as `expectedVersion` to `setActionItemDone`.
    async fn version(&self) -> i64 {
        self.0.version
    }
}
