//! Use cases for reviews: start one, answer its items (submitting and deciding are in
//! [`crate::services::reviews::decisions`]).

pub mod action_items;
mod answers;
mod carry;
pub mod decisions;
pub mod meeting;
pub mod not_applicable;
pub mod sheet;
pub mod waivers;

use crate::domain::ids::{ItemKey, TemplateKey};
use crate::domain::records;
use crate::domain::review::ReviewState;
use crate::domain::template::Item;
use crate::error::{AppError, AppResult};
use crate::services::templates::StoredTemplate;
use crate::services::write::{Change, Write};
use crate::services::{Actor, Services};
use crate::store::entities::{review, service};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, NotSet,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::sync::Arc;

pub use crate::services::reviews::answers::Answer;

impl Services {
    /// The template a service's reviews start from when none is named.
    pub(crate) fn default_template(&self) -> AppResult<Arc<StoredTemplate>> {
        let key = self.templates.default_key();
        self.templates.latest(key).ok_or_else(|| {
            AppError::Unavailable(format!(
                "the default checklist template `{key}` is not loaded"
            ))
        })
    }

    /// Opens a draft review of `service` from `template` inside the caller's change.
    pub(crate) async fn open_review(
        &self,
        w: &Write<'_>,
        service: &records::Service,
        template: &StoredTemplate,
        target_date: Option<NaiveDate>,
    ) -> AppResult<records::Review> {
        let created = review::ActiveModel {
            id: NotSet,
            service_id: Set(service.id),
            template_id: Set(template.id),
            state: Set(ReviewState::Draft),
            target_date: Set(target_date.or(service.launch_target)),
            decision: Set(None),
            decision_notes: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            submitted_at: Set(None),
            gate_at_decision: Set(None),
            approved_over_no_go: Set(false),
            override_reason: Set(None),
            decision_conditions: Set(None),
            version: Set(1),
            created_at: Set(w.now()),
            updated_at: Set(w.now()),
        }
        .insert(w.txn())
        .await?;
        w.audit(Change::new("review.start", ("review", created.id)).after(&created))
            .await?;
        Ok(created.into())
    }

    /// Starts a new review of a service from the latest version of `template_key` (or the
    /// default template), with the previous review's manual answers carried over (see
    /// [`carry`]). Refused while another review of the service is still open.
    pub async fn start_review(
        &self,
        actor: &Actor,
        service_slug: &str,
        template_key: Option<&str>,
        target_date: Option<NaiveDate>,
    ) -> AppResult<records::Review> {
        let template = match template_key {
            Some(k) => {
                let key = TemplateKey::parse("template_key", k)?;
                self.templates.latest(key.as_str()).ok_or_else(|| {
                    AppError::invalid(
                        "template_key",
                        format!("no checklist template with key `{key}`"),
                    )
                })?
            }
            None => self.default_template()?,
        };
        let mut w = self.write(actor).await?;
        let service = self.service_in(w.txn(), service_slug).await?;
        self.authorize_owner(
            w.txn(),
            actor,
            service.team_id,
            "start reviews of its services",
        )
        .await?;
        // Locks the service (PostgreSQL; SQLite writers are serial already) so that of two
        // concurrent starts the later one waits, then finds the review the first one opened.
        service::Entity::find_by_id(service.id)
            .lock_exclusive()
            .one(w.txn())
            .await?;
        if service.archived_at.is_some() {
            return Err(AppError::conflict(format!(
                "service `{service_slug}` is archived"
            )));
        }
        let open = review::Entity::find()
            .filter(review::Column::ServiceId.eq(service.id))
            .filter(
                review::Column::State
                    .is_in(ReviewState::ALL.iter().filter(|s| s.is_open()).copied()),
            )
            .one(w.txn())
            .await?;
        if let Some(open) = open {
            return Err(AppError::conflict(format!(
                "service `{service_slug}` already has an open review (id {}, {}); decide it before starting another",
                open.id, open.state
            )));
        }
        let created = self
            .open_review(&w, &service, &template, target_date)
            .await?;
        carry::carry_answers(&w, service.id, created.id, &template).await?;
        w.rescore(created.service_id);
        w.commit().await?;
        Ok(created)
    }

    /// A review by id.
    pub async fn review(&self, id: i64) -> AppResult<records::Review> {
        review::Entity::find_by_id(id)
            .one(self.db.conn())
            .await?
            .map(Into::into)
            .ok_or_else(|| AppError::not_found("review", id.to_string()))
    }

    /// Loads a review with its service and pinned template inside a transaction.
    async fn review_context(
        &self,
        txn: &DatabaseTransaction,
        review_id: i64,
    ) -> AppResult<(records::Review, records::Service, Arc<StoredTemplate>)> {
        let review = review::Entity::find_by_id(review_id)
            .one(txn)
            .await?
            .ok_or_else(|| AppError::not_found("review", review_id.to_string()))?;
        let service = service::Entity::find_by_id(review.service_id)
            .one(txn)
            .await?
            .ok_or_else(|| AppError::not_found("service", review.service_id.to_string()))?;
        let template = self.template(review.template_id).await?;
        Ok((review.into(), service.into(), template))
    }

    /// The review a service's scorecard reflects: the latest one not rejected.
    pub async fn current_review(&self, service_id: i64) -> AppResult<Option<records::Review>> {
        Ok(review::Entity::find()
            .filter(review::Column::ServiceId.eq(service_id))
            .filter(review::Column::State.ne(ReviewState::Rejected.as_str()))
            .order_by_desc(review::Column::Id)
            .one(self.db.conn())
            .await?
            .map(Into::into))
    }

    pub(crate) async fn review_for_change(
        &self,
        txn: &DatabaseTransaction,
        review_id: i64,
        key: &str,
        field: &str,
    ) -> AppResult<(
        records::Review,
        records::Service,
        Arc<StoredTemplate>,
        ItemKey,
    )> {
        let key = ItemKey::parse(field, key)?;
        let (review, service, template) = self.review_context(txn, review_id).await?;
        review.state.check_answerable()?;
        applicable_item(&template, &service, &key)?;
        Ok((review, service, template, key))
    }

    pub(crate) async fn review_with_template(
        &self,
        txn: &DatabaseTransaction,
        review_id: i64,
    ) -> AppResult<(records::Review, records::Service, Arc<StoredTemplate>)> {
        self.review_context(txn, review_id).await
    }
}

/// The item `key` of the pinned template, if it applies to the service's tier.
fn applicable_item<'t>(
    template: &'t StoredTemplate,
    service: &records::Service,
    key: &ItemKey,
) -> AppResult<&'t Item> {
    let (_, item) = template.template.item(key.as_str()).ok_or_else(|| {
        AppError::invalid(
            "item_key",
            format!(
                "`{key}` is not an item of template {} v{}",
                template.template.key, template.version
            ),
        )
    })?;
    let tier = service.tier;
    if !item.applies_to(tier) {
        return Err(AppError::invalid(
            "item_key",
            format!("`{key}` does not apply to {tier} services"),
        ));
    }
    Ok(item)
}

/// Bumps a review's version after any change to its answers or waivers, so a sign-off can
/// name the exact revision it approved.
pub(crate) async fn touch_review<C: ConnectionTrait>(
    conn: &C,
    review_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    review::Entity::update_many()
        .col_expr(
            review::Column::Version,
            Expr::col(review::Column::Version).add(1),
        )
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(review_id))
        .exec(conn)
        .await?;
    Ok(())
}
