//! Reading the audit log: events matching a filter, newest first, a page at a time, with a
//! stable cursor (the event id: events are only ever appended).
//!
//! The `service` and `review` filters gather what belongs to them in the one statement
//! that reads the page. Events name their entity by type and id, and carry the entity's
//! snapshots; children are found through the ids those snapshots hold, so events of rows
//! deleted since (an SLO, a dependency) still belong to their service:
//!
//! | entity | belongs to a service when | to a review when |
//! |---|---|---|
//! | `service`, `capacity_plan` | its id is the service's slug | |
//! | `slo`, `dependency` | its snapshot's `service_id` is the service's | |
//! | `review` | its id is one of the service's reviews | its id is the review's |
//! | `item_response`, `waiver`, `sign_off`, `action_item` | its snapshot's `review_id` is one of the service's reviews | its snapshot's `review_id` is the review's |

use crate::domain::audit::{ActionMatch, AuditFilter, AuditQuery, Subject, subject};
use crate::domain::records;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::store::entities::{audit_event, review};
use audit_event::Column as C;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Entity types whose snapshots name the review they belong to (`review_id`).
const IN_A_REVIEW: [&str; 4] = ["item_response", "waiver", "sign_off", "action_item"];
/// Entity types whose snapshots name the service they belong to (`service_id`).
const OF_A_SERVICE: [&str; 2] = ["slo", "dependency"];
/// Entity types identified by their service's slug.
const BY_SERVICE_SLUG: [&str; 3] = ["service", "capacity_plan", "service_manifest"];

/// One page of the audit log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditPage {
    /// The events; the last one's id is the cursor of the next (older) page.
    pub events: Vec<records::AuditEvent>,
    /// Whether older events match too.
    pub has_more: bool,
}

/// One audit event and the page that shows its entity, for people reading the log.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// The event.
    pub event: records::AuditEvent,
    /// Where its entity is shown (a service known only by id is resolved to its slug);
    /// `None` when no page shows it.
    pub subject: Option<Subject>,
}

/// A page of the audit log, each event with the page of its entity.
#[derive(Debug, Clone, Default)]
pub struct AuditLog {
    /// The events, newest first.
    pub entries: Vec<AuditEntry>,
    /// Whether older events match too.
    pub has_more: bool,
}

impl Services {
    /// Audit events matching `query`, newest first: at most `limit`, older than the event
    /// `after` (a cursor: an event id) when given. A `service` no one registered matches
    /// nothing. Invalid filters are `VALIDATION` naming the field (`from`, `action`, …).
    pub async fn audit_events(
        &self,
        query: &AuditQuery,
        after: Option<&str>,
        limit: u64,
    ) -> AppResult<AuditPage> {
        let filter = query.check()?;
        let after = after.map(parse_cursor).transpose()?;
        let Some(mut cond) = self.audit_condition(&filter).await? else {
            return Ok(AuditPage::default());
        };
        if let Some(after) = after {
            cond = cond.add(C::Id.lt(after));
        }
        let mut rows = audit_event::Entity::find()
            .filter(cond)
            .order_by_desc(C::Id)
            .limit(limit + 1)
            .all(self.db.conn())
            .await?;
        let has_more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        Ok(AuditPage {
            events: rows.into_iter().map(Into::into).collect(),
            has_more,
        })
    }

    /// Like [`Services::audit_events`], with the page that shows each event's entity (one
    /// more statement when SLOs or dependencies need their service's slug).
    pub async fn audit_log(
        &self,
        query: &AuditQuery,
        after: Option<&str>,
        limit: u64,
    ) -> AppResult<AuditLog> {
        let page = self.audit_events(query, after, limit).await?;
        let subjects: Vec<Option<Subject>> = page.events.iter().map(subject).collect();
        let mut service_ids: Vec<i64> = subjects
            .iter()
            .filter_map(|s| match s {
                Some(Subject::ServiceId(id)) => Some(*id),
                _ => None,
            })
            .collect();
        service_ids.sort_unstable();
        service_ids.dedup();
        let services = if service_ids.is_empty() {
            HashMap::new()
        } else {
            self.services_by_ids(&service_ids).await?
        };
        let entries = page
            .events
            .into_iter()
            .zip(subjects)
            .map(|(event, s)| AuditEntry {
                event,
                subject: match s {
                    Some(Subject::ServiceId(id)) => services
                        .get(&id)
                        .map(|svc| Subject::Service(svc.slug.clone())),
                    other => other,
                },
            })
            .collect();
        Ok(AuditLog {
            entries,
            has_more: page.has_more,
        })
    }

