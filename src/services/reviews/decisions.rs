//! Use cases that move a review through the meeting: submit it, decide it (with the
//! meeting's action items).

use crate::domain::access::Act;
use crate::domain::action_item::NewActionItem;
use crate::domain::gate_authority::{GateRefusal, check_override_reason, judge_decision};
use crate::domain::records;
use crate::domain::review::ReviewDecision;
use crate::domain::scoring::{SignOffFact, role_sign_offs};
use crate::domain::validation::optional_prose;
use crate::error::{AppError, AppResult, Refusal, RefusalDetail};
use crate::services::reviews::action_items::insert_action_items;
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::{review, sign_off};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

/// The meeting's decision on a review.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    /// Approve or reject.
    pub decision: ReviewDecision,
    /// The meeting's notes.
    pub notes: Option<String>,
    /// The review version the meeting saw.
    pub expected_version: i64,
    /// Follow-ups, written with the decision.
    pub action_items: Vec<NewActionItem>,
    /// The reason for approving over a `NO_GO` gate (at least a sentence); ignored when the
    /// gate is not `NO_GO` or the review is rejected.
    pub override_reason: Option<String>,
}

/// The refusal of an approval over `NO_GO` without an override.
fn refused(r: GateRefusal) -> AppError {
    AppError::Refused(Box::new(Refusal {
        reason: GateRefusal::REASON,
        message: r.message(),
        details: r
            .blocking
            .into_iter()
            .map(|b| RefusalDetail {
                code: b.code,
                message: b.message,
                item_key: b.item_key,
            })
            .collect(),
    }))
}

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
    /// each approving, and respects the launch gate, computed at the decision from the same
    /// scorecard the pages show: a `NO_GO` review is approved only with an override and its
    /// reason (otherwise `CONFLICT` with reason `GATE_NO_GO` and the blocking reasons). The
    /// gate, the override and, for `GO_WITH_CONDITIONS`, the conditions are recorded on the
    /// review.
    pub async fn decide_review(
        &self,
        actor: &Actor,
        review_id: i64,
        input: DecisionInput,
    ) -> AppResult<records::Review> {
        let DecisionInput {
            decision,
            notes,
            expected_version,
            action_items,
            override_reason,
        } = input;
        let expected = check_version(expected_version)?;
        let notes = optional_prose("notes", notes.as_deref(), 10_000)?;
        let override_reason = override_reason
            .as_deref()
            .map(check_override_reason)
            .transpose()?;
        // Computed before the write opens (an in-memory SQLite has one connection); the
        // review's version, bumped by every answer, waiver and verdict, is checked below.
        let card = self
            .scorecards_for_review_ids(&[review_id])
            .await?
            .remove(&review_id);
        let mut w = self.write(actor).await?;
        let (before, service, template) = self.review_with_template(w.txn(), review_id).await?;
        self.authorize(w.txn(), actor, Act::DecideReview).await?;
        let next = before.state.decide(decision)?;
        if before.version != expected {
            return Err(AppError::stale("review", expected, before.version));
        }
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
        let card = card.ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("review {review_id} has no scorecard"))
        })?;
        let at = judge_decision(&card, decision, override_reason).map_err(refused)?;
        if at.approved_over_no_go {
            let team = self.team_slug(w.txn(), service.team_id).await?;
            let act = Act::Override {
                team_id: service.team_id,
                team: &team,
            };
            self.authorize(w.txn(), actor, act).await?;
        }
        let changes = review::ActiveModel {
            gate_at_decision: Set(Some(at.gate)),
            approved_over_no_go: Set(at.approved_over_no_go),
            override_reason: Set(at.override_reason),
            decision_conditions: Set((!at.conditions.is_empty())
                .then(|| serde_json::to_value(&at.conditions))
                .transpose()?),
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
