//! History records: score snapshots and audit events.

use crate::domain::scoring::Decision;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A point of a service's score history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSnapshot {
    pub id: i64,
    pub service_id: i64,
    pub taken_at: DateTime<Utc>,
    /// `None` when nothing applicable was left to assess.
    pub score: Option<f64>,
    pub level: i32,
    pub gate: Decision,
    pub counts: serde_json::Value,
}

/// One audited change: who did what to which entity, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
