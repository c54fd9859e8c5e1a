//! Use cases for services: register, edit, archive, look up and list.

use super::{Actor, Services, audit, check_version, stale_or_missing};
use crate::domain::FieldError;
use crate::domain::catalog::{Lifecycle, Link, LinkKind, Monitoring, Repository, Tier};
use crate::domain::ids::Slug;
use crate::domain::validation::{optional_prose, required_text};
use crate::error::{AppError, AppResult};
use crate::store::entities::{service, team};
use crate::store::unique::insert_unless_taken;
use crate::store::versioned::update_if_version;
use crate::verify::repo::LocalRoots;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, Set};

/// Prometheus selector input.
#[derive(Debug, Clone, Default)]
pub struct MonitoringInput {
    /// `job` label value.
    pub job: Option<String>,
    /// Namespace label value.
    pub namespace: Option<String>,
    /// Extra matchers such as `app="checkout"`.
    pub matchers: Vec<String>,
}

/// A link as entered.
#[derive(Debug, Clone)]
pub struct LinkInput {
    /// What it points at.
    pub kind: LinkKind,
    /// Label.
    pub title: String,
    /// URL.
    pub url: String,
}

/// Input for registering a service.
#[derive(Debug, Clone)]
pub struct NewService {
    /// URL-safe identifier.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What it does.
    pub description: Option<String>,
    /// Owning team's slug.
    pub team_slug: String,
    /// Criticality.
    pub tier: Tier,
    /// Life stage.
    pub lifecycle: Lifecycle,
    /// GitHub `owner/name` or local path.
    pub repository: Option<String>,
    /// How to find it in Prometheus.
    pub monitoring: Option<MonitoringInput>,
    /// Runbook, dashboards, on-call, ...
    pub links: Vec<LinkInput>,
    /// Planned production launch.
    pub launch_target: Option<NaiveDate>,
}

/// Edits to a service; `None` leaves a field unchanged. For the optional text fields an
/// empty string clears the value; `Some(None)` clears the monitoring selector or launch date.
#[derive(Debug, Clone, Default)]
pub struct ServiceChanges {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New owning team.
    pub team_slug: Option<String>,
    /// New tier.
    pub tier: Option<Tier>,
    /// New lifecycle stage.
    pub lifecycle: Option<Lifecycle>,
    /// New repository ("" clears).
    pub repository: Option<String>,
    /// New selector.
    pub monitoring: Option<Option<MonitoringInput>>,
    /// Replacement link list.
    pub links: Option<Vec<LinkInput>>,
    /// New launch date.
    pub launch_target: Option<Option<NaiveDate>>,
}

/// Parses a repository reference. A local path must resolve inside the allowed roots
/// (`--local-repos-root`) and is stored as the canonical directory it names.
fn parse_repository(roots: &LocalRoots, value: Option<&str>) -> AppResult<Option<String>> {
    const FIELD: &str = "input.repository";
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => match Repository::parse(FIELD, v)? {
            Repository::Local(path) => {
                let dir = roots
                    .resolve(&path)
                    .map_err(|refused| AppError::invalid(FIELD, refused.to_string()))?;
                let dir = dir.to_str().ok_or_else(|| {
                    AppError::invalid(FIELD, "the directory's path is not valid UTF-8")
                })?;
                Ok(Some(Repository::Local(dir.to_owned()).to_stored()))
            }
            github => Ok(Some(github.to_stored())),
        },
    }
}

fn parse_monitoring(value: Option<&MonitoringInput>) -> AppResult<Option<serde_json::Value>> {
    let Some(m) = value else { return Ok(None) };
    let parsed = Monitoring::parse(
        "input.monitoring",
        m.job.as_deref(),
        m.namespace.as_deref(),
        &m.matchers,
    )?;
    if parsed.job.is_none() && parsed.namespace.is_none() && parsed.matchers.is_empty() {
        return Ok(None);
    }
    Ok(Some(serde_json::to_value(parsed)?))
}

