//! `Review`, its items, responses, waivers and sign-offs.

use super::{ActionItem, ChecklistTemplate, Scorecard, Service, VerificationResult};
use crate::domain::review::waiver_in_force;
use crate::domain::template::{Category, Item};
use crate::graphql::enums::{
    Outcome, ResponseSource, ReviewDecision, ReviewState, Severity, SignOffDecision, WaiverState,
};
use crate::graphql::error::GqlResult;
use crate::graphql::{loaders, svc};
use crate::services::templates::StoredTemplate;
use crate::store::entities::{item_response, review, sign_off, waiver};
use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// One operational readiness review of a service, against a pinned template version.
pub struct Review(pub review::Model);

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
        let items = self.all_items(ctx).await?;
        let f = filter.unwrap_or_default();
        Ok(items
            .into_iter()
            .filter(|i| f.category.as_ref().is_none_or(|c| &i.category().key == c))
            .filter(|i| f.outcomes.as_ref().is_none_or(|o| o.contains(&i.outcome)))
            .filter(|i| {
                !f.blockers_only.unwrap_or(false)
                    || i.item().severity == crate::domain::template::Severity::Blocker
            })
            .collect())
    }
    /// Answered versus applicable items.
    async fn progress(&self, ctx: &Context<'_>) -> Result<ReviewProgress> {
        let items = self.all_items(ctx).await?;
        let answered = items
            .iter()
            .filter(|i| i.outcome != Outcome::Unanswered)
            .count();
        Ok(ReviewProgress {
            total: items.len() as i32,
            answered: answered as i32,
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
        Ok(template
            .template
            .signoffs
            .get(service.tier)
            .clone())
    }
}

impl Review {
    async fn all_items(&self, ctx: &Context<'_>) -> Result<Vec<ReviewItem>> {
        let s = svc(ctx);
        let l = loaders(ctx);
        let template = s.template(self.0.template_id).await.gql()?;
        // One wave of loads, so a list of reviews costs one batch per relation.
        let (service, responses, waivers) = tokio::join!(
            l.service.load_one(self.0.service_id),
            l.responses.load_one(self.0.id),
            l.waivers.load_one(self.0.id)
        );
        let service = service.gql()?.flatten().ok_or("service is missing")?;
        let tier = service.tier;
        let responses = responses.gql()?.unwrap_or_default();
        let waivers = waivers.gql()?.unwrap_or_default();
        let now = s.now();
        let mut out = Vec::new();
        let positions = template
            .template
            .categories
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| (0..c.items.len()).map(move |ii| (ci, ii)));
        for (ci, ii) in positions {
            let item = &template.template.categories[ci].items[ii];
            if !item.applies_to(tier) {
                continue;
            }
            let response = responses.iter().find(|r| r.item_key == item.key).cloned();
            let outcome = match &response {
                Some(r) => r.outcome.into(),
                None => Outcome::Unanswered,
            };
            let waiver = waivers
                .iter()
                .find(|w| {
                    w.item_key == item.key && waiver_in_force(w.state, w.expires_at, now)
                })
                .cloned();
            out.push(ReviewItem {
                template: template.clone(),
                position: (ci, ii),
                review_id: self.0.id,
                outcome,
                response,
                waiver,
            });
        }
        Ok(out)
    }
}

/// One item of a review: the template's item plus its current answer. Holds the shared
/// template and the item's position rather than copies, so listing items stays cheap.
pub struct ReviewItem {
    template: Arc<StoredTemplate>,
    position: (usize, usize),
    review_id: i64,
    outcome: Outcome,
    response: Option<item_response::Model>,
    waiver: Option<waiver::Model>,
}

impl ReviewItem {
    fn category(&self) -> &Category {
        &self.template.template.categories[self.position.0]
    }

    fn item(&self) -> &Item {
        &self.category().items[self.position.1]
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
        &self.category().key
    }
    async fn category_title(&self) -> &str {
        &self.category().title
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
        self.outcome
    }
    /// An approved, unexpired waiver covers the item.
    async fn waived(&self) -> bool {
        self.waiver.is_some()
    }
    /// The waiver in force, if any.
    async fn waiver(&self) -> Option<Waiver> {
        self.waiver.clone().map(Waiver)
    }
    /// The latest automated check result, if the item was verified.
    async fn verification(&self, ctx: &Context<'_>) -> Result<Option<VerificationResult>> {
        let rows = loaders(ctx)
            .verifications
            .load_one(self.review_id)
            .await
            .gql()?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .find(|r| r.item_key == self.item().key)
            .map(VerificationResult))
    }
    /// The stored answer, if any.
    async fn response(&self) -> Option<ItemResponse> {
        self.response.clone().map(ItemResponse)
    }
    /// Version to pass as `expectedVersion` when answering (0 while unanswered).
    async fn version(&self) -> i64 {
        self.response.as_ref().map_or(0, |r| r.version)
    }
}

/// A stored answer to one item.
pub struct ItemResponse(pub item_response::Model);

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
    async fn version(&self) -> i64 {
        self.0.version
    }
}

/// A time-limited exception for one item.
#[derive(Clone)]
pub struct Waiver(pub waiver::Model);

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
pub struct SignOff(pub sign_off::Model);

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
