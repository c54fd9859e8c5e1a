//! Mutations on teams and services.

use crate::graphql::enums::{Lifecycle, LinkKind, PrCheckPolicy, Tier};
use crate::graphql::error::GqlResult;
use crate::graphql::types::{Service, Team};
use crate::graphql::{actor, svc};
use crate::services::catalog::teams::{NewTeam, TeamChanges};
use crate::services::catalog::{
    LinkInput as SLink, MonitoringInput as SMonitoring, NewService, ServiceChanges,
};
use async_graphql::{Context, InputObject, MaybeUndefined, Object, Result};
use chrono::NaiveDate;

/// Input of `createTeam`.
#[derive(InputObject)]
pub struct CreateTeamInput {
    /// URL-safe identifier (lowercase letters, digits, hyphens).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What the team owns.
    pub description: Option<String>,
    /// Where to reach the team.
    pub contact_channel: Option<String>,
    /// On-call schedule URL.
    pub oncall_url: Option<String>,
}

/// Input of `updateTeam`: omitted fields stay as they are; an empty string clears.
#[derive(InputObject, Default)]
pub struct UpdateTeamInput {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New contact channel.
    pub contact_channel: Option<String>,
    /// New on-call URL.
    pub oncall_url: Option<String>,
}

/// Prometheus selector.
#[derive(InputObject)]
pub struct MonitoringInput {
    /// `job` label value.
    pub job: Option<String>,
    /// Namespace label value.
    pub namespace: Option<String>,
    /// Extra label matchers such as `app="checkout"`.
    #[graphql(default)]
    pub matchers: Vec<String>,
}

/// A link.
#[derive(InputObject)]
pub struct LinkInput {
    /// What it points at.
    pub kind: LinkKind,
    /// Label.
    pub title: String,
    /// Absolute http(s) URL.
    pub url: String,
}

/// Input of `createService`.
#[derive(InputObject)]
pub struct CreateServiceInput {
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
    /// Life stage (default DEVELOPMENT).
    pub lifecycle: Option<Lifecycle>,
    /// GitHub `owner/name`, a URL, or a local path.
    pub repository: Option<String>,
    /// How to find it in Prometheus.
    pub monitoring: Option<MonitoringInput>,
    /// Runbook, dashboards, on-call, ...
    #[graphql(default)]
    pub links: Vec<LinkInput>,
    /// Planned production launch.
    pub launch_target: Option<NaiveDate>,
    /// The service's directory inside its repository, for monorepos (default: the root).
    pub repository_path: Option<String>,
    /// How its pull request checks conclude (default BLOCK_REGRESSIONS).
    pub pr_check_policy: Option<PrCheckPolicy>,
}

/// Input of `updateService`: omitted fields stay; `null` clears monitoring or launchTarget.
#[derive(InputObject, Default)]
pub struct UpdateServiceInput {
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
    /// New repository (empty string clears).
    pub repository: Option<String>,
    /// New selector (null clears).
    pub monitoring: MaybeUndefined<MonitoringInput>,
    /// Replacement links.
    pub links: Option<Vec<LinkInput>>,
    /// New launch date (null clears).
    pub launch_target: MaybeUndefined<NaiveDate>,
    /// New directory inside the repository (empty string: the root).
    pub repository_path: Option<String>,
    /// New pull request check policy.
    pub pr_check_policy: Option<PrCheckPolicy>,
}

fn monitoring(m: MonitoringInput) -> SMonitoring {
    SMonitoring {
        job: m.job,
        namespace: m.namespace,
        matchers: m.matchers,
    }
}

fn links(l: Vec<LinkInput>) -> Vec<SLink> {
    l.into_iter()
        .map(|l| SLink {
            kind: l.kind.into(),
            title: l.title,
            url: l.url,
        })
        .collect()
}

fn maybe<T, U>(v: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(x) => Some(Some(f(x))),
    }
}

/// Team and service mutations.
#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Registers a team.
    async fn create_team(&self, ctx: &Context<'_>, input: CreateTeamInput) -> Result<Team> {
        let input = NewTeam {
            slug: input.slug,
            name: input.name,
            description: input.description,
            contact_channel: input.contact_channel,
            oncall_url: input.oncall_url,
        };
        svc(ctx)
            .create_team(actor(ctx), input)
            .await
            .map(Team)
            .gql_in(&[])
    }

    /// Edits a team; fails with CONFLICT if `expectedVersion` is stale.
    async fn update_team(
        &self,
        ctx: &Context<'_>,
        slug: String,
        expected_version: i64,
        input: UpdateTeamInput,
    ) -> Result<Team> {
        let changes = TeamChanges {
            name: input.name,
            description: input.description,
            contact_channel: input.contact_channel,
            oncall_url: input.oncall_url,
        };
        svc(ctx)
            .update_team(actor(ctx), &slug, expected_version, changes)
            .await
            .map(Team)
            .gql_in(&["slug", "expected_version"])
    }

    /// Registers a service and opens its first draft review from the default template.
    async fn create_service(
        &self,
        ctx: &Context<'_>,
        input: CreateServiceInput,
    ) -> Result<Service> {
        let input = NewService {
            slug: input.slug,
            name: input.name,
            description: input.description,
            team_slug: input.team_slug,
            tier: input.tier.into(),
            lifecycle: input
                .lifecycle
                .map_or(crate::domain::catalog::Lifecycle::Development, Into::into),
            repository: input.repository,
            monitoring: input.monitoring.map(monitoring),
            links: links(input.links),
            launch_target: input.launch_target,
            repository_path: input.repository_path,
            pr_check_policy: input.pr_check_policy.map(Into::into),
        };
        svc(ctx)
            .create_service(actor(ctx), input)
            .await
            .map(Service)
            .gql_in(&[])
    }

    /// Edits a service; fails with CONFLICT if `expectedVersion` is stale.
    async fn update_service(
        &self,
        ctx: &Context<'_>,
        slug: String,
        expected_version: i64,
        input: UpdateServiceInput,
    ) -> Result<Service> {
        let changes = ServiceChanges {
            name: input.name,
            description: input.description,
            team_slug: input.team_slug,
            tier: input.tier.map(Into::into),
            lifecycle: input.lifecycle.map(Into::into),
            repository: input.repository,
            monitoring: maybe(input.monitoring, monitoring),
            links: input.links.map(links),
            launch_target: maybe(input.launch_target, |d| d),
            repository_path: input.repository_path,
            pr_check_policy: input.pr_check_policy.map(Into::into),
        };
        svc(ctx)
            .update_service(actor(ctx), &slug, expected_version, changes)
            .await
            .map(Service)
            .gql_in(&["slug", "expected_version"])
    }

    /// Archives a service (hidden from default listings; history kept).
    async fn archive_service(
        &self,
        ctx: &Context<'_>,
        slug: String,
        expected_version: i64,
    ) -> Result<Service> {
        svc(ctx)
            .archive_service(actor(ctx), &slug, expected_version)
            .await
            .map(Service)
            .gql()
    }
}
