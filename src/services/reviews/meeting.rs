//! What the launch review meeting page needs about one review, gathered in a fixed number
//! of statements whatever the number of items, waivers or sign-offs.

use crate::domain::records;
use crate::domain::scoring::Scorecard;
use crate::error::AppResult;
use crate::services::Services;
use crate::services::reviews::sheet::ReviewSheet;
use crate::store::entities::audit_event;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// How many audit events the meeting shows as recent activity.
pub const ACTIVITY_SHOWN: u64 = 12;

/// Everything about one review that its meeting looks at.
#[derive(Debug, Clone)]
pub struct MeetingFacts {
    /// The review's sheet: the review, its service, template and items.
    pub sheet: ReviewSheet,
    /// The review's scorecard.
    pub card: Option<Scorecard>,
    /// The owning team.
    pub team: Option<records::Team>,
    /// Sign-offs given.
    pub sign_offs: Vec<records::SignOff>,
    /// Action items, oldest first.
    pub action_items: Vec<records::ActionItem>,
    /// The service's review before this one, with its scorecard (as it scores now).
    pub previous: Option<(records::Review, Option<Scorecard>)>,
    /// Recent audit events of the review and everything in it, newest first.
    pub activity: Vec<records::AuditEvent>,
}

impl Services {
    /// The facts of review `id` for its meeting.
    pub async fn meeting_facts(&self, id: i64) -> AppResult<MeetingFacts> {
        let review = self.review(id).await?;
        let ids = [id];
        let service_ids = [review.service_id];
        let (mut reviews, mut sign_offs, mut actions) = tokio::try_join!(
            self.reviews_by_service_ids(&service_ids),
            self.sign_offs_by_review_ids(&ids),
            self.action_items_by_review_ids(&ids),
        )?;
        let previous = reviews
            .remove(&review.service_id)
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.id < review.id)
            .max_by_key(|r| r.id);
        let sign_offs = sign_offs.remove(&id).unwrap_or_default();
        let action_items = actions.remove(&id).unwrap_or_default();
        let (sheet, mut cards) = self
            .review_sheet_and_cards(review, previous.as_slice())
            .await?;
        let team_ids = [sheet.service.team_id];
        let (mut teams, activity) = tokio::try_join!(
            self.teams_by_ids(&team_ids),
            self.review_activity(id, &sheet.waivers, &sign_offs, &action_items),
        )?;
        Ok(MeetingFacts {
            team: teams.remove(&sheet.service.team_id),
            card: cards.remove(&id),
            previous: previous.map(|p| {
                let card = cards.remove(&p.id);
                (p, card)
            }),
            sheet,
            sign_offs,
            action_items,
            activity,
        })
    }

    /// Recent audit events of a review, its answers, waivers, sign-offs and action items.
    async fn review_activity(
        &self,
        id: i64,
        waivers: &[records::Waiver],
        sign_offs: &[records::SignOff],
        actions: &[records::ActionItem],
    ) -> AppResult<Vec<records::AuditEvent>> {
        use audit_event::Column as C;
        let of = |kind: &str, ids: Vec<String>| {
            Condition::all()
                .add(C::EntityType.eq(kind))
                .add(C::EntityId.is_in(ids))
        };
        let ids = |rows: Vec<i64>| rows.into_iter().map(|i| i.to_string()).collect();
        let condition = Condition::any()
            .add(of("review", vec![id.to_string()]))
            .add(
                Condition::all()
                    .add(C::EntityType.eq("item_response"))
                    .add(C::EntityId.starts_with(format!("{id}/"))),
            )
            .add(of("waiver", ids(waivers.iter().map(|w| w.id).collect())))
            .add(of(
                "sign_off",
                ids(sign_offs.iter().map(|s| s.id).collect()),
            ))
            .add(of(
                "action_item",
                ids(actions.iter().map(|a| a.id).collect()),
            ));
        Ok(audit_event::Entity::find()
            .filter(condition)
            .order_by_desc(C::Id)
            .limit(ACTIVITY_SHOWN)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}
