//! Mutations on reviews, item answers, waivers and sign-offs.

use super::action_items::ActionItemInput;
use crate::graphql::enums::{Outcome, ReviewDecision, SignOffDecision};
use crate::graphql::error::{GqlResult, parse_id};
use crate::graphql::types::{ItemResponse, Review, SignOff, VerificationReport, Waiver};
use crate::graphql::{actor, svc};
use crate::services::reviews::Answer;
use crate::services::reviews::decisions::DecisionInput;
use crate::services::reviews::waivers::{NewSignOff, NewWaiver};
use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};

/// Input of `requestWaiver`.
#[derive(InputObject)]
pub struct RequestWaiverInput {
    /// Review.
    pub review_id: ID,
    /// Item to waive.
    pub item_key: String,
    /// Why it cannot be met now.
    pub reason: String,
    /// What limits the risk meanwhile.
    pub compensating_control: String,
    /// When it stops counting (at most 365 days ahead).
    pub expires_at: DateTime<Utc>,
}

/// An override of a NO_GO launch gate.
#[derive(InputObject)]
pub struct OverrideInput {
    /// Why the review is approved although the gate is NO_GO: at least a sentence (20
    /// characters and 4 words).
    pub reason: String,
}

/// Review mutations.
#[derive(Default)]
pub struct ReviewMutation;

#[Object]
impl ReviewMutation {
    /// Starts a review from the latest version of a template (default: the default template).
    async fn start_review(
        &self,
        ctx: &Context<'_>,
        service_slug: String,
        template_key: Option<String>,
        target_date: Option<NaiveDate>,
    ) -> Result<Review> {
        svc(ctx)
            .start_review(
                actor(ctx),
                &service_slug,
                template_key.as_deref(),
                target_date,
            )
            .await
            .map(Review)
            .gql()
    }

    /// Answers one item. `expectedVersion` is the item's version (0 while unanswered).
    #[allow(clippy::too_many_arguments)]
    async fn respond_to_item(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        item_key: String,
        outcome: Outcome,
        evidence: Option<String>,
        note: Option<String>,
        expected_version: i64,
    ) -> Result<ItemResponse> {
        let answer = Answer {
            review_id: parse_id("reviewId", &review_id)?,
            item_key,
            outcome: outcome.into(),
            evidence,
            note,
            expected_version,
        };
        svc(ctx)
            .respond_to_item(actor(ctx), answer)
            .await
            .map(ItemResponse)
            .gql()
    }

    /// Requests a waiver for one item; someone else must approve it.
    async fn request_waiver(&self, ctx: &Context<'_>, input: RequestWaiverInput) -> Result<Waiver> {
        let input = NewWaiver {
            review_id: parse_id("input.reviewId", &input.review_id)?,
            item_key: input.item_key,
            reason: input.reason,
            compensating_control: input.compensating_control,
            expires_at: input.expires_at,
        };
        svc(ctx)
            .request_waiver(actor(ctx), input)
            .await
            .map(Waiver)
            .gql_in(&[])
    }

    /// Approves a waiver (not your own).
    async fn approve_waiver(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i64,
    ) -> Result<Waiver> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .decide_waiver(actor(ctx), id, expected_version, true)
            .await
            .map(Waiver)
            .gql()
    }

    /// Rejects a waiver (not your own).
    async fn reject_waiver(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i64,
    ) -> Result<Waiver> {
        let id = parse_id("id", &id)?;
        svc(ctx)
            .decide_waiver(actor(ctx), id, expected_version, false)
            .await
            .map(Waiver)
            .gql()
    }

    /// Signs off a review in review for a role. `expectedVersion` is the review version seen.
    async fn sign_off(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        role: String,
        decision: SignOffDecision,
        comment: Option<String>,
        expected_version: i64,
    ) -> Result<SignOff> {
        let input = NewSignOff {
            review_id: parse_id("reviewId", &review_id)?,
            role,
            decision: decision.into(),
            comment,
            expected_version,
        };
        svc(ctx)
            .sign_off(actor(ctx), input)
            .await
            .map(SignOff)
            .gql()
    }

    /// Runs the automated checks of a service's current review now and records the results
    /// (manual answers are kept; contradicted manual passes are flagged).
    async fn verify_service(&self, ctx: &Context<'_>, slug: String) -> Result<VerificationReport> {
        svc(ctx)
            .verify_service(actor(ctx), &slug)
            .await
            .map(VerificationReport)
            .gql()
    }

    /// Submits a draft review for the launch review meeting.
    async fn submit_review(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        expected_version: i64,
    ) -> Result<Review> {
        let id = parse_id("reviewId", &review_id)?;
        svc(ctx)
            .submit_review(actor(ctx), id, expected_version)
            .await
            .map(Review)
            .gql()
    }

    /// Records the meeting's decision on a review in review, with its action items (all
    /// written in one transaction: on any error nothing is recorded). Approving a review
    /// whose launch gate is NO_GO needs `override: {reason}`; without it the approval is
    /// refused with `CONFLICT`, `extensions.reason: "GATE_NO_GO"` and
    /// `extensions.blockingReasons`. An override where the gate is not NO_GO (or on a
    /// rejection) is not needed and not recorded.
    #[allow(clippy::too_many_arguments)]
    async fn decide_review(
        &self,
        ctx: &Context<'_>,
        review_id: ID,
        decision: ReviewDecision,
        notes: Option<String>,
        expected_version: i64,
        action_items: Option<Vec<ActionItemInput>>,
        #[graphql(name = "override")] override_input: Option<OverrideInput>,
    ) -> Result<Review> {
        let id = parse_id("reviewId", &review_id)?;
        let items = action_items
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, a)| a.parse(&format!("actionItems[{i}]")))
            .collect::<Result<Vec<_>>>()?;
        let input = DecisionInput {
            decision: decision.into(),
            notes,
            expected_version,
            action_items: items,
            override_reason: override_input.map(|o| o.reason),
        };
        svc(ctx)
            .decide_review(actor(ctx), id, input)
            .await
            .map(Review)
            .gql()
    }
}