    /// The latest audit event of one entity, if any.
    pub async fn last_change(
        &self,
        entity_type: &str,
        entity_id: &str,
    ) -> AppResult<Option<records::AuditEvent>> {
        let query = AuditQuery {
            entity_type: Some(entity_type.to_owned()),
            entity_id: Some(entity_id.to_owned()),
            ..AuditQuery::default()
        };
        Ok(self.audit_events(&query, None, 1).await?.events.pop())
    }

    /// The filter as a condition on `audit_events`; `None` when it can match nothing (a
    /// service that does not exist).
    async fn audit_condition(&self, f: &AuditFilter) -> AppResult<Option<Condition>> {
        let mut cond = Condition::all();
        if let Some(actor) = &f.actor {
            cond = cond.add(C::Actor.eq(actor.as_str()));
        }
        if let Some(t) = &f.entity_type {
            cond = cond.add(C::EntityType.eq(t.as_str()));
        }
        if let Some(id) = &f.entity_id {
            cond = cond.add(C::EntityId.eq(id.as_str()));
        }
        match &f.action {
            Some(ActionMatch::Exact(a)) => cond = cond.add(C::Action.eq(a.as_str())),
            Some(ActionMatch::Prefix(p)) => {
                let pattern = LikeExpr::new(format!("{}%", escape_like(p))).escape('\\');
                cond = cond.add(Expr::col(C::Action).like(pattern));
            }
            None => {}
        }
        if let Some(from) = f.from {
            cond = cond.add(C::OccurredAt.gte(from));
        }
        if let Some(to) = f.to {
            cond = cond.add(C::OccurredAt.lte(to));
        }
        let json = Snapshots(self.db.conn().get_database_backend());
        if let Some(slug) = &f.service {
            let Some(service) = self.find_service(self.db.conn(), slug.as_str()).await? else {
                return Ok(None);
            };
            cond = cond.add(json.of_service(service.id, slug.as_str()));
        }
        if let Some(review_id) = f.review {
            cond = cond.add(json.of_review(review_id));
        }
        Ok(Some(cond))
    }
}

/// An event id given back as a cursor.
fn parse_cursor(after: &str) -> AppResult<i64> {
    after
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::invalid("after", "not a cursor of this listing"))
}

/// `value` with the characters `LIKE` gives a meaning (`%`, `_`, and `\`, the escape) escaped.
fn escape_like(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Conditions reading the ids the events' snapshots hold, in the database's JSON dialect.
struct Snapshots(DatabaseBackend);

impl Snapshots {
    /// Events of service `id` (slug `slug`) and of everything that belongs to it.
    fn of_service(&self, id: i64, slug: &str) -> Condition {
        let reviews = || {
            Query::select()
                .expr(Expr::col((review::Entity, review::Column::Id)).cast_as("TEXT"))
                .from(review::Entity)
                .and_where(Expr::col((review::Entity, review::Column::ServiceId)).eq(id))
                .to_owned()
        };
        Condition::any()
            .add(of_types(&BY_SERVICE_SLUG).add(C::EntityId.eq(slug)))
            .add(of_types(&OF_A_SERVICE).add(self.snapshot_id("service_id").eq(id.to_string())))
            .add(of_types(&["review"]).add(C::EntityId.in_subquery(reviews())))
            .add(of_types(&IN_A_REVIEW).add(self.review_in(reviews())))
    }

    /// Events of review `id` and of its answers, waivers, sign-offs and action items.
    fn of_review(&self, id: i64) -> Condition {
        Condition::any()
            .add(of_types(&["review"]).add(C::EntityId.eq(id.to_string())))
            .add(of_types(&IN_A_REVIEW).add(self.snapshot_id("review_id").eq(id.to_string())))
    }

    fn review_in(&self, reviews: SelectStatement) -> Expr {
        self.snapshot_id("review_id").in_subquery(reviews)
    }

    /// The id `key` names in the snapshot after the change, else in the one before, as text.
    fn snapshot_id(&self, key: &'static str) -> Expr {
        let field = |column: &str| match self.0 {
            DatabaseBackend::Postgres => {
                Expr::cust(format!("(\"audit_events\".\"{column}\" ->> '{key}')"))
            }
            _ => Expr::cust(format!(
                "CAST(json_extract(\"audit_events\".\"{column}\", '$.{key}') AS TEXT)"
            )),
        };
        Func::coalesce([field("after"), field("before")]).into()
    }
}

/// Events whose entity type is one of `types`.
fn of_types(types: &[&str]) -> Condition {
    Condition::all().add(C::EntityType.is_in(types.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_event_ids() {
        assert_eq!(parse_cursor("42").unwrap(), 42);
        for bad in ["", "0", "-3", "o:1", "4x"] {
            assert!(parse_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("review.sign_"), "review.sign\\_");
        assert_eq!(escape_like("a%b\\"), "a\\%b\\\\");
    }
}
