//! A second pair of eyes on "not applicable": accepting or rejecting the claim someone made
//! on a blocker (or an item the template marks). The rules are the domain's
//! ([`crate::domain::not_applicable`]); this runs them in the write envelope.

use crate::domain::access::Act;
use crate::domain::not_applicable::{
    Claim, NaAcceptance, OWN_CLAIM, VerdictRefused, check_verdict,
};
use crate::domain::records;
use crate::error::{AppError, AppResult};
use crate::services::reviews::touch_review;
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::item_response;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

/// A verdict on a `not_applicable` answer.
#[derive(Debug, Clone)]
pub struct NaVerdict {
    /// The review.
    pub review_id: i64,
    /// The item answered not applicable.
    pub item_key: String,
    /// Accept (the item leaves the score) or reject (it is open again).
    pub accept: bool,
    /// Why; required to reject.
    pub comment: Option<String>,
    /// The item's version the reviewer saw.
    pub expected_version: i64,
}

impl Services {
    /// Accepts or rejects a `not_applicable` answer. Refused with `FORBIDDEN` for the person
    /// who answered, `CONFLICT` when the answer is not a pending claim (or changed since
    /// `expected_version`), `VALIDATION` on the comment. Audited as `item.na_accept` or
    /// `item.na_reject`.
    pub async fn decide_not_applicable(
        &self,
        actor: &Actor,
        verdict: NaVerdict,
    ) -> AppResult<records::ItemResponse> {
        let expected = check_version(verdict.expected_version)?;
        let w = self.write(actor).await?;
        let now = w.now();
        let (review, _, template, key) = self
            .review_for_change(w.txn(), verdict.review_id, &verdict.item_key, "item_key")
            .await?;
        let (_, item) = template
            .template
            .item(key.as_str())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("checked item `{key}` vanished")))?;
        let before = item_response::Entity::find()
            .filter(item_response::Column::ReviewId.eq(review.id))
            .filter(item_response::Column::ItemKey.eq(key.as_str()))
            .one(w.txn())
            .await?
            .ok_or_else(|| {
                AppError::conflict(format!(
                    "item `{key}` is unanswered: there is no not applicable answer to accept \
                     or reject"
                ))
            })?;
        if before.version != expected {
            return Err(AppError::stale(
                &format!("item `{key}`"),
                expected,
                before.version,
            ));
        }
        let claim = Claim {
            item,
            outcome: before.outcome,
            answerer: &before.responded_by,
            state: before.na_acceptance,
            decided_by: before.na_decided_by.as_deref(),
        };
        let comment = check_verdict(
            claim,
            actor.login(),
            verdict.accept,
            verdict.comment.as_deref(),
        )
        .map_err(|e| match e {
            VerdictRefused::Invalid(f) => AppError::Validation(f),
            VerdictRefused::OwnClaim => AppError::Forbidden(OWN_CLAIM.to_owned()),
            VerdictRefused::NotPending(m) => AppError::conflict(m),
        })?;
        let act = Act::AcceptNotApplicable {
            answerer: &before.responded_by,
        };
        self.authorize(w.txn(), actor, act).await?;
        let state = if verdict.accept {
            NaAcceptance::Accepted
        } else {
            NaAcceptance::Rejected
        };
        let changes = item_response::ActiveModel {
            na_acceptance: Set(Some(state)),
            na_decided_by: Set(Some(actor.login().to_owned())),
            na_decided_at: Set(Some(now)),
            na_comment: Set(comment),
            carried_from: Set(None),
            ..Default::default()
        };
        let after = w
            .update::<item_response::Entity>("item response", before.id, expected, changes)
            .await?;
        touch_review(w.txn(), review.id, now).await?;
        let action = if verdict.accept {
            "item.na_accept"
        } else {
            "item.na_reject"
        };
        let change = Change::new(action, ("item_response", format!("{}/{key}", review.id)))
            .before(&before)
            .after(&after);
        w.done(change, Some(review.service_id)).await?;
        Ok(after.into())
    }
}
