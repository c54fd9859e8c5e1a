//! Carrying answers into a new review: when a service starts its next review, the answers
//! people gave in its previous one are copied in, marked `carried_from` ("carried over —
//! reconfirm") until someone answers the item again.
//!
//! What is carried: every manual answer (outcome, evidence, note, who and when, and an N/A
//! claim's verdict) to an item the new review's template still has. `responded_at` is kept,
//! so evidence freshness runs from when the answer was given, not from the copy. Automated
//! results are not carried: the checks run again on the new review.

use crate::domain::review::ResponseSource;
use crate::error::AppResult;
use crate::services::templates::StoredTemplate;
use crate::services::write::{Change, Write};
use crate::store::entities::{item_response, review};
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use std::collections::BTreeSet;

/// What the audit log records of a carry-over.
#[derive(Serialize)]
struct Carried<'a> {
    from_review: i64,
    items: Vec<&'a str>,
}

/// Copies the manual answers of the service's latest review before `into` (of the same
/// service, opened in `w`) into `into`; returns how many were carried. Audited as one
/// `review.carry_over` entry in the same transaction.
pub(crate) async fn carry_answers(
    w: &Write<'_>,
    service_id: i64,
    into: i64,
    template: &StoredTemplate,
) -> AppResult<usize> {
    let previous = review::Entity::find()
        .filter(review::Column::ServiceId.eq(service_id))
        .filter(review::Column::Id.lt(into))
        .order_by_desc(review::Column::Id)
        .one(w.txn())
        .await?;
    let Some(previous) = previous else {
        return Ok(0);
    };
    let keys: BTreeSet<&str> = template
        .template
        .items()
        .map(|(_, i)| i.key.as_str())
        .collect();
    let answers: Vec<item_response::Model> = item_response::Entity::find()
        .filter(item_response::Column::ReviewId.eq(previous.id))
        .filter(item_response::Column::Source.eq(ResponseSource::Manual))
        .order_by_asc(item_response::Column::ItemKey)
        .all(w.txn())
        .await?
        .into_iter()
        .filter(|a| keys.contains(a.item_key.as_str()))
        .collect();
    if answers.is_empty() {
        return Ok(0);
    }
    let now = w.now();
    let rows = answers.iter().map(|a| item_response::ActiveModel {
        id: NotSet,
        review_id: Set(into),
        item_key: Set(a.item_key.clone()),
        outcome: Set(a.outcome),
        source: Set(ResponseSource::Manual),
        evidence: Set(a.evidence.clone()),
        note: Set(a.note.clone()),
        observed: Set(a.observed.clone()),
        commit_sha: Set(a.commit_sha.clone()),
        responded_by: Set(a.responded_by.clone()),
        responded_at: Set(a.responded_at),
        na_acceptance: Set(a.na_acceptance),
        na_decided_by: Set(a.na_decided_by.clone()),
        na_decided_at: Set(a.na_decided_at),
        na_comment: Set(a.na_comment.clone()),
        carried_from: Set(Some(previous.id)),
        version: Set(1),
        created_at: Set(now),
    });
    item_response::Entity::insert_many(rows)
        .exec(w.txn())
        .await?;
    let carried = Carried {
        from_review: previous.id,
        items: answers.iter().map(|a| a.item_key.as_str()).collect(),
    };
    w.audit(Change::new("review.carry_over", ("review", into)).after(&carried))
        .await?;
    Ok(answers.len())
}
