//! Storing one check result: the latest result row (keeping the last conclusive evidence)
//! and, when no person has answered the item, the item's automated answer.

use crate::domain::not_applicable::pending_if_na;
use crate::domain::review::{Outcome, ResponseSource};
use crate::error::{AppError, AppResult};
use crate::services::write::Write;
use crate::store::entities::{item_response, verification_result as vr};
use crate::store::unique::insert_unless_taken;
use crate::store::versioned::Checked;
use crate::verify::{CheckOutcome, CheckResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

/// What recording one result did.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recorded {
    /// The result became the item's answer (no person had answered it).
    pub applied: bool,
    /// The result contradicts a manual pass.
    pub flagged: bool,
    /// The item's outcome or flag differs from what was recorded before.
    pub changed: bool,
}

/// Records `result` for item `key` of review `review_id`.
pub(super) async fn record(
    w: &Write<'_>,
    review_id: i64,
    key: &str,
    result: &CheckResult,
) -> AppResult<Recorded> {
    let (txn, now) = (w.txn(), w.now());
    let evidence = result.evidence.to_stored_json();
    let existing = item_response::Entity::find()
        .filter(item_response::Column::ReviewId.eq(review_id))
        .filter(item_response::Column::ItemKey.eq(key))
        .one(txn)
        .await?;
    let manual = existing
        .as_ref()
        .filter(|r| r.source == ResponseSource::Manual);
    let flagged =
        manual.is_some_and(|m| m.outcome == Outcome::Pass) && result.outcome == CheckOutcome::Fail;
    let conclusive = matches!(result.outcome, CheckOutcome::Pass | CheckOutcome::Fail);
    let previous = vr::Entity::find()
        .filter(vr::Column::ReviewId.eq(review_id))
        .filter(vr::Column::ItemKey.eq(key))
        .one(txn)
        .await?;
    let outcome = result.outcome.as_outcome();
    let mut changed = previous
        .as_ref()
        .is_none_or(|p| p.outcome != outcome || p.flagged != flagged);
    let mut row = vr::ActiveModel {
        outcome: Set(outcome),
        evidence: Set(evidence.clone()),
        commit_sha: Set(result.evidence.commit.clone()),
        checked_at: Set(now),
        flagged: Set(flagged),
        ..Default::default()
    };
    if conclusive {
        row.last_conclusive = Set(Some(evidence.clone()));
    }
    match previous {
        Some(p) => {
            row.id = Set(p.id);
            row.version = Set(p.version + 1);
            row.update(txn).await?;
        }
        None => {
            row.id = NotSet;
            row.review_id = Set(review_id);
            row.item_key = Set(key.to_owned());
            row.version = Set(1);
            if !conclusive {
                row.last_conclusive = Set(None);
            }
            let key_cols = [vr::Column::ReviewId, vr::Column::ItemKey];
            if insert_unless_taken(txn, row.clone(), key_cols)
                .await?
                .is_none()
            {
                // A concurrent run recorded this item first; this result is as new.
                let p = vr::Entity::find()
                    .filter(vr::Column::ReviewId.eq(review_id))
                    .filter(vr::Column::ItemKey.eq(key))
                    .one(txn)
                    .await?
                    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("result {key} vanished")))?;
                row.id = Set(p.id);
                row.version = Set(p.version + 1);
                row.update(txn).await?;
            }
        }
    }
    let mut applied = false;
    if manual.is_none() {
        // Applied only when no person answered, so `existing` is an automated answer or none.
        let mut am = item_response::ActiveModel {
            outcome: Set(outcome),
            source: Set(ResponseSource::Automated),
            evidence: Set(Some(result.evidence.summary.clone())),
            note: Set((outcome == Outcome::NotApplicable).then(|| result.evidence.summary.clone())),
            observed: Set(Some(evidence)),
            commit_sha: Set(result.evidence.commit.clone()),
            responded_by: Set(w.actor().login().to_owned()),
            responded_at: Set(now),
            carried_from: Set(None),
            ..Default::default()
        };
        // A changed outcome is a new claim (or none); the same one keeps its verdict.
        if existing.as_ref().is_none_or(|e| e.outcome != outcome) {
            am.na_acceptance = Set(pending_if_na(outcome));
            am.na_decided_by = Set(None);
            am.na_decided_at = Set(None);
            am.na_comment = Set(None);
        }
        // Both writes yield to a person who answered since `existing` was read.
        applied = match &existing {
            Some(e) => matches!(
                w.update_checked::<item_response::Entity>(e.id, e.version, am)
                    .await?,
                Checked::Done(_)
            ),
            None => {
                am.id = NotSet;
                am.review_id = Set(review_id);
                am.item_key = Set(key.to_owned());
                am.version = Set(1);
                am.created_at = Set(now);
                let key_cols = [
                    item_response::Column::ReviewId,
                    item_response::Column::ItemKey,
                ];
                insert_unless_taken(txn, am, key_cols).await?.is_some()
            }
        };
        changed |= applied && existing.as_ref().is_none_or(|e| e.outcome != outcome);
    }
    Ok(Recorded {
        applied,
        flagged,
        changed,
    })
}
