//! Use cases that move a review through the meeting: submit it, decide it (with the
//! meeting's action items).

use crate::domain::access::Act;
use crate::domain::action_item::NewActionItem;
use crate::domain::records;
use crate::domain::review::ReviewDecision;
use crate::domain::scoring::{SignOffFact, role_sign_offs};
use crate::domain::validation::optional_prose;
use crate::error::{AppError, AppResult};
use crate::services::reviews::action_items::insert_action_items;
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::{review, sign_off};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

impl Services {
    /// `draft → in_review`.
    pub async fn submit_review(
        &self,
        actor: &Actor,
        review_id: i64,
        expected_version: i64,
    ) -> AppResult<records::Review> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let (before, service, _) = self.review_with_template(w.txn(), review_id).await?;
        self.authorize_owner(
            w.txn(),
            actor,
            service.team_id,
            "submit its services' reviews",
        )
        .await?;
        let changes = review::ActiveModel {
            state: Set(before.state.submit()?),
            submitted_at: Set(Some(w.now())),
            updated_at: Set(w.now()),
            ..Default::default()
        };
        let after = w
            .update::<review::Entity>("review", review_id, expected, changes)
            .await?;
        w.done(
            Change::new("review.submit", ("review", review_id))
                .before(&before)
                .after(&after),
            Some(after.service_id),
        )
        .await?;
        Ok(after.into())
    }

    /// `in_review → approved | rejected`, with the meeting's action items written and audited
    /// in the same transaction. Approval needs every sign-off the service's tier requires,
    /// each approving.
    pub async fn decide_review(
        &self,
        actor: &Actor,
        review_id: i64,
        decision: ReviewDecision,
        notes: Option<String>,
        expected_version: i64,
        action_items: Vec<NewActionItem>,
    ) -> AppResult<records::Review> {
        let expected = check_version(expected_version)?;
        let notes = optional_prose("notes", notes.as_deref(), 10_000)?;
        let mut w = self.write(actor).await?;
        let (before, service, template) = self.review_with_template(w.txn(), review_id).await?;
        self.authorize(w.txn(), actor, Act::DecideReview).await?;
        let next = before.state.decide(decision)?;
        if decision == ReviewDecision::Approved {
            let signed = sign_off::Entity::find()
                .filter(sign_off::Column::ReviewId.eq(review_id))
                .all(w.txn())
                .await?;
            let facts: Vec<SignOffFact> = signed
                .into_iter()
                .map(|s| SignOffFact {
                    decision: s.decision,
                    role: s.role,
                    signer: s.signer,
                })
                .collect();
            let tier = service.tier;
            let missing: Vec<String> = role_sign_offs(template.template.signoffs.get(tier), &facts)
                .into_iter()
                .filter(|r| r.is_missing())
                .map(|r| match r.rejected_by.first() {
                    Some(by) => format!("{} (rejected by {by})", r.role),
                    None => r.role,
                })
                .collect();
            if !missing.is_empty() {
                return Err(AppError::conflict(format!(
                    "cannot approve: a {tier} service needs approving sign-offs from: {}",
                    missing.join(", ")
                )));
            }
        }
        let changes = review::ActiveModel {
            state: Set(next),
            decision: Set(Some(decision)),
            decision_notes: Set(notes),
            decided_by: Set(Some(actor.login().to_owned())),
            decided_at: Set(Some(w.now())),
            updated_at: Set(w.now()),
            ..Default::default()
        };
        let after = w
            .update::<review::Entity>("review", review_id, expected, changes)
            .await?;
        w.audit(
            Change::new("review.decide", ("review", review_id))
                .before(&before)
                .after(&after),
        )
        .await?;
        insert_action_items(&w, review_id, action_items).await?;
        w.rescore(after.service_id);
        w.commit().await?;
        Ok(after.into())
    }
}
