//! GraphQL types of access: `Me`, `ApiToken`, `RoleGrant`, `ServiceAccount`.

use crate::domain::access::Grants;
use crate::domain::records;
use crate::services::access::{Actor, TokenScope as Scope};
use async_graphql::{Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// What an API token may do.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "Scope")]
pub enum TokenScope {
    /// Queries only.
    Read,
    /// Queries and mutations.
    Write,
}

/// Who you are and what you may do.
#[derive(SimpleObject)]
pub struct Me {
    /// Your login.
    pub login: String,
    /// Groups your identity provider reports.
    pub groups: Vec<String>,
    /// Whether you are an admin (everyone is, in local mode).
    pub admin: bool,
    /// Ids of the teams you own.
    pub owned_team_ids: Vec<ID>,
    /// Sign-off roles you hold (besides `service_owner` on your teams' services).
    pub sign_off_roles: Vec<String>,
    /// Whether you came with an API token.
    pub via_token: bool,
}

impl Me {
    /// `actor` with `grants`.
    pub fn new(actor: &Actor, grants: Grants) -> Self {
        Self {
            login: actor.login().to_owned(),
            groups: actor.groups().to_vec(),
            admin: grants.admin,
            owned_team_ids: grants
                .owned_teams
                .iter()
                .map(|id| ID(id.to_string()))
                .collect(),
            sign_off_roles: grants.roles.into_iter().collect(),
            via_token: actor.token_id().is_some(),
        }
    }
}

/// An API token (never its secret).
pub struct ApiToken(pub records::ApiToken);

#[Object]
impl ApiToken {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What it is for.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The secret's first characters, to recognise it.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }
    /// The login it acts as.
    async fn acts_as(&self) -> &str {
        &self.0.acts_as
    }
    /// Who made it.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// What it may do.
    async fn scopes(&self) -> Vec<TokenScope> {
        self.0
            .scopes
            .split(',')
            .filter_map(Scope::parse)
            .map(Into::into)
            .collect()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it stops working.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    /// When it was last presented (to the minute).
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    /// When it was revoked, if it was.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// A token just made, with its secret (shown this once).
pub struct CreatedApiToken(pub crate::services::access::tokens::CreatedToken);

#[Object]
impl CreatedApiToken {
    /// The token.
    async fn token(&self) -> ApiToken {
        ApiToken(self.0.token.clone())
    }
    /// The secret: `Authorization: Bearer <secret>`. Not shown again.
    async fn secret(&self) -> &str {
        &self.0.secret
    }
}

/// A role held by a login or a group.
pub struct RoleGrant(pub records::RoleGrant);

#[Object]
impl RoleGrant {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// `admin`, `owner` (of `teamId`) or a sign-off role such as `sre`.
    async fn role(&self) -> &str {
        &self.0.role
    }
    /// The team, for `owner`.
    async fn team_id(&self) -> Option<ID> {
        (self.0.team_id > 0).then(|| ID(self.0.team_id.to_string()))
    }
    /// A login, or `group:NAME`.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn granted_by(&self) -> &str {
        &self.0.granted_by
    }
    async fn granted_at(&self) -> DateTime<Utc> {
        self.0.granted_at
    }
}

/// A named non-human login API tokens may act as.
pub struct ServiceAccount(pub records::ServiceAccount);

#[Object]
impl ServiceAccount {
    async fn login(&self) -> &str {
        &self.0.login
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
