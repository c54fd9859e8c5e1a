//! Working out an actor's [`Grants`] from configuration and the stored role grants.

use super::{Actor, ActorKind};
use crate::domain::access::{ADMIN_ROLE, Grants, OWNER_ROLE, Subject};
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::role_grant;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

impl Services {
    /// The actor's grants, read in `conn` (one query). In local mode and for Orrery itself
    /// everyone is an admin; configured admins always are.
    pub async fn grants<C: ConnectionTrait>(&self, conn: &C, actor: &Actor) -> AppResult<Grants> {
        let mut g = Grants {
            login: actor.login().to_owned(),
            admin: self.access.trial
                || matches!(actor.kind(), ActorKind::Trial | ActorKind::System)
                || self.access.admins.iter().any(|a| a == actor.login_id()),
            ..Grants::default()
        };
        let rows = role_grant::Entity::find()
            .filter(
                role_grant::Column::Subject
                    .is_in(Subject::spellings_for(actor.login(), actor.groups())),
            )
            .all(conn)
            .await?;
        for row in rows {
            match row.role.as_str() {
                ADMIN_ROLE => g.admin = true,
                OWNER_ROLE => {
                    g.owned_teams.insert(row.team_id);
                }
                _ => {
                    g.roles.insert(row.role);
                }
            }
        }
        Ok(g)
    }
}
