//! Append-only audit events, written in the same transaction as the change they describe.

use super::entities::audit_event;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, NotSet, Set};
use serde::Serialize;

/// One audited change.
pub struct AuditEntry<'a> {
    /// Who made the change.
    pub actor: &'a str,
    /// Verb, e.g. `service.create`.
    pub action: &'a str,
    /// Kind of entity changed, e.g. `service`.
    pub entity_type: &'a str,
    /// The entity's identifier (slug or id).
    pub entity_id: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Serialises a row for the audit log; `None` stays `NULL`.
pub fn snapshot<T: Serialize>(value: Option<&T>) -> Result<Option<serde_json::Value>, DbErr> {
    value
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| DbErr::Custom(format!("audit snapshot: {e}")))
}

/// Inserts the event with before/after snapshots.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    entry: AuditEntry<'_>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), DbErr> {
    audit_event::ActiveModel {
        id: NotSet,
        occurred_at: Set(entry.at),
        actor: Set(entry.actor.to_owned()),
        action: Set(entry.action.to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        before: Set(before),
        after: Set(after),
    }
    .insert(conn)
    .await?;
    Ok(())
}
