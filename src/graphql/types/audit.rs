//! The audit log: events and the filter that narrows them.

use crate::domain::audit::AuditQuery;
use crate::domain::records;
use crate::graphql::error::parse_id;
use async_graphql::{ID, InputObject, Json, SimpleObject};
use chrono::{DateTime, Utc};

/// One audit event: who did what to which entity, with its snapshots before and after.
#[derive(SimpleObject)]
pub struct AuditEvent {
    /// Event id.
    pub id: ID,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What, e.g. `service.update`.
    pub action: String,
    /// Entity kind.
    pub entity_type: String,
    /// Entity identifier.
    pub entity_id: String,
    /// Row before the change.
    pub before: Option<Json<serde_json::Value>>,
    /// Row after the change.
    pub after: Option<Json<serde_json::Value>>,
}

impl From<records::AuditEvent> for AuditEvent {
    fn from(e: records::AuditEvent) -> Self {
        Self {
            id: ID(e.id.to_string()),
            occurred_at: e.occurred_at,
            actor: e.actor,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            before: e.before.map(Json),
            after: e.after.map(Json),
        }
    }
}

/// Narrows `auditEvents`; every field given must match, and a missing one matches all.
#[derive(InputObject, Default)]
pub struct AuditEventFilter {
    /// Who acted (a login; case does not matter).
    pub actor: Option<String>,
    /// Entity kind: `service`, `team`, `review`, `item_response`, `waiver`, `sign_off`,
    /// `action_item`, `slo`, `dependency`, `capacity_plan`, `checklist_template`.
    pub entity_type: Option<String>,
    /// Entity identifier: a slug (service, team, capacity plan), `<reviewId>/<itemKey>`
    /// (item response) or a numeric id.
    pub entity_id: Option<String>,
    /// An action (`review.decide`), or an action prefix ending in `.` (`review.` matches
    /// every `review.*` action).
    pub action: Option<String>,
    /// A service's slug: its own events and those of its reviews, item answers, waivers,
    /// sign-offs, action items, SLOs, dependencies and capacity plan.
    pub service: Option<String>,
    /// A review's id: its own events and those of its item answers, waivers, sign-offs and
    /// action items.
    pub review: Option<ID>,
    /// Events at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events at or before this instant.
    pub to: Option<DateTime<Utc>>,
}

impl AuditEventFilter {
    /// The filter as the use case takes it (a malformed review id is `VALIDATION` on
    /// `filter.review`).
    pub fn into_query(self) -> async_graphql::Result<AuditQuery> {
        let review = self
            .review
            .map(|id| parse_id("filter.review", &id))
            .transpose()?;
        Ok(AuditQuery {
            actor: self.actor,
            entity_type: self.entity_type,
            entity_id: self.entity_id,
            action: self.action,
            service: self.service,
            review,
            from: self.from,
            to: self.to,
        })
    }
}
