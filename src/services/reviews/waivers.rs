//! Use cases for waivers and sign-offs.

use crate::domain::access::{Act, check_one_role_per_signer};
use crate::domain::ids::{Login, RoleName};
use crate::domain::records;
use crate::domain::review::{
    ApprovalRefused, SignOffDecision, WaiverRequest, WaiverState, check_waiver_decision,
    waiver_in_force,
};
use crate::domain::validation::optional_prose;
use crate::error::{AppError, AppResult};
use crate::services::reviews::touch_review;
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::{sign_off, waiver};
use crate::store::unique::insert_unless_taken;
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
    ) -> AppResult<records::Waiver> {
        let request = WaiverRequest::parse(
            &input.reason,
            &input.compensating_control,
            input.expires_at,
            self.now(),
        )?;
        let w = self.write(actor).await?;
        let (review, service, _, key) = self
            .review_for_change(w.txn(), input.review_id, &input.item_key, "item_key")
            .await?;
        self.authorize_owner(
            w.txn(),
            actor,
            service.team_id,
            "request waivers for its services",
        )
        .await?;
        // Bumping the review first also locks it (PostgreSQL; SQLite writers are serial
        // already): a concurrent request for the same item waits here, then sees this one.
        touch_review(w.txn(), review.id, w.now()).await?;
        let existing = waiver::Entity::find()
            .filter(waiver::Column::ReviewId.eq(review.id))
            .filter(waiver::Column::ItemKey.eq(key.as_str()))
            .all(w.txn())
            .await?;
        let now = w.now();
        let blocking = existing.iter().find(|x| {
            x.state == WaiverState::Requested || waiver_in_force(x.state, x.expires_at, now)
        });
        if let Some(x) = blocking {
            return Err(AppError::conflict(format!(
                "item `{key}` already has a {} waiver (id {}) until {}",
                x.state,
                x.id,
                x.expires_at.format("%Y-%m-%d")
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
            state: Set(WaiverState::Requested),
            expires_at: Set(request.expires_at),
            decided_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(w.txn())
        .await?;
        w.done(
            Change::new("waiver.request", ("waiver", created.id)).after(&created),
            Some(review.service_id),
        )
        .await?;
        Ok(created.into())
    }

    /// Approves (or rejects) a requested waiver. The requester cannot decide their own.
    pub async fn decide_waiver(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        approve: bool,
    ) -> AppResult<records::Waiver> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let before = waiver::Entity::find_by_id(id)
            .one(w.txn())
            .await?
            .ok_or_else(|| AppError::not_found("waiver", id.to_string()))?;
        let (review, _, _) = self.review_with_template(w.txn(), before.review_id).await?;
        review.state.check_answerable()?;
        let act = Act::DecideWaiver {
            requester: &before.requested_by,
        };
        self.authorize(w.txn(), actor, act).await?;
        let requester = Login::from_trusted(before.requested_by.clone());
        match check_waiver_decision(
            before.state,
            &requester,
            actor.login_id(),
            before.expires_at,
            w.now(),
        ) {
            Ok(()) => {}
            Err(ApprovalRefused::SelfApproval) => {
                return Err(AppError::Forbidden(format!(
                    "{} requested this waiver and cannot decide it; another person must",
                    actor.login()
                )));
            }
            Err(ApprovalRefused::NotPending(why)) => return Err(AppError::conflict(why)),
        }
        let (next, action) = if approve {
            (WaiverState::Approved, "waiver.approve")
        } else {
            (WaiverState::Rejected, "waiver.reject")
        };
        let changes = waiver::ActiveModel {
            state: Set(next),
            approved_by: Set(Some(actor.login().to_owned())),
            decided_at: Set(Some(w.now())),
            updated_at: Set(w.now()),
            ..Default::default()
        };
        let after = w
            .update::<waiver::Entity>("waiver", id, expected, changes)
            .await?;
        touch_review(w.txn(), review.id, w.now()).await?;
        w.done(
            Change::new(action, ("waiver", id))
                .before(&before)
                .after(&after),
            Some(review.service_id),
        )
        .await?;
        Ok(after.into())
    }

    /// Signs off a review in review for one of the roles its service's tier requires.
    pub async fn sign_off(&self, actor: &Actor, input: NewSignOff) -> AppResult<records::SignOff> {
        let role = RoleName::parse("role", &input.role)?;
        let expected = check_version(input.expected_version)?;
        let comment = optional_prose("comment", input.comment.as_deref(), 4000)?;
        if input.decision == SignOffDecision::Reject && comment.is_none() {
            return Err(AppError::invalid("comment", "say why when rejecting"));
        }
        let w = self.write(actor).await?;
        let (review, service, template) =
            self.review_with_template(w.txn(), input.review_id).await?;
        review.state.check_signable()?;
        let act = Act::Sign {
            role: role.as_str(),
            team_id: service.team_id,
        };
        self.authorize(w.txn(), actor, act).await?;
        // One person, one role: unless the role is taken anyway (answered as a conflict below).
        let signed = sign_off::Entity::find()
            .filter(sign_off::Column::ReviewId.eq(review.id))
            .all(w.txn())
            .await?;
        if !signed.iter().any(|s| s.role == role.as_str()) {
            let mine: Vec<String> = signed
                .into_iter()
                .filter(|s| s.signer == actor.login())
                .map(|s| s.role)
                .collect();
            check_one_role_per_signer(role.as_str(), &mine)
                .map_err(|r| AppError::Forbidden(r.0))?;
        }
        let tier = service.tier;
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
            decision: Set(input.decision),
            comment: Set(comment),
            review_version: Set(review.version),
            created_at: Set(w.now()),
        };
        // A role signs once; a concurrent signer of the same role waits here and loses.
        let key = [sign_off::Column::ReviewId, sign_off::Column::Role];
        let Some(created) = insert_unless_taken(w.txn(), row, key).await? else {
            let winner = sign_off::Entity::find()
                .filter(sign_off::Column::ReviewId.eq(review.id))
                .filter(sign_off::Column::Role.eq(role.as_str()))
                .one(w.txn())
                .await?;
            let by = winner.map_or_else(
                || "someone else".to_owned(),
                |s| format!("{} ({})", s.signer, s.decision),
            );
            return Err(AppError::conflict(format!(
                "role `{role}` was already signed by {by}"
            )));
        };
        w.done(
            Change::new("review.sign_off", ("sign_off", created.id)).after(&created),
            Some(review.service_id),
        )
        .await?;
        Ok(created.into())
    }
}
