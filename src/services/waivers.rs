//! Use cases for waivers and sign-offs.

use super::reviews::{state_of, tier_of, touch_review};
use super::{Actor, Services, audit, check_version, stale_or_missing};
use crate::domain::ids::{Login, RoleName};
use crate::domain::review::{
    ApprovalRefused, SignOffDecision, WaiverRequest, WaiverState, check_waiver_decision,
    waiver_in_force,
};
use crate::domain::validation::optional_prose;
use crate::error::{AppError, AppResult};
use crate::store::entities::{sign_off, waiver};
use crate::store::unique::insert_unless_taken;
use crate::store::versioned::update_if_version;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

/// A request to waive one item until a date.
#[derive(Debug, Clone)]
pub struct NewWaiver {
    /// Review the item belongs to.
    pub review_id: i64,
    /// Item key.
    pub item_key: String,
    /// Why it cannot be met now.
    pub reason: String,
    /// What limits the risk meanwhile.
    pub compensating_control: String,
    /// When the waiver stops counting.
    pub expires_at: DateTime<Utc>,
}

/// A sign-off by the actor for one role.
#[derive(Debug, Clone)]
pub struct NewSignOff {
    /// Review being signed.
    pub review_id: i64,
    /// Role signed for.
    pub role: String,
    /// Approve or reject.
    pub decision: SignOffDecision,
    /// Comment.
    pub comment: Option<String>,
    /// Review version the signer saw.
    pub expected_version: i64,
}

