//! Granting roles: admins, team owners and sign-off roles, each held by a login or by every
//! member of a provider group (`group:NAME`); and the service accounts tokens may act as.

use super::Actor;
use crate::domain::access::{ADMIN_ROLE, Act, OWNER_ROLE, SERVICE_OWNER, Subject};
use crate::domain::ids::{Login, RoleName};
use crate::domain::records;
use crate::domain::validation::required_text;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::services::write::{Change, Write};
use crate::store::entities::{role_grant, service_account, team};
use crate::store::unique::insert_unless_taken;
use sea_orm::{ColumnTrait, EntityTrait, ModelTrait, NotSet, QueryFilter, QueryOrder, Set};

/// Adds `subject` to `role` (on `team_id`, 0 for everywhere) in the open change, audited.
pub(crate) async fn grant(
    w: &Write<'_>,
    role: &str,
    team_id: i64,
    subject: &Subject,
) -> AppResult<records::RoleGrant> {
    let row = role_grant::ActiveModel {
        id: NotSet,
        role: Set(role.to_owned()),
        team_id: Set(team_id),
        subject: Set(subject.stored()),
        granted_by: Set(w.actor().login().to_owned()),
        granted_at: Set(w.now()),
    };
    let key = [
        role_grant::Column::Role,
        role_grant::Column::TeamId,
        role_grant::Column::Subject,
    ];
    let Some(created) = insert_unless_taken(w.txn(), row, key).await? else {
        return Err(AppError::conflict(format!(
            "`{}` already holds the {role} role here",
            subject.stored()
        )));
    };
    w.audit(Change::new("role.grant", ("role_grant", created.id)).after(&created))
        .await?;
    Ok(created.into())
}

async fn revoke(w: &Write<'_>, role: &str, team_id: i64, subject: &Subject) -> AppResult<()> {
    let row = role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(role))
        .filter(role_grant::Column::TeamId.eq(team_id))
        .filter(role_grant::Column::Subject.eq(subject.stored()))
        .one(w.txn())
        .await?
        .ok_or_else(|| {
            AppError::not_found("role grant", format!("{role} for {}", subject.stored()))
        })?;
    let id = row.id;
    row.clone().delete(w.txn()).await?;
    w.audit(Change::new("role.revoke", ("role_grant", id)).before(&row))
        .await
}

async fn team_by_slug(w: &Write<'_>, slug: &str) -> AppResult<team::Model> {
    team::Entity::find()
        .filter(team::Column::Slug.eq(slug))
        .one(w.txn())
        .await?
        .ok_or_else(|| AppError::not_found("team", slug))
}

impl Services {
    /// A sign-off role any loaded template names (not `service_owner`, which follows from
    /// team ownership).
    fn sign_off_role(&self, raw: &str) -> AppResult<RoleName> {
        let role = RoleName::parse("role", raw)?;
        if role.as_str() == SERVICE_OWNER {
            return Err(AppError::invalid(
                "role",
                "service_owner is held by the owning team's owners; add a team owner instead",
            ));
        }
        let known: Vec<String> = self
            .templates
            .all_latest()
            .iter()
            .flat_map(|t| t.template.all_roles())
            .collect();
        if !known.iter().any(|r| r == role.as_str()) {
            return Err(AppError::invalid(
                "role",
                format!(
                    "`{role}` is not a sign-off role of any checklist template (known: {})",
                    known.join(", ")
                ),
            ));
        }
        Ok(role)
    }

    /// Lets `subject` sign reviews as `role` (admins only).
    pub async fn assign_sign_off_role(
        &self,
        actor: &Actor,
        role: &str,
        subject: &str,
    ) -> AppResult<records::RoleGrant> {
        let role = self.sign_off_role(role)?;
        let subject = Subject::parse("subject", subject)?;
        let w = self.write(actor).await?;
        let what = "assign sign-off roles";
        self.authorize(w.txn(), actor, Act::Administer { what })
            .await?;
        let created = grant(&w, role.as_str(), 0, &subject).await?;
        w.commit().await?;
        Ok(created)
    }

