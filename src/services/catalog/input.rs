//! What a service is registered or edited with, and how that input is parsed: the rules a
//! form checks all at once ([`check_service_input`]) and the use cases apply one by one.

use crate::domain::FieldError;
use crate::domain::catalog::{Lifecycle, Link, LinkKind, Monitoring, Repository, Tier};
use crate::domain::change::PrCheckPolicy;
use crate::domain::ids::Slug;
use crate::domain::repo_subdir::RepoSubdir;
use crate::domain::validation::{optional_prose, required_text};
use crate::error::{AppError, AppResult};
use crate::verify::repo::LocalRoots;
use chrono::NaiveDate;

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
    /// Directory inside the repository (monorepos); `None` or empty for the root.
    pub repository_path: Option<String>,
    /// How its pull request checks conclude (default: block regressions).
    pub pr_check_policy: Option<PrCheckPolicy>,
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
    /// New directory inside the repository ("" means the root).
    pub repository_path: Option<String>,
    /// New pull request check policy.
    pub pr_check_policy: Option<PrCheckPolicy>,
}

/// Parses a repository reference. A local path must resolve inside the allowed roots
/// (`--local-repos-root`) and is stored as the canonical directory it names.
pub(super) fn parse_repository(
    roots: &LocalRoots,
    value: Option<&str>,
) -> AppResult<Option<String>> {
    const FIELD: &str = "repository";
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

/// Parses the service's directory inside its repository (`None` for the root).
pub(super) fn parse_repository_path(value: Option<&str>) -> AppResult<Option<String>> {
    Ok(RepoSubdir::parse("repositoryPath", value.unwrap_or(""))?.map(|d| d.as_str().to_owned()))
}

pub(super) fn parse_monitoring(
    value: Option<&MonitoringInput>,
) -> AppResult<Option<serde_json::Value>> {
    let Some(m) = value else { return Ok(None) };
    let parsed = Monitoring::parse(
        "monitoring",
        m.job.as_deref(),
        m.namespace.as_deref(),
        &m.matchers,
    )?;
    if parsed.job.is_none() && parsed.namespace.is_none() && parsed.matchers.is_empty() {
        return Ok(None);
    }
    Ok(Some(serde_json::to_value(parsed)?))
}

pub(super) fn parse_links(links: &[LinkInput]) -> AppResult<serde_json::Value> {
    if links.len() > 50 {
        return Err(AppError::invalid("links", "at most 50 links"));
    }
    let parsed = links
        .iter()
        .enumerate()
        .map(|(i, l)| Link::parse("links", i, l.kind, &l.title, &l.url))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(serde_json::to_value(parsed)?)
}

/// Slugs that name pages rather than services (`/services/new`).
const RESERVED_SERVICE_SLUGS: [&str; 1] = ["new"];

/// A service slug: a valid slug that is not reserved.
pub(super) fn service_slug(value: &str) -> Result<Slug, FieldError> {
    let slug = Slug::parse("slug", value)?;
    if RESERVED_SERVICE_SLUGS.contains(&slug.as_str()) {
        return Err(FieldError::new(
            "slug",
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
    note(required_text("name", &input.name, 200).map(drop));
    note(optional_prose("description", input.description.as_deref(), 10_000).map(drop));
    if let Some(r) = input
        .repository
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        note(Repository::parse("repository", r).map(drop));
    }
    if let Some(p) = &input.repository_path {
        note(RepoSubdir::parse("repositoryPath", p).map(drop));
    }
    if let Some(m) = &input.monitoring {
        let parsed = Monitoring::parse(
            "monitoring",
            m.job.as_deref(),
            m.namespace.as_deref(),
            &m.matchers,
        );
        note(parsed.map(drop));
    }
    if input.links.len() > 50 {
        note(Err(FieldError::new("links", "at most 50 links")));
    }
    for (i, l) in input.links.iter().enumerate() {
        note(Link::parse("links", i, l.kind, &l.title, &l.url).map(drop));
    }
    errors
}