impl Services {
    /// Requests a waiver; it counts only once someone other than the requester approves it.
    pub async fn request_waiver(
        &self,
        actor: &Actor,
        input: NewWaiver,
    ) -> AppResult<waiver::Model> {
        let now = self.now();
        let request = WaiverRequest::parse(
            &input.reason,
            &input.compensating_control,
            input.expires_at,
            now,
        )
        .map_err(|e| {
            let field = format!("input.{}", e.field);
            e.at(field)
        })?;
        let txn = self.db.write().await?;
        let (review, _, _, key) = self
            .review_for_change(&txn, input.review_id, &input.item_key, "input.itemKey")
            .await?;
        // Bumping the review first also locks it (PostgreSQL; SQLite writers are serial
        // already): a concurrent request for the same item waits here, then sees this one.
        touch_review(&txn, review.id, now).await?;
        let existing = waiver::Entity::find()
            .filter(waiver::Column::ReviewId.eq(review.id))
            .filter(waiver::Column::ItemKey.eq(key.as_str()))
            .all(&txn)
            .await?;
        let blocking = existing.iter().find(|w| {
            w.state == WaiverState::Requested.as_str()
                || (w.state == WaiverState::Approved.as_str()
                    && waiver_in_force(WaiverState::Approved, w.expires_at, now))
        });
        if let Some(w) = blocking {
            return Err(AppError::conflict(format!(
                "item `{key}` already has a {} waiver (id {}) until {}",
                w.state,
                w.id,
                w.expires_at.format("%Y-%m-%d")
            )));
        }
        let created = waiver::ActiveModel {
            id: NotSet,
            review_id: Set(review.id),
            item_key: Set(key.to_string()),
            reason: Set(request.reason),
            compensating_control: Set(request.compensating_control),
            requested_by: Set(actor.login().to_owned()),
            approved_by: Set(None),
            state: Set(WaiverState::Requested.as_str().into()),
            expires_at: Set(request.expires_at),
            decided_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        audit(
            &txn,
            actor,
            "waiver.request",
            ("waiver", created.id),
            now,
            None::<&()>,
            Some(&created),
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Approves (or rejects) a requested waiver. The requester cannot decide their own.
    pub async fn decide_waiver(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        approve: bool,
    ) -> AppResult<waiver::Model> {
        let expected = check_version(expected_version)?;
        let now = self.now();
        let txn = self.db.write().await?;
        let before = waiver::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::not_found("waiver", id.to_string()))?;
        let (review, _, _) = self.review_with_template(&txn, before.review_id).await?;
        state_of(&review)?.check_answerable()?;
        let state =
            WaiverState::parse("state", &before.state).map_err(|e| AppError::Internal(e.into()))?;
        let requester = Login::from_trusted(before.requested_by.clone());
        match check_waiver_decision(state, &requester, &actor.0, before.expires_at, now) {
            Ok(()) => {}
            Err(ApprovalRefused::SelfApproval) => {
                return Err(AppError::Forbidden(format!(
                    "{} requested this waiver and cannot decide it; another person must",
                    actor.login()
                )));
            }
            Err(ApprovalRefused::NotPending(why)) => return Err(AppError::conflict(why)),
        }
        let next = if approve {
            WaiverState::Approved
        } else {
            WaiverState::Rejected
        };
        let am = waiver::ActiveModel {
            state: Set(next.as_str().into()),
            approved_by: Set(Some(actor.login().to_owned())),
            decided_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let ok = update_if_version::<waiver::Entity, _>(
            &txn,
            am,
            waiver::Column::Id,
            id,
            waiver::Column::Version,
            expected,
        )
        .await?;
        let current = waiver::Entity::find_by_id(id).one(&txn).await?;
        let after = match current {
            Some(a) if ok => a,
            other => {
                return Err(stale_or_missing(
                    "waiver",
                    id.to_string(),
                    expected,
                    other.map(|w| w.version),
                ));
            }
        };
        touch_review(&txn, review.id, now).await?;
        let action = if approve {
            "waiver.approve"
        } else {
            "waiver.reject"
        };
        audit(
            &txn,
            actor,
            action,
            ("waiver", id),
            now,
            Some(&before),
            Some(&after),
        )
        .await?;
        txn.commit().await?;
        self.refresh_history(&[review.service_id]).await;
        Ok(after)
    }

    /// Signs off a review in review for one of the roles its service's tier requires.
    pub async fn sign_off(&self, actor: &Actor, input: NewSignOff) -> AppResult<sign_off::Model> {
        let role = RoleName::parse("role", &input.role)?;
        let expected = check_version(input.expected_version)?;
        let comment = optional_prose("comment", input.comment.as_deref(), 4000)?;
        if input.decision == SignOffDecision::Reject && comment.is_none() {
            return Err(AppError::invalid("comment", "say why when rejecting"));
        }
        let now = self.now();
        let txn = self.db.write().await?;
        let (review, service, template) = self.review_with_template(&txn, input.review_id).await?;
        state_of(&review)?.check_signable()?;
        let tier = tier_of(&service)?;
        let required = template.template.signoffs.get(tier);
        if !required.iter().any(|r| r == role.as_str()) {
            let list = if required.is_empty() {
                "none".to_owned()
            } else {
                required.join(", ")
            };
            return Err(AppError::invalid(
                "role",
                format!("`{role}` is not a sign-off role for {tier} services (required: {list})"),
            ));
        }
        if review.version != expected {
            return Err(AppError::stale("review", expected, review.version));
        }
        let row = sign_off::ActiveModel {
            id: NotSet,
            review_id: Set(review.id),
            role: Set(role.to_string()),
            signer: Set(actor.login().to_owned()),
            decision: Set(input.decision.as_str().into()),
            comment: Set(comment),
            review_version: Set(review.version),
            created_at: Set(now),
        };
        // A role signs once; a concurrent signer of the same role waits here and loses.
        let key = [sign_off::Column::ReviewId, sign_off::Column::Role];
        let Some(created) = insert_unless_taken(&txn, row, key).await? else {
            let winner = sign_off::Entity::find()
                .filter(sign_off::Column::ReviewId.eq(review.id))
                .filter(sign_off::Column::Role.eq(role.as_str()))
                .one(&txn)
                .await?;
            let by = winner.map_or_else(
                || "someone else".to_owned(),
                |s| format!("{} ({})", s.signer, s.decision),
            );
            return Err(AppError::conflict(format!(
                "role `{role}` was already signed by {by}"
            )));
        };
        audit(
            &txn,
            actor,
            "review.sign_off",
            ("sign_off", created.id),
            now,
            None::<&()>,
            Some(&created),
        )
        .await?;
        txn.commit().await?;
        self.refresh_history(&[review.service_id]).await;
        Ok(created)
    }
}
