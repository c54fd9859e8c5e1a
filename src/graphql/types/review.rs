//! `Review`: a readiness review, its checklist (from the review sheet) and its relations.

use super::review_item::ReviewItem;
use super::{ActionItem, ChecklistTemplate, GateDecision, Scorecard, Service, SignOff, Waiver};
use crate::domain::records;
use crate::graphql::enums::{Outcome, ReviewDecision, ReviewState};
use crate::graphql::error::GqlResult;
use crate::graphql::{loaders, svc};
use crate::services::reviews::sheet::ReviewSheet;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// One operational readiness review of a service, against a pinned template version.
pub struct Review(pub records::Review);

/// Narrows `Review.items`.
#[derive(InputObject, Default)]
pub struct ReviewItemFilter {
    /// Only this category.
    pub category: Option<String>,
    /// Only items whose recorded outcome is one of these.
    pub outcomes: Option<Vec<Outcome>>,
    /// Only blockers.
    pub blockers_only: Option<bool>,
}

/// A condition of the gate recorded with a decision.
#[derive(SimpleObject)]
pub struct DecisionCondition {
    /// Reason code as recorded, e.g. `ITEM_WAIVED` (a string: codes may be added later).
    pub code: String,
    /// The gate's sentence.
    pub message: String,
    /// The item concerned, if any.
    pub item_key: Option<String>,
}

/// How far answering has got.
#[derive(SimpleObject)]
pub struct ReviewProgress {
    /// Applicable items.
    pub total: i32,
    /// Items with an outcome other than unanswered.
    pub answered: i32,
}

#[Object]
impl Review {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn state(&self) -> ReviewState {
        self.0.state.into()
    }
    async fn service(&self, ctx: &Context<'_>) -> Result<Option<Service>> {
        Ok(loaders(ctx)
            .service
            .load_one(self.0.service_id)
            .await
            .gql()?
            .flatten()
            .map(Service))
    }
    /// The template version this review pinned when it started.
    async fn template(&self, ctx: &Context<'_>) -> Result<ChecklistTemplate> {
        let s = svc(ctx);
        Ok(ChecklistTemplate(
            s.template(self.0.template_id).await.gql()?,
        ))
    }
    async fn target_date(&self) -> Option<NaiveDate> {
        self.0.target_date
    }
    async fn decision(&self) -> Option<ReviewDecision> {
        self.0.decision.map(Into::into)
    }
    async fn decision_notes(&self) -> Option<&str> {
        self.0.decision_notes.as_deref()
    }
    async fn decided_by(&self) -> Option<&str> {
        self.0.decided_by.as_deref()
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// The launch gate when the decision was taken (null before a decision, and for
    /// decisions recorded before the gate was).
    async fn gate_at_decision(&self) -> Option<GateDecision> {
        self.0.gate_at_decision.map(Into::into)
    }
    /// Approved although the launch gate was NO_GO, with an override.
    async fn approved_over_no_go(&self) -> bool {
        self.0.approved_over_no_go
    }
    /// The override's reason, when approved over NO_GO (who: `decidedBy`).
    async fn override_reason(&self) -> Option<&str> {
        self.0.override_reason.as_deref()
    }
    /// For a decision at GO_WITH_CONDITIONS: the gate's conditions it was taken with.
    async fn decision_conditions(&self) -> Vec<DecisionCondition> {
        self.0
            .decision_conditions()
            .into_iter()
            .map(|c| DecisionCondition {
                code: c.code,
                message: c.message,
                item_key: c.item_key,
            })
            .collect()
    }
    /// Bumped by every change to the review, its answers or its waivers.
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Applicable items of the pinned template with their current answers, in template order.
    async fn items(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReviewItemFilter>,
    ) -> Result<Vec<ReviewItem>> {
        let sheet = self.sheet(ctx).await?;
        let f = filter.unwrap_or_default();
        Ok((0..sheet.items.len())
            .map(|index| ReviewItem {
                sheet: sheet.clone(),
                index,
            })
            .filter(|i| f.category.as_ref().is_none_or(|c| &i.parts().0.key == c))
            .filter(|i| {
                let outcome = Outcome::from(i.sheet_item().outcome());
                f.outcomes.as_ref().is_none_or(|o| o.contains(&outcome))
            })
            .filter(|i| {
                !f.blockers_only.unwrap_or(false)
                    || i.parts().1.severity == crate::domain::template::Severity::Blocker
            })
            .collect())
    }
    /// Answered versus applicable items.
    async fn progress(&self, ctx: &Context<'_>) -> Result<ReviewProgress> {
        let progress = self.sheet(ctx).await?.progress();
        Ok(ReviewProgress {
            total: progress.total as i32,
            answered: progress.answered as i32,
        })
    }
    /// Readiness score, maturity level and launch gate of this review.
    async fn scorecard(&self, ctx: &Context<'_>) -> Result<Option<Scorecard>> {
        Ok(loaders(ctx)
            .review_scorecard
            .load_one(self.0.id)
            .await
            .gql()?
            .flatten()
            .map(Scorecard))
    }
    /// Waivers requested in this review, newest first.
    async fn waivers(&self, ctx: &Context<'_>) -> Result<Vec<Waiver>> {
        let rows = loaders(ctx).waivers.load_one(self.0.id).await.gql()?;
        Ok(rows.unwrap_or_default().into_iter().map(Waiver).collect())
    }
    /// Sign-offs given so far.
    async fn sign_offs(&self, ctx: &Context<'_>) -> Result<Vec<SignOff>> {
        let rows = loaders(ctx).sign_offs.load_one(self.0.id).await.gql()?;
        Ok(rows.unwrap_or_default().into_iter().map(SignOff).collect())
    }
    /// Follow-ups recorded by this review, oldest first.
    async fn action_items(&self, ctx: &Context<'_>) -> Result<Vec<ActionItem>> {
        let rows = loaders(ctx).action_items.load_one(self.0.id).await.gql()?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(ActionItem)
            .collect())
    }
    /// Roles whose sign-off the service's tier requires.
    async fn required_sign_off_roles(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let s = svc(ctx);
        let template = s.template(self.0.template_id).await.gql()?;
        let service = loaders(ctx)
            .service
            .load_one(self.0.service_id)
            .await
            .gql()?
            .flatten()
            .ok_or("service is missing")?;
        Ok(template.template.signoffs.get(service.tier).clone())
    }
}

impl Review {
    /// The review's sheet, batched with the other reviews of the request.
    async fn sheet(&self, ctx: &Context<'_>) -> Result<Arc<ReviewSheet>> {
        Ok(loaders(ctx)
            .sheet
            .load_one(self.0.id)
            .await
            .gql()?
            .ok_or("review is missing")?)
    }
}
