//! Mutations on action items, and the input shared with `decideReview`.

use crate::domain::action_item::NewActionItem;
use crate::error::AppError;
use crate::graphql::error::{GqlResult, parse_id};
use crate::graphql::types::ActionItem;
use crate::graphql::{actor, svc};
use async_graphql::{Context, ErrorExtensions, ID, InputObject, Object, Result};
use chrono::NaiveDate;

/// A follow-up to record.
#[derive(InputObject)]
pub struct ActionItemInput {
    /// What is to be done (at most 200 characters).
    pub title: String,
    /// Login of the person who owns it.
    pub owner: String,
    /// By when.
    pub due_date: NaiveDate,
}

impl ActionItemInput {
    /// Validates the input, naming fields under `prefix` (e.g. `actionItems[1]`).
    pub fn parse(&self, prefix: &str) -> Result<NewActionItem> {
        NewActionItem::parse(prefix, &self.title, &self.owner, self.due_date)
            .map_err(|e| AppError::Validation(e).extend())
    }
}

/// Action item mutations.
#[derive(Default)]
pub struct ActionItemMutation;

#[Object]
impl ActionItemMutation {
    /// Adds an action item to a review, in any state.
    async fn add_action_item(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        input: ActionItemInput,
    ) -> Result<ActionItem> {
        let review_id = parse_id("reviewId", &review_id)?;
        let item = input.parse("input")?;
        svc(ctx)
            .add_action_item(actor(ctx), review_id, item)
            .await
            .map(ActionItem)
            .gql()
    }

    /// Marks an action item done or not done. `expectedVersion` is the item's version.
    async fn set_action_item_done(
        &self,
        ctx: &Context<'_>,
        id: ID,
        done: bool,
        expected_version: i64,
    ) -> Result<ActionItem> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .set_action_item_done(actor(ctx), id, done, expected_version)
            .await
            .map(ActionItem)
            .gql()
    }
}
