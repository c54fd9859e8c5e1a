//! Use cases for service dependencies.

use crate::domain::catalog::DependencyKind;
use crate::domain::records;
use crate::domain::validation::{optional_prose, optional_text};
use crate::error::{AppError, AppResult};
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::dependency;
use crate::store::unique::insert_unless_taken;
use sea_orm::{EntityTrait, NotSet, Set};

/// Input for declaring a dependency: on another service, or on an external system.
#[derive(Debug, Clone)]
pub struct NewDependency {
    /// The dependent service.
    pub service_slug: String,
    /// A service in the catalog it depends on.
    pub target_service_slug: Option<String>,
    /// Or an external system (e.g. `Stripe API`).
    pub external_name: Option<String>,
    /// Hard or soft.
    pub kind: DependencyKind,
    /// Client timeout in milliseconds.
    pub timeout_ms: Option<i64>,
    /// Retry policy notes.
    pub retry_policy: Option<String>,
    /// What happens when it is down.
    pub fallback: Option<String>,
}

impl Services {
    /// Declares that a service depends on another service or an external system.
    pub async fn add_dependency(
        &self,
        actor: &Actor,
        input: NewDependency,
    ) -> AppResult<records::Dependency> {
        let target_slug = optional_text(
            "target_service_slug",
            input.target_service_slug.as_deref(),
            64,
        )?;
        let external = optional_text("external_name", input.external_name.as_deref(), 200)?;
        if target_slug.is_some() == external.is_some() {
            return Err(AppError::invalid(
                "target_service_slug",
                "give exactly one of targetServiceSlug (a service in the catalog) or externalName",
            ));
        }
        if let Some(t) = input.timeout_ms
            && !(1..=3_600_000).contains(&t)
        {
            return Err(AppError::invalid(
                "timeout_ms",
                "must be between 1 and 3600000 milliseconds",
            ));
        }
        let retry_policy = optional_prose("retry_policy", input.retry_policy.as_deref(), 2000)?;
        let fallback = optional_prose("fallback", input.fallback.as_deref(), 2000)?;
        let w = self.write(actor).await?;
        let service = self.service_in(w.txn(), &input.service_slug).await?;
        self.authorize_owner(
            w.txn(),
            actor,
            service.team_id,
            "change its services' dependencies",
        )
        .await?;
        let target_id = match &target_slug {
            Some(slug) => {
                let target = self.find_service(w.txn(), slug).await?.ok_or_else(|| {
                    AppError::invalid(
                        "target_service_slug",
                        format!("no service with slug `{slug}`"),
                    )
                })?;
                if target.id == service.id {
                    return Err(AppError::invalid(
                        "target_service_slug",
                        "a service cannot depend on itself",
                    ));
                }
                Some(target.id)
            }
            None => None,
        };
        let row = dependency::ActiveModel {
            id: NotSet,
            service_id: Set(service.id),
            target_service_id: Set(target_id),
            external_name: Set(external.clone()),
            kind: Set(input.kind),
            timeout_ms: Set(input.timeout_ms),
            retry_policy: Set(retry_policy),
            fallback: Set(fallback),
            version: Set(1),
            created_at: Set(w.now()),
        };
        // Also refuses the same dependency added concurrently, precisely.
        let key = [
            dependency::Column::ServiceId,
            if target_id.is_some() {
                dependency::Column::TargetServiceId
            } else {
                dependency::Column::ExternalName
            },
        ];
        let Some(created) = insert_unless_taken(w.txn(), row, key).await? else {
            return Err(AppError::conflict(format!(
                "`{}` already depends on `{}`; remove it first to change it",
                service.slug,
                target_slug
                    .as_deref()
                    .or(external.as_deref())
                    .unwrap_or_default()
            )));
        };
        w.done(
            Change::new("dependency.add", ("dependency", created.id)).after(&created),
            Some(created.service_id),
        )
        .await?;
        Ok(created.into())
    }

    /// Removes a dependency if `expected_version` is still current.
    pub async fn remove_dependency(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
    ) -> AppResult<records::Dependency> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let owner = dependency::Entity::find_by_id(id)
            .one(w.txn())
            .await?
            .ok_or_else(|| AppError::not_found("dependency", id.to_string()))?
            .service_id;
        self.authorize_service_owner(w.txn(), actor, owner, "change its services' dependencies")
            .await?;
        let before = w
            .delete::<dependency::Entity>("dependency", id, expected)
            .await?;
        w.done(
            Change::new("dependency.remove", ("dependency", id)).before(&before),
            Some(before.service_id),
        )
        .await?;
        Ok(before.into())
    }
}