fn parse_links(links: &[LinkInput]) -> AppResult<serde_json::Value> {
    if links.len() > 50 {
        return Err(AppError::invalid("input.links", "at most 50 links"));
    }
    let parsed = links
        .iter()
        .enumerate()
        .map(|(i, l)| Link::parse("input.links", i, l.kind, &l.title, &l.url))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(serde_json::to_value(parsed)?)
}

/// Slugs that name pages rather than services (`/services/new`).
const RESERVED_SERVICE_SLUGS: [&str; 1] = ["new"];

/// A service slug: a valid slug that is not reserved.
fn service_slug(value: &str) -> Result<Slug, FieldError> {
    let slug = Slug::parse("input.slug", value)?;
    if RESERVED_SERVICE_SLUGS.contains(&slug.as_str()) {
        return Err(FieldError::new(
            "input.slug",
            format!("`{slug}` is reserved; choose another slug"),
        ));
    }
    Ok(slug)
}

/// Every problem with a service's fields, without touching the database (the owning team
/// and slug uniqueness are checked when the change is made). Forms use it to show all
/// errors at once; [`Services::create_service`] and [`Services::update_service`] apply the
/// same rules and stop at the first.
pub fn check_service_input(input: &NewService) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut note = |r: Result<(), FieldError>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    note(service_slug(&input.slug).map(drop));
    note(required_text("input.name", &input.name, 200).map(drop));
    note(optional_prose("input.description", input.description.as_deref(), 10_000).map(drop));
    if let Some(r) = input
        .repository
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        note(Repository::parse("input.repository", r).map(drop));
    }
    if let Some(m) = &input.monitoring {
        let parsed = Monitoring::parse(
            "input.monitoring",
            m.job.as_deref(),
            m.namespace.as_deref(),
            &m.matchers,
        );
        note(parsed.map(drop));
    }
    if input.links.len() > 50 {
        note(Err(FieldError::new("input.links", "at most 50 links")));
    }
    for (i, l) in input.links.iter().enumerate() {
        note(Link::parse("input.links", i, l.kind, &l.title, &l.url).map(drop));
    }
    errors
}

impl Services {
    /// Registers a service and opens its first (draft) review from the default template,
    /// so it has a scorecard from day one.
    pub async fn create_service(
        &self,
        actor: &Actor,
        input: NewService,
    ) -> AppResult<service::Model> {
        let slug = service_slug(&input.slug)?;
        let name = required_text("input.name", &input.name, 200)?;
        let description =
            optional_prose("input.description", input.description.as_deref(), 10_000)?
                .unwrap_or_default();
        let repository = parse_repository(&self.sources.local_roots, input.repository.as_deref())?;
        let monitoring = parse_monitoring(input.monitoring.as_ref())?;
        let links = parse_links(&input.links)?;
        let template = self.default_template()?;
        let now = self.now();
        let txn = self.db.write().await?;
        let team = self
            .team_for(&txn, &input.team_slug, "input.teamSlug")
            .await?;
        let row = service::ActiveModel {
            id: NotSet,
            slug: Set(slug.to_string()),
            name: Set(name),
            description: Set(description),
            team_id: Set(team.id),
            tier: Set(input.tier.as_str().into()),
            lifecycle: Set(input.lifecycle.as_str().into()),
            repository: Set(repository),
            monitoring: Set(monitoring),
            links: Set(links),
            launch_target: Set(input.launch_target),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        };
        // Also refuses a service with the same slug created concurrently, precisely.
        let Some(created) = insert_unless_taken(&txn, row, [service::Column::Slug]).await? else {
            return Err(AppError::conflict(format!(
                "a service with slug `{slug}` already exists"
            )));
        };
        audit(
            &txn,
            actor,
            "service.create",
            ("service", &created.slug),
            now,
            None::<&()>,
            Some(&created),
        )
        .await?;
        self.open_review(&txn, actor, &created, &template, None, now)
            .await?;
        txn.commit().await?;
        self.refresh_history(&[created.id]).await;
        Ok(created)
    }