    /// Takes `role` away from `subject` (admins only).
    pub async fn unassign_sign_off_role(
        &self,
        actor: &Actor,
        role: &str,
        subject: &str,
    ) -> AppResult<bool> {
        let role = RoleName::parse("role", role)?;
        let subject = Subject::parse("subject", subject)?;
        let w = self.write(actor).await?;
        let what = "assign sign-off roles";
        self.authorize(w.txn(), actor, Act::Administer { what })
            .await?;
        revoke(&w, role.as_str(), 0, &subject).await?;
        w.commit().await?;
        Ok(true)
    }

    /// Makes `subject` an admin, or (with `grant_it` false) no longer one (admins only;
    /// admins configured with `--admin` stay admins).
    pub async fn set_admin(&self, actor: &Actor, subject: &str, grant_it: bool) -> AppResult<bool> {
        let subject = Subject::parse("subject", subject)?;
        let w = self.write(actor).await?;
        self.authorize(
            w.txn(),
            actor,
            Act::Administer {
                what: "grant or revoke admin",
            },
        )
        .await?;
        if grant_it {
            grant(&w, ADMIN_ROLE, 0, &subject).await?;
        } else {
            revoke(&w, ADMIN_ROLE, 0, &subject).await?;
        }
        w.commit().await?;
        Ok(true)
    }

    /// Adds (or removes) an owner of a team: its owners or an admin may.
    pub async fn set_team_owner(
        &self,
        actor: &Actor,
        team_slug: &str,
        subject: &str,
        add: bool,
    ) -> AppResult<bool> {
        let subject = Subject::parse("subject", subject)?;
        let w = self.write(actor).await?;
        let team = team_by_slug(&w, team_slug).await?;
        let act = Act::Own {
            team_id: team.id,
            team: &team.slug,
            what: "change its owners",
        };
        self.authorize(w.txn(), actor, act).await?;
        if add {
            grant(&w, OWNER_ROLE, team.id, &subject).await?;
        } else {
            revoke(&w, OWNER_ROLE, team.id, &subject).await?;
        }
        w.commit().await?;
        Ok(true)
    }

    /// Every role grant, by role then subject.
    pub async fn role_grants(&self) -> AppResult<Vec<records::RoleGrant>> {
        Ok(role_grant::Entity::find()
            .order_by_asc(role_grant::Column::Role)
            .order_by_asc(role_grant::Column::TeamId)
            .order_by_asc(role_grant::Column::Subject)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Owners (logins and groups) of team `team_id`.
    pub async fn team_owners(&self, team_id: i64) -> AppResult<Vec<String>> {
        Ok(role_grant::Entity::find()
            .filter(role_grant::Column::Role.eq(OWNER_ROLE))
            .filter(role_grant::Column::TeamId.eq(team_id))
            .order_by_asc(role_grant::Column::Subject)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(|g| g.subject)
            .collect())
    }

    /// Creates a service account API tokens may act as (admins only).
    pub async fn create_service_account(
        &self,
        actor: &Actor,
        login: &str,
        description: &str,
    ) -> AppResult<records::ServiceAccount> {
        let login = Login::parse("login", login)?;
        let description = required_text("description", description, 500)?;
        let w = self.write(actor).await?;
        let what = "create service accounts";
        self.authorize(w.txn(), actor, Act::Administer { what })
            .await?;
        let row = service_account::ActiveModel {
            id: NotSet,
            login: Set(login.as_str().to_owned()),
            description: Set(description),
            created_by: Set(actor.login().to_owned()),
            created_at: Set(w.now()),
        };
        let Some(created) =
            insert_unless_taken(w.txn(), row, [service_account::Column::Login]).await?
        else {
            return Err(AppError::conflict(format!(
                "a service account `{login}` already exists"
            )));
        };
        w.done(
            Change::new(
                "service_account.create",
                ("service_account", &created.login),
            )
            .after(&created),
            None,
        )
        .await?;
        Ok(created.into())
    }

    /// Every service account, by login.
    pub async fn service_accounts(&self) -> AppResult<Vec<records::ServiceAccount>> {
        Ok(service_account::Entity::find()
            .order_by_asc(service_account::Column::Login)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}
