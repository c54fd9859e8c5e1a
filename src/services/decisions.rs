//! Use cases that move a review through the meeting: submit it, decide it (with the
//! meeting's action items).

use super::action_items::insert_action_items;
use super::reviews::{state_of, tier_of, update_review};
use super::{Actor, Services, audit, check_version};
use crate::domain::action_item::NewActionItem;
use crate::domain::review::{ReviewDecision, SignOffDecision};
use crate::domain::scoring::{SignOffFact, role_sign_offs};
use crate::domain::validation::optional_prose;
use crate::error::{AppError, AppResult};
use crate::store::entities::{review, sign_off};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

impl Services {
    /// `draft → in_review`.
    pub async fn submit_review(
        &self,
        actor: &Actor,
        review_id: i64,
        expected_version: i64,
    ) -> AppResult<review::Model> {
        let expected = check_version(expected_version)?;
        let now = self.now();
        let txn = self.db.write().await?;
        let (before, _, _) = self.review_with_template(&txn, review_id).await?;
        let next = state_of(&before)?.submit()?;
        let am = review::ActiveModel {
            state: Set(next.as_str().into()),
            submitted_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = update_review(&txn, &before, expected, am).await?;
        audit(
            &txn,
            actor,
            "review.submit",
            ("review", review_id),
            now,
            Some(&before),
            Some(&after),
        )
        .await?;
        txn.commit().await?;
        self.refresh_history(&[after.service_id]).await;
        Ok(after)
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
    ) -> AppResult<review::Model> {
        let expected = check_version(expected_version)?;
        let notes = optional_prose("notes", notes.as_deref(), 10_000)?;
        let now = self.now();
        let txn = self.db.write().await?;
        let (before, service, template) = self.review_with_template(&txn, review_id).await?;
        let next = state_of(&before)?.decide(decision)?;
        if decision == ReviewDecision::Approved {
            let signed = sign_off::Entity::find()
                .filter(sign_off::Column::ReviewId.eq(review_id))
                .all(&txn)
                .await?;
            let facts = signed
                .into_iter()
                .map(|s| {
                    Ok(SignOffFact {
                        decision: SignOffDecision::parse("decision", &s.decision)
                            .map_err(|e| AppError::Internal(e.into()))?,
                        role: s.role,
                        signer: s.signer,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            let tier = tier_of(&service)?;
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
        let am = review::ActiveModel {
            state: Set(next.as_str().into()),
            decision: Set(Some(decision.as_str().into())),
            decision_notes: Set(notes),
            decided_by: Set(Some(actor.login().to_owned())),
            decided_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = update_review(&txn, &before, expected, am).await?;
        audit(
            &txn,
            actor,
            "review.decide",
            ("review", review_id),
            now,
            Some(&before),
            Some(&after),
        )
        .await?;
        insert_action_items(&txn, actor, review_id, action_items, now).await?;
        txn.commit().await?;
        self.refresh_history(&[after.service_id]).await;
        Ok(after)
    }
}
