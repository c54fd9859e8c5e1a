//! Records of who may act: role grants, service accounts and API tokens.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A role held by a login or a group (`team_id` set for team owners, 0 otherwise).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleGrant {
    pub id: i64,
    pub role: String,
    pub team_id: i64,
    pub subject: String,
    pub granted_by: String,
    pub granted_at: DateTime<Utc>,
}

/// A named non-human login that API tokens may act as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceAccount {
    pub id: i64,
    pub login: String,
    pub description: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// An API token, without its secret (only its first characters, to recognise it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub acts_as: String,
    pub created_by: String,
    pub scopes: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<String>,
}
