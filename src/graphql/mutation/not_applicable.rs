//! Mutations giving a second person's verdict on a "not applicable" answer.

use crate::graphql::error::{GqlResult, parse_id};
use crate::graphql::types::ItemResponse;
use crate::graphql::{actor, svc};
use crate::services::reviews::not_applicable::NaVerdict;
use async_graphql::{Context, ID, Object, Result};

/// Accepting and rejecting not applicable answers.
#[derive(Default)]
pub struct NotApplicableMutation;

#[Object]
impl NotApplicableMutation {
    /// Accepts a `NOT_APPLICABLE` answer on an item that needs a second person's acceptance
    /// (every blocker, and items the template marks `na_requires_acceptance`): the item then
    /// leaves the score. Not by the person who answered (`FORBIDDEN`). `expectedVersion` is
    /// the item's version.
    async fn accept_not_applicable(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        item_key: String,
        comment: Option<String>,
        expected_version: i64,
    ) -> Result<ItemResponse> {
        verdict(ctx, review_id, item_key, true, comment, expected_version).await
    }

    /// Rejects a `NOT_APPLICABLE` answer (a comment saying why is required): the item is
    /// open again until its owner answers it anew. Not by the person who answered.
    async fn reject_not_applicable(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        item_key: String,
        comment: String,
        expected_version: i64,
    ) -> Result<ItemResponse> {
        verdict(
            ctx,
            review_id,
            item_key,
            false,
            Some(comment),
            expected_version,
        )
        .await
    }
}

async fn verdict(
    ctx: &Context<'_>,
    review_id: ID,
    item_key: String,
    accept: bool,
    comment: Option<String>,
    expected_version: i64,
) -> Result<ItemResponse> {
    let input = NaVerdict {
        review_id: parse_id("reviewId", &review_id)?,
        item_key,
        accept,
        comment,
        expected_version,
    };
    svc(ctx)
        .decide_not_applicable(actor(ctx), input)
        .await
        .map(ItemResponse)
        .gql()
}
