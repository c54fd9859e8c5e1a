//! Use cases for services: register, edit, archive, look up and list.

pub mod capacity;
pub mod dependencies;
mod input;
pub mod portfolio;
pub mod slo_observations;
pub mod slo_status;
pub mod slos;
pub mod team_index;
pub mod teams;

use crate::domain::ids::Slug;
use crate::domain::records;
use crate::domain::validation::{optional_prose, required_text};
use crate::error::{AppError, AppResult};
pub use crate::services::catalog::input::{
    LinkInput, MonitoringInput, NewService, ServiceChanges, check_service_input,
};
use crate::services::catalog::input::{
    parse_links, parse_monitoring, parse_repository, parse_repository_path, service_slug,
};
use crate::services::write::{Change, Write};
use crate::services::{Actor, Services, check_version};
use crate::store::entities::service;
use crate::store::unique::insert_unless_taken;
use crate::store::versioned::Checked;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, Set};

impl Services {
    /// Registers a service and opens its first (draft) review from the default template,
    /// so it has a scorecard from day one.
    pub async fn create_service(
        &self,
        actor: &Actor,
        input: NewService,
    ) -> AppResult<records::Service> {
        let slug = service_slug(&input.slug)?;
        let name = required_text("name", &input.name, 200)?;
        let description = optional_prose("description", input.description.as_deref(), 10_000)?
            .unwrap_or_default();
        let repository = parse_repository(&self.sources.local_roots, input.repository.as_deref())?;
        let monitoring = parse_monitoring(input.monitoring.as_ref())?;
        let links = parse_links(&input.links)?;
        let repository_path = parse_repository_path(input.repository_path.as_deref())?;
        let template = self.default_template()?;
        let mut w = self.write(actor).await?;
        let now = w.now();
        let team = self
            .team_for(w.txn(), &input.team_slug, "team_slug")
            .await?;
        self.authorize_owner(w.txn(), actor, team.id, "register services for it")
            .await?;
        let row = service::ActiveModel {
            id: NotSet,
            slug: Set(slug.to_string()),
            name: Set(name),
            description: Set(description),
            team_id: Set(team.id),
            tier: Set(input.tier),
            lifecycle: Set(input.lifecycle),
            repository: Set(repository),
            monitoring: Set(monitoring),
            links: Set(links),
            launch_target: Set(input.launch_target),
            repository_path: Set(repository_path),
            pr_check_policy: Set(input.pr_check_policy.unwrap_or_default()),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        // Also refuses a service with the same slug created concurrently, precisely.
        let Some(created) = insert_unless_taken(w.txn(), row, [service::Column::Slug]).await?
        else {
            return Err(AppError::conflict(format!(
                "a service with slug `{slug}` already exists"
            )));
        };
        w.audit(Change::new("service.create", ("service", &created.slug)).after(&created))
            .await?;
        self.open_review(&w, &created.clone().into(), &template, None)
            .await?;
        w.rescore(created.id);
        w.commit().await?;
        Ok(created.into())
    }

    /// Edits a service if `expected_version` is still current.
    pub async fn update_service(
        &self,
        actor: &Actor,
        slug: &str,
        expected_version: i64,
        changes: ServiceChanges,
    ) -> AppResult<records::Service> {
        let expected = check_version(expected_version)?;
        let mut am = service::ActiveModel {
            ..Default::default()
        };
        if let Some(name) = &changes.name {
            am.name = Set(required_text("name", name, 200)?);
        }
        if let Some(d) = &changes.description {
            am.description =
                Set(optional_prose("description", Some(d), 10_000)?.unwrap_or_default());
        }
        if let Some(t) = changes.tier {
            am.tier = Set(t);
        }
        if let Some(l) = changes.lifecycle {
            am.lifecycle = Set(l);
        }
        if let Some(r) = &changes.repository {
            am.repository = Set(parse_repository(&self.sources.local_roots, Some(r))?);
        }
        if let Some(m) = &changes.monitoring {
            am.monitoring = Set(parse_monitoring(m.as_ref())?);
        }
        if let Some(links) = &changes.links {
            am.links = Set(parse_links(links)?);
        }
        if let Some(d) = changes.launch_target {
            am.launch_target = Set(d);
        }
        if let Some(p) = &changes.repository_path {
            am.repository_path = Set(parse_repository_path(Some(p))?);
        }
        if let Some(p) = changes.pr_check_policy {
            am.pr_check_policy = Set(p);
        }
        let w = self.write(actor).await?;
        am.updated_at = Set(w.now());
        let before = self.service_in(w.txn(), slug).await?;
        self.authorize_owner(w.txn(), actor, before.team_id, "edit its services")
            .await?;
        if let Some(team_slug) = &changes.team_slug {
            let to = self.team_for(w.txn(), team_slug, "team_slug").await?.id;
            if to != before.team_id {
                self.authorize_owner(w.txn(), actor, to, "move services to it")
                    .await?;
            }
            am.team_id = Set(to);
        }
        self.apply_service_update(w, "service.update", before, expected, am)
            .await
    }

    /// Archives a service: it disappears from default listings but keeps its history.
    pub async fn archive_service(
        &self,
        actor: &Actor,
        slug: &str,
        expected_version: i64,
    ) -> AppResult<records::Service> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let before = self.service_in(w.txn(), slug).await?;
        self.authorize_owner(w.txn(), actor, before.team_id, "archive its services")
            .await?;
        if before.archived_at.is_some() {
            return Err(AppError::conflict(format!(
                "service `{slug}` is already archived"
            )));
        }
        let am = service::ActiveModel {
            archived_at: Set(Some(w.now())),
            updated_at: Set(w.now()),
            ..Default::default()
        };
        self.apply_service_update(w, "service.archive", before, expected, am)
            .await
    }

    /// Applies a versioned change to `before`, audits it as `action` and commits.
    async fn apply_service_update(
        &self,
        w: Write<'_>,
        action: &'static str,
        before: records::Service,
        expected: i64,
        am: service::ActiveModel,
    ) -> AppResult<records::Service> {
        let after = match w
            .update_checked::<service::Entity>(before.id, expected, am)
            .await?
        {
            Checked::Done(after) => after,
            Checked::Stale(now) => return Err(AppError::stale("service", expected, now.version)),
            Checked::Missing => return Err(AppError::not_found("service", before.slug)),
        };
        w.done(
            Change::new(action, ("service", &after.slug))
                .before(&before)
                .after(&after),
            Some(after.id),
        )
        .await?;
        Ok(after.into())
    }

    /// A service by slug (archived ones included).
    pub async fn service(&self, slug: &str) -> AppResult<records::Service> {
        self.service_in(self.db.conn(), slug).await
    }

    pub(crate) async fn service_in<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
    ) -> AppResult<records::Service> {
        self.find_service(conn, slug)
            .await?
            .ok_or_else(|| AppError::not_found("service", slug))
    }

    pub(crate) async fn find_service<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
    ) -> AppResult<Option<records::Service>> {
        // Nothing that is not a slug names a service; it never reaches the database.
        let Ok(slug) = Slug::parse("slug", slug) else {
            return Ok(None);
        };
        Ok(service::Entity::find()
            .filter(service::Column::Slug.eq(slug.as_str()))
            .one(conn)
            .await?
            .map(Into::into))
    }

    async fn team_for<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
        field: &str,
    ) -> AppResult<records::Team> {
        self.find_team(conn, slug).await?.ok_or_else(|| {
            AppError::invalid(
                field,
                format!("no team with slug `{slug}`; create the team first"),
            )
        })
    }
}