    /// Edits a service if `expected_version` is still current.
    pub async fn update_service(
        &self,
        actor: &Actor,
        slug: &str,
        expected_version: i64,
        changes: ServiceChanges,
    ) -> AppResult<service::Model> {
        let expected = check_version(expected_version)?;
        let mut am = service::ActiveModel {
            ..Default::default()
        };
        if let Some(name) = &changes.name {
            am.name = Set(required_text("input.name", name, 200)?);
        }
        if let Some(d) = &changes.description {
            am.description =
                Set(optional_prose("input.description", Some(d), 10_000)?.unwrap_or_default());
        }
        if let Some(t) = changes.tier {
            am.tier = Set(t.as_str().into());
        }
        if let Some(l) = changes.lifecycle {
            am.lifecycle = Set(l.as_str().into());
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
        let now = self.now();
        am.updated_at = Set(now);
        let txn = self.db.write().await?;
        if let Some(team_slug) = &changes.team_slug {
            am.team_id = Set(self.team_for(&txn, team_slug, "input.teamSlug").await?.id);
        }
        let before = self.service_in(&txn, slug).await?;
        let after = self
            .apply_service_update(&txn, actor, "service.update", before, expected, am, now)
            .await?;
        txn.commit().await?;
        self.refresh_history(&[after.id]).await;
        Ok(after)
    }

    /// Archives a service: it disappears from default listings but keeps its history.
    pub async fn archive_service(
        &self,
        actor: &Actor,
        slug: &str,
        expected_version: i64,
    ) -> AppResult<service::Model> {
        let expected = check_version(expected_version)?;
        let now = self.now();
        let txn = self.db.write().await?;
        let before = self.service_in(&txn, slug).await?;
        if before.archived_at.is_some() {
            return Err(AppError::conflict(format!(
                "service `{slug}` is already archived"
            )));
        }
        let am = service::ActiveModel {
            archived_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = self
            .apply_service_update(&txn, actor, "service.archive", before, expected, am, now)
            .await?;
        txn.commit().await?;
        self.refresh_history(&[after.id]).await;
        Ok(after)
    }

    #[allow(clippy::too_many_arguments)]
    async fn apply_service_update(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        actor: &Actor,
        action: &str,
        before: service::Model,
        expected: i64,
        am: service::ActiveModel,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<service::Model> {
        let ok = update_if_version::<service::Entity, _>(
            txn,
            am,
            service::Column::Id,
            before.id,
            service::Column::Version,
            expected,
        )
        .await?;
        let after = service::Entity::find_by_id(before.id).one(txn).await?;
        let after = match after {
            Some(a) if ok => a,
            other => {
                return Err(stale_or_missing(
                    "service",
                    before.slug,
                    expected,
                    other.map(|s| s.version),
                ));
            }
        };
        audit(
            txn,
            actor,
            action,
            ("service", &after.slug),
            now,
            Some(&before),
            Some(&after),
        )
        .await?;
        Ok(after)
    }

    /// A service by slug (archived ones included).
    pub async fn service(&self, slug: &str) -> AppResult<service::Model> {
        self.service_in(self.db.conn(), slug).await
    }

    pub(crate) async fn service_in<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
    ) -> AppResult<service::Model> {
        self.find_service(conn, slug)
            .await?
            .ok_or_else(|| AppError::not_found("service", slug))
    }

    pub(crate) async fn find_service<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
    ) -> AppResult<Option<service::Model>> {
        // Nothing that is not a slug names a service; it never reaches the database.
        let Ok(slug) = Slug::parse("slug", slug) else {
            return Ok(None);
        };
        Ok(service::Entity::find()
            .filter(service::Column::Slug.eq(slug.as_str()))
            .one(conn)
            .await?)
    }

    async fn team_for<C: ConnectionTrait>(
        &self,
        conn: &C,
        slug: &str,
        field: &str,
    ) -> AppResult<team::Model> {
        self.find_team(conn, slug).await?.ok_or_else(|| {
            AppError::invalid(
                field,
                format!("no team with slug `{slug}`; create the team first"),
            )
        })
    }
}
