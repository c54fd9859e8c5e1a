//! Answering review items by hand. Concurrent answers to the same item: exactly one wins,
//! every other gets `CONFLICT` with the item's current version and who changed it — also
//! when all of them answer an unanswered item at once.

use crate::domain::ids::ItemKey;
use crate::domain::not_applicable::pending_if_na;
use crate::domain::records;
use crate::domain::review::{Outcome, ResponseSource, check_manual_answer};
use crate::domain::validation::optional_prose;
use crate::error::{AppError, AppResult};
use crate::services::reviews::touch_review;
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::item_response;
use crate::store::unique::insert_unless_taken;
use crate::store::versioned::Checked;
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

/// A manual answer to one item.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Review being answered.
    pub review_id: i64,
    /// Item key.
    pub item_key: String,
    /// Pass, fail, not applicable, or unanswered (to withdraw an answer).
    pub outcome: Outcome,
    /// Link or text showing the item holds.
    pub evidence: Option<String>,
    /// Free-text note; the reason when not applicable.
    pub note: Option<String>,
    /// Version of the item's response the user saw; 0 when it was unanswered.
    pub expected_version: i64,
}

impl Services {
    /// Records a manual answer. Concurrent edits of the same item: the stale one gets
    /// `CONFLICT` naming who changed it; edits of different items never conflict.
    pub async fn respond_to_item(
        &self,
        actor: &Actor,
        answer: Answer,
    ) -> AppResult<records::ItemResponse> {
        let expected = check_version(answer.expected_version)?;
        let evidence = optional_prose("evidence", answer.evidence.as_deref(), 4000)?;
        let note = optional_prose("note", answer.note.as_deref(), 4000)?;
        check_manual_answer(answer.outcome, note.as_deref())?;
        let w = self.write(actor).await?;
        let now = w.now();
        let (review, service, _, key) = self
            .review_for_change(w.txn(), answer.review_id, &answer.item_key, "item_key")
            .await?;
        self.authorize_owner(
            w.txn(),
            actor,
            service.team_id,
            "answer its services' checklists",
        )
        .await?;
        let existing = item_response::Entity::find()
            .filter(item_response::Column::ReviewId.eq(review.id))
            .filter(item_response::Column::ItemKey.eq(key.as_str()))
            .one(w.txn())
            .await?;
        let fields = |am: &mut item_response::ActiveModel| {
            am.outcome = Set(answer.outcome);
            am.source = Set(ResponseSource::Manual);
            am.evidence = Set(evidence.clone());
            am.note = Set(note.clone());
            am.observed = Set(None);
            am.commit_sha = Set(None);
            am.responded_by = Set(actor.login().to_owned());
            am.responded_at = Set(now);
            // A new answer is a new claim: any earlier verdict no longer holds.
            am.na_acceptance = Set(pending_if_na(answer.outcome));
            am.na_decided_by = Set(None);
            am.na_decided_at = Set(None);
            am.na_comment = Set(None);
            am.carried_from = Set(None);
        };
        let (before, after) = match existing {
            None if expected != 0 => {
                return Err(AppError::stale(&format!("item `{key}`"), expected, 0));
            }
            None => {
                let mut am = item_response::ActiveModel {
                    id: NotSet,
                    review_id: Set(review.id),
                    item_key: Set(key.to_string()),
                    version: Set(1),
                    created_at: Set(now),
                    ..Default::default()
                };
                fields(&mut am);
                let key_cols = [
                    item_response::Column::ReviewId,
                    item_response::Column::ItemKey,
                ];
                match insert_unless_taken(w.txn(), am, key_cols).await? {
                    Some(created) => (None, created),
                    // Someone answered first, maybe while this insert waited for them.
                    None => {
                        let winner = item_response::Entity::find()
                            .filter(item_response::Column::ReviewId.eq(review.id))
                            .filter(item_response::Column::ItemKey.eq(key.as_str()))
                            .one(w.txn())
                            .await?
                            .ok_or_else(|| {
                                AppError::Internal(anyhow::anyhow!(
                                    "item response {}/{key} neither inserted nor found",
                                    review.id
                                ))
                            })?;
                        return Err(changed_by(&key, &winner, expected));
                    }
                }
            }
            Some(before) => {
                let mut am = item_response::ActiveModel {
                    ..Default::default()
                };
                fields(&mut am);
                match w
                    .update_checked::<item_response::Entity>(before.id, expected, am)
                    .await?
                {
                    Checked::Done(after) => (Some(before), after),
                    Checked::Stale(current) => return Err(changed_by(&key, &current, expected)),
                    Checked::Missing => {
                        return Err(AppError::not_found("item response", key.to_string()));
                    }
                }
            }
        };
        touch_review(w.txn(), review.id, now).await?;
        let mut change = Change::new(
            "item.respond",
            ("item_response", format!("{}/{key}", review.id)),
        );
        if let Some(before) = &before {
            change = change.before(before);
        }
        w.done(change.after(&after), Some(review.service_id))
            .await?;
        Ok(after.into())
    }
}

/// The conflict a stale answer gets: who changed the item, when, to what, and its version.
fn changed_by(key: &ItemKey, current: &item_response::Model, expected: i64) -> AppError {
    AppError::Conflict {
        message: format!(
            "item `{key}` was changed by {} at {} (now {}, version {}); you edited version {expected}",
            current.responded_by,
            current.responded_at.format("%Y-%m-%d %H:%M UTC"),
            current.outcome,
            current.version
        ),
        current_version: Some(current.version),
    }
}
