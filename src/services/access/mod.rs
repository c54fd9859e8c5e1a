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
use crate::store::entities::{service, team};
use sea_orm::{ConnectionTrait, EntityTrait};

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

    /// Refuses unless `actor` owns team `team_id` (or is an admin); `what` says what they
    /// tried, for the reason ("only owners of team `payments` (or an admin) may …").
    pub(crate) async fn authorize_owner<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        team_id: i64,
        what: &str,
    ) -> AppResult<Grants> {
        let grants = self.grants(conn, actor).await?;
        if grants.owns(team_id) {
            return Ok(grants);
        }
        let team = self.team_slug(conn, team_id).await?;
        let act = Act::Own {
            team_id,
            team: &team,
            what,
        };
        check(&grants, act).map_err(|r| AppError::Forbidden(r.0))?;
        Ok(grants)
    }

    /// The slug of team `team_id`, for a refusal's reason.
    pub(crate) async fn team_slug<C: ConnectionTrait>(
        &self,
        conn: &C,
        team_id: i64,
    ) -> AppResult<String> {
        Ok(team::Entity::find_by_id(team_id)
            .one(conn)
            .await?
            .map_or_else(|| team_id.to_string(), |t| t.slug))
    }

    /// [`Services::authorize_owner`] for the team owning service `service_id`.
    pub(crate) async fn authorize_service_owner<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        service_id: i64,
        what: &str,
    ) -> AppResult<Grants> {
        let team_id = service::Entity::find_by_id(service_id)
            .one(conn)
            .await?
            .ok_or_else(|| AppError::not_found("service", service_id.to_string()))?
            .team_id;
        self.authorize_owner(conn, actor, team_id, what).await
    }
}

impl super::Services {
    /// Whether `actor` may edit team `team` (they own it, or are an admin), or why not.
    pub async fn may_edit_team(
        &self,
        actor: &Actor,
        team: &crate::domain::records::Team,
    ) -> AppResult<Result<(), String>> {
        let grants = self.grants(self.db.conn(), actor).await?;
        let act = Act::Own {
            team_id: team.id,
            team: &team.slug,
            what: "edit the team",
        };
        Ok(check(&grants, act).map_err(|r| r.0))
    }
}

impl super::Services {
    /// What `actor` may do on the pages of `service`, whose review needs `roles` signed.
    pub async fn permits(
        &self,
        actor: &Actor,
        service: &crate::domain::records::Service,
        roles: &[String],
    ) -> AppResult<crate::domain::access::Permits> {
        let conn = self.db.conn();
        let grants = self.grants(conn, actor).await?;
        let team = self.team_slug(conn, service.team_id).await?;
        Ok(crate::domain::access::Permits::on(
            &grants,
            service.team_id,
            &team,
            roles,
        ))
    }
}
