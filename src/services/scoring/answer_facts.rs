//! Answers as the scoring engine reads them, loaded without the columns it never reads
//! (evidence, observed values, comments): for judging many reviews at once, as the
//! portfolio report does.

use crate::domain::not_applicable::NaAcceptance;
use crate::domain::review::{Outcome, ResponseSource};
use crate::domain::scoring::{AnswerFact, NaReviewFact};
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::item_response;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// The columns of an answer scoring reads.
#[derive(Debug, FromQueryResult)]
struct AnswerColumns {
    review_id: i64,
    item_key: String,
    outcome: Outcome,
    source: ResponseSource,
    note: Option<String>,
    responded_by: String,
    responded_at: DateTime<Utc>,
    na_acceptance: Option<NaAcceptance>,
    na_decided_by: Option<String>,
}

impl Services {
    /// The answers of each review as scoring facts, keyed by review id (one statement).
    pub(crate) async fn answer_facts_by_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<AnswerFact>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        use item_response::Column as C;
        let rows = item_response::Entity::find()
            .select_only()
            .columns([
                C::ReviewId,
                C::ItemKey,
                C::Outcome,
                C::Source,
                C::Note,
                C::RespondedBy,
                C::RespondedAt,
                C::NaAcceptance,
                C::NaDecidedBy,
            ])
            .filter(C::ReviewId.is_in(ids.iter().copied()))
            .into_model::<AnswerColumns>()
            .all(self.db.conn())
            .await?;
        let mut map: HashMap<i64, Vec<AnswerFact>> = HashMap::new();
        for r in rows {
            map.entry(r.review_id).or_default().push(AnswerFact {
                na_review: na_review(r.na_acceptance, r.na_decided_by),
                outcome: r.outcome,
                source: r.source,
                recorded_at: r.responded_at,
                note: r.note,
                item_key: r.item_key,
                responded_by: r.responded_by,
            });
        }
        Ok(map)
    }
}

/// A second person's verdict on a `not_applicable` answer, once one was given.
pub(crate) fn na_review(state: Option<NaAcceptance>, by: Option<String>) -> Option<NaReviewFact> {
    match (state, by) {
        (Some(state @ (NaAcceptance::Accepted | NaAcceptance::Rejected)), Some(by)) => {
            Some(NaReviewFact { state, by })
        }
        _ => None,
    }
}
