//! Loading one person's work (see [`crate::domain::my_work`]) in a fixed number of
//! statements: open reviews of active services, their sign-offs, pending waivers, pending
//! not-applicable claims, the person's answers and their open action items.

use crate::domain::my_work::{ActionRow, MyWork, OpenReview, PendingDecision, my_work};
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::review::{Outcome, ReviewState, WaiverState};
use crate::error::AppResult;
use crate::services::{Actor, Services};
use crate::store::entities::{action_item, item_response, review, waiver};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};

impl Services {
    /// What waits for `actor`: reviews they own, sign-offs, waivers and not-applicable
    /// claims they may decide, their action items.
    pub async fn my_work(&self, actor: &Actor) -> AppResult<MyWork> {
        let conn = self.db.conn();
        let grants = self.grants(conn, actor).await?;
        let login = actor.login();
        let open: Vec<review::Model> = review::Entity::find()
            .filter(
                review::Column::State
                    .is_in(ReviewState::ALL.iter().filter(|s| s.is_open()).copied()),
            )
            .all(conn)
            .await?;
        let service_ids: Vec<i64> = open.iter().map(|r| r.service_id).collect();
        let services = self.services_by_ids(&service_ids).await?;
        let team_ids: Vec<i64> = services.values().map(|s| s.team_id).collect();
        let teams = self.teams_by_ids(&team_ids).await?;
        // Archived services have no work left.
        let open: Vec<review::Model> = open
            .into_iter()
            .filter(|r| {
                services
                    .get(&r.service_id)
                    .is_some_and(|s| s.archived_at.is_none())
            })
            .collect();
        let ids: Vec<i64> = open.iter().map(|r| r.id).collect();
        let (sign_offs, answered, waivers, claims, actions) = tokio::try_join!(
            self.sign_offs_by_review_ids(&ids),
            self.reviews_answered_by(&ids, login),
            self.pending_waivers(&ids),
            self.pending_claims(&ids),
            self.open_actions_of(login),
        )?;
        let mut slug_of: HashMap<i64, String> = HashMap::new();
        let mut rows = Vec::with_capacity(open.len());
        for r in &open {
            let Some(service) = services.get(&r.service_id) else {
                continue;
            };
            slug_of.insert(r.id, service.slug.clone());
            let template = self.template(r.template_id).await?;
            rows.push(OpenReview {
                id: r.id,
                service: service.slug.clone(),
                service_name: service.name.clone(),
                team_id: service.team_id,
                team: teams
                    .get(&service.team_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                state: r.state,
                target_date: r.target_date,
                required_roles: template.template.signoffs.get(service.tier).clone(),
                signed_roles: sign_offs
                    .get(&r.id)
                    .map(|v| v.iter().map(|s| s.role.clone()).collect())
                    .unwrap_or_default(),
                answered_by_me: answered.contains(&r.id),
            });
        }
        // Every open review's template was loaded above, so these lookups hit the cache.
        let template_of: HashMap<i64, i64> = open.iter().map(|r| (r.id, r.template_id)).collect();
        let item = |review_id: i64, key: &str| {
            let template = self.templates.cached(*template_of.get(&review_id)?)?;
            let found = template.template.items().find(|(_, i)| i.key == key)?.1;
            Some((found.title.clone(), found.na_needs_acceptance()))
        };
        let title = |review_id: i64, key: &str| {
            item(review_id, key).map_or_else(|| key.to_owned(), |(t, _)| t)
        };
        let decision = |review_id: i64, key: String, by: String, at| {
            Some(PendingDecision {
                service: slug_of.get(&review_id)?.clone(),
                item_title: title(review_id, &key),
                review_id,
                item_key: key,
                asked_by: by,
                asked_at: at,
            })
        };
        let waivers = waivers
            .into_iter()
            .filter_map(|w| decision(w.review_id, w.item_key, w.requested_by, w.created_at))
            .collect();
        let claims = claims
            .into_iter()
            .filter(|c| item(c.review_id, &c.item_key).is_some_and(|(_, needs)| needs))
            .filter_map(|c| decision(c.review_id, c.item_key, c.responded_by, c.responded_at))
            .collect();
        let action_slugs = self
            .review_slugs(actions.iter().map(|a| a.review_id))
            .await?;
        let actions = actions
            .into_iter()
            .filter_map(|a| {
                Some(ActionRow {
                    service: action_slugs.get(&a.review_id)?.clone(),
                    review_id: a.review_id,
                    id: a.id,
                    title: a.title,
                    owner: a.owner,
                    due_date: a.due_date,
                })
            })
            .collect();
        let today = self.now().date_naive();
        Ok(my_work(&grants, today, rows, waivers, claims, actions))
    }

    /// Of `ids`, the reviews `login` answered an item of.
    async fn reviews_answered_by(&self, ids: &[i64], login: &str) -> AppResult<BTreeSet<i64>> {
        let rows: Vec<i64> = item_response::Entity::find()
            .select_only()
            .column(item_response::Column::ReviewId)
            .distinct()
            .filter(item_response::Column::ReviewId.is_in(ids.iter().copied()))
            .filter(item_response::Column::RespondedBy.eq(login))
            .into_tuple()
            .all(self.db.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Waiver requests of the reviews nobody has decided yet.
    async fn pending_waivers(&self, ids: &[i64]) -> AppResult<Vec<waiver::Model>> {
        Ok(waiver::Entity::find()
            .filter(waiver::Column::ReviewId.is_in(ids.iter().copied()))
            .filter(waiver::Column::State.eq(WaiverState::Requested))
            .all(self.db.conn())
            .await?)
    }

    /// Not-applicable answers of the reviews still waiting for a second person's verdict
    /// (whether the item needs one is the caller's to judge from the template).
    async fn pending_claims(&self, ids: &[i64]) -> AppResult<Vec<item_response::Model>> {
        Ok(item_response::Entity::find()
            .filter(item_response::Column::ReviewId.is_in(ids.iter().copied()))
            .filter(item_response::Column::Outcome.eq(Outcome::NotApplicable))
            .filter(item_response::Column::NaAcceptance.eq(NaAcceptance::Pending))
            .all(self.db.conn())
            .await?)
    }

    /// `login`'s action items not done yet.
    async fn open_actions_of(&self, login: &str) -> AppResult<Vec<action_item::Model>> {
        Ok(action_item::Entity::find()
            .filter(action_item::Column::Owner.eq(login))
            .filter(action_item::Column::Done.eq(false))
            .all(self.db.conn())
            .await?)
    }

    /// The service slug of each review.
    async fn review_slugs(
        &self,
        ids: impl Iterator<Item = i64>,
    ) -> AppResult<HashMap<i64, String>> {
        let ids: Vec<i64> = ids.collect::<BTreeSet<_>>().into_iter().collect();
        let reviews = self.reviews_by_ids(&ids).await?;
        let services = self
            .services_by_ids(&reviews.values().map(|r| r.service_id).collect::<Vec<_>>())
            .await?;
        Ok(reviews
            .into_values()
            .filter_map(|r| Some((r.id, services.get(&r.service_id)?.slug.clone())))
            .collect())
    }
}
