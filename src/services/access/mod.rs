//! Who is acting and what they may do: the [`Actor`] every use case receives, the
//! [`Grants`] worked out for it (configured admins, stored role grants, provider groups),
//! and the use cases that manage roles, service accounts and API tokens; sign-in sessions
//! (`sessions`) and the sign-ins waiting for an identity provider's answer (`pending_logins`).
//!
//! Every mutating use case runs in the write envelope, which refuses actors that may not
//! write at all (read-only tokens); each use case then names the [`Act`] it performs with
//! [`Services::authorize`], which answers `FORBIDDEN` with the rule's reason.

mod actor;
mod grants;
pub mod pending_logins;
pub mod roles;
pub mod sessions;
pub mod tokens;

pub use actor::{Actor, ActorKind, TokenScope};

use crate::domain::access::{Act, Grants, check};
use crate::domain::ids::Login;
use crate::error::{AppError, AppResult};
use sea_orm::ConnectionTrait;

/// Access settings fixed at start-up.
#[derive(Debug, Clone, Default)]
pub struct AccessConfig {
    /// Logins that are admins by configuration (`--admin`); they cannot be revoked in the app.
    pub admins: Vec<Login>,
    /// Local (trial) mode: everyone may do what an admin may (separation of duties holds).
    pub trial: bool,
}

impl super::Services {
    /// Refuses `act` with `FORBIDDEN` and the rule's reason unless `actor` may perform it.
    pub(crate) async fn authorize<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        act: Act<'_>,
    ) -> AppResult<Grants> {
        let grants = self.grants(conn, actor).await?;
        check(&grants, act).map_err(|r| AppError::Forbidden(r.0))?;
        Ok(grants)
    }
}
