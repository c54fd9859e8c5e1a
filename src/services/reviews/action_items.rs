//! Use cases for action items: add one to a review (in any state: follow-ups are recorded
//! at or after the meeting), mark it done or not done, list them per review.

use crate::domain::access::Act;
use crate::domain::action_item::NewActionItem;
use crate::domain::records;
use crate::error::{AppError, AppResult};
use crate::services::write::{Change, Write};
use crate::services::{Actor, Services, check_version};
use crate::store::entities::action_item;
use crate::store::versioned::Checked;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

impl Services {
    /// Adds an action item to a review.
    pub async fn add_action_item(
        &self,
        actor: &Actor,
        review_id: i64,
        item: NewActionItem,
    ) -> AppResult<records::ActionItem> {
        let w = self.write(actor).await?;
        let (_, service, _) = self.review_with_template(w.txn(), review_id).await?;
        let team = self.team_slug(w.txn(), service.team_id).await?;
        let act = Act::Contribute {
            team_id: service.team_id,
            team: &team,
            what: "add action items",
            assignee: None,
        };
        self.authorize(w.txn(), actor, act).await?;
        let mut created = insert_action_items(&w, review_id, vec![item]).await?;
        w.commit().await?;
        created
            .pop()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("action item was not inserted")))
    }

    /// Marks an action item done (or not done again) if `expected_version` is current.
    /// A stale version gets `CONFLICT` naming who changed it last.
    pub async fn set_action_item_done(
        &self,
        actor: &Actor,
        id: i64,
        done: bool,
        expected_version: i64,
    ) -> AppResult<records::ActionItem> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let before = action_item::Entity::find_by_id(id)
            .one(w.txn())
            .await?
            .ok_or_else(|| AppError::not_found("action item", id.to_string()))?;
        let (_, service, _) = self.review_with_template(w.txn(), before.review_id).await?;
        let team = self.team_slug(w.txn(), service.team_id).await?;
        let act = Act::Contribute {
            team_id: service.team_id,
            team: &team,
            what: "complete action items",
            assignee: Some(&before.owner),
        };
        self.authorize(w.txn(), actor, act).await?;
        let changes = action_item::ActiveModel {
            done: Set(done),
            done_at: Set(done.then_some(w.now())),
            done_by: Set(done.then(|| actor.login().to_owned())),
            updated_at: Set(w.now()),
            ..Default::default()
        };
        let after = match w
            .update_checked::<action_item::Entity>(id, expected, changes)
            .await?
        {
            Checked::Done(after) => after,
            Checked::Stale(current) => return Err(stale_item(&current, expected)),
            Checked::Missing => return Err(AppError::not_found("action item", id.to_string())),
        };
        let action = if done {
            "action_item.done"
        } else {
            "action_item.reopen"
        };
        w.done(
            Change::new(action, ("action_item", id))
                .before(&before)
                .after(&after),
            None,
        )
        .await?;
        Ok(after.into())
    }

    /// Action items of each review, oldest first.
    pub async fn action_items_by_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::ActionItem>>> {
        let rows = action_item::Entity::find()
            .filter(action_item::Column::ReviewId.is_in(ids.iter().copied()))
            .order_by_asc(action_item::Column::Id)
            .all(self.db.conn())
            .await?;
        let mut map: HashMap<i64, Vec<records::ActionItem>> = HashMap::new();
        for r in rows {
            map.entry(r.review_id).or_default().push(r.into());
        }
        Ok(map)
    }

    /// The open (not done) action items of every review of a service, soonest due first.
    pub async fn open_action_items_of_service(
        &self,
        service_id: i64,
    ) -> AppResult<Vec<records::ActionItem>> {
        let reviews = sea_orm::sea_query::Query::select()
            .column(crate::store::entities::review::Column::Id)
            .from(crate::store::entities::review::Entity)
            .and_where(crate::store::entities::review::Column::ServiceId.eq(service_id))
            .to_owned();
        Ok(action_item::Entity::find()
            .filter(action_item::Column::ReviewId.in_subquery(reviews))
            .filter(action_item::Column::Done.eq(false))
            .order_by_asc(action_item::Column::DueDate)
            .order_by_asc(action_item::Column::Id)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

/// The conflict for a stale toggle: what the item is now and who made it so.
fn stale_item(current: &action_item::Model, expected: i64) -> AppError {
    let state = match (&current.done_by, current.done_at) {
        (Some(by), Some(at)) if current.done => {
            format!("marked done by {by} at {}", at.format("%Y-%m-%d %H:%M UTC"))
        }
        _ => format!(
            "not done (last changed {})",
            current.updated_at.format("%Y-%m-%d %H:%M UTC")
        ),
    };
    AppError::Conflict {
        message: format!(
            "action item \"{}\" was changed by someone else: it is now {state}, version {}; \
             you saw version {expected}",
            current.title, current.version
        ),
        current_version: Some(current.version),
    }
}

/// Inserts validated action items of a review, auditing each, inside the caller's change.
pub(crate) async fn insert_action_items(
    w: &Write<'_>,
    review_id: i64,
    items: Vec<NewActionItem>,
) -> AppResult<Vec<records::ActionItem>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let created = action_item::ActiveModel {
            id: NotSet,
            review_id: Set(review_id),
            title: Set(item.title.as_str().to_owned()),
            owner: Set(item.owner.as_str().to_owned()),
            due_date: Set(item.due),
            done: Set(false),
            done_at: Set(None),
            done_by: Set(None),
            created_by: Set(w.actor().login().to_owned()),
            version: Set(1),
            created_at: Set(w.now()),
            updated_at: Set(w.now()),
        }
        .insert(w.txn())
        .await?;
        w.audit(Change::new("action_item.add", ("action_item", created.id)).after(&created))
            .await?;
        out.push(created.into());
    }
    Ok(out)
}
