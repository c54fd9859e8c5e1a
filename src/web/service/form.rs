//! The register/edit form as typed: parsed into the catalog's input, with every problem
//! keyed by the form field it belongs to, so the page can show it next to that field.

use super::super::form_errors::FormErrors;
use crate::domain::catalog::{Lifecycle, Link, LinkKind, Monitoring, Tier};
use crate::domain::change::PrCheckPolicy;
use crate::domain::records;
use crate::services::catalog::{
    LinkInput, MonitoringInput, NewService, ServiceChanges, check_service_input,
};
use chrono::NaiveDate;
use serde::Deserialize;

/// Empty link rows offered below the filled ones.
const SPARE_LINK_ROWS: usize = 2;

/// One link row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkRow {
    /// `runbook`, `dashboard`, …
    pub kind: String,
    /// Label.
    pub title: String,
    /// URL.
    pub url: String,
}

/// The form's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceForm {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub team: String,
    pub tier: String,
    pub lifecycle: String,
    pub repository: String,
    /// Directory inside the repository; `None` when not posted (unchanged on edit).
    pub repository_path: Option<String>,
    /// `block_regressions`, `informational` or `block_no_go`; `None` when not posted
    /// (unchanged on edit, the default on register).
    pub pr_check_policy: Option<String>,
    pub monitoring_job: String,
    pub monitoring_namespace: String,
    /// One label matcher per line.
    pub monitoring_matchers: String,
    /// `YYYY-MM-DD` or empty.
    pub launch_target: String,
    pub links: Vec<LinkRow>,
    /// The version the form was loaded at (edit only).
    pub version: String,
}

/// The register/edit form as posted (read with a
/// [`LastValueForm`](super::super::posted::LastValueForm): a field posted twice keeps its last
/// value). Link rows come as repeated `link_kind`, `link_title`, `link_url` fields, in row
/// order.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServicePost {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub team: String,
    pub tier: String,
    pub lifecycle: String,
    pub repository: String,
    /// Absent: unchanged on edit.
    pub repository_path: Option<String>,
    /// Absent: unchanged on edit, the default on register.
    pub pr_check_policy: Option<String>,
    pub monitoring_job: String,
    pub monitoring_namespace: String,
    pub monitoring_matchers: String,
    pub launch_target: String,
    pub version: String,
    /// Every link row's kind.
    pub link_kind: Vec<String>,
    /// Every link row's title.
    pub link_title: Vec<String>,
    /// Every link row's URL.
    pub link_url: Vec<String>,
}

fn link_kind_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Runbook => "Runbook",
        LinkKind::Dashboard => "Dashboard",
        LinkKind::Oncall => "On-call",
        LinkKind::Docs => "Docs",
        LinkKind::Repository => "Repository",
        LinkKind::Other => "Link",
    }
}

/// Link kinds for the select box: `(value, label)`.
pub fn link_kinds() -> impl Iterator<Item = (&'static str, &'static str)> {
    LinkKind::ALL
        .iter()
        .map(|k| (k.as_str(), link_kind_label(*k)))
}

impl ServiceForm {
    /// The form as posted; blank link rows are dropped, so row numbers in errors match the
    /// rows shown.
    pub fn from_post(post: ServicePost) -> Self {
        let rows = post
            .link_kind
            .len()
            .max(post.link_title.len())
            .max(post.link_url.len());
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let links = (0..rows)
            .map(|i| LinkRow {
                kind: at(&post.link_kind, i),
                title: at(&post.link_title, i),
                url: at(&post.link_url, i),
            })
            .filter(|r| !r.title.trim().is_empty() || !r.url.trim().is_empty())
            .collect();
        Self {
            slug: post.slug,
            name: post.name,
            description: post.description,
            team: post.team,
            tier: post.tier,
            lifecycle: post.lifecycle,
            repository: post.repository,
            repository_path: post.repository_path,
            pr_check_policy: post.pr_check_policy,
            monitoring_job: post.monitoring_job,
            monitoring_namespace: post.monitoring_namespace,
            monitoring_matchers: post.monitoring_matchers,
            launch_target: post.launch_target,
            links,
            version: post.version,
        }
    }

    /// The form filled with a stored service.
    pub fn from_service(svc: &records::Service, team_slug: &str) -> Self {
        let m: Option<Monitoring> = svc
            .monitoring
            .clone()
            .and_then(|v| serde_json::from_value(v).ok());
        let links: Vec<Link> = serde_json::from_value(svc.links.clone()).unwrap_or_default();
        Self {
            slug: svc.slug.clone(),
            name: svc.name.clone(),
            description: svc.description.clone(),
            team: team_slug.to_owned(),
            tier: svc.tier.as_str().to_owned(),
            lifecycle: svc.lifecycle.as_str().to_owned(),
            repository: svc.repository.clone().unwrap_or_default(),
            repository_path: Some(svc.repository_path.clone().unwrap_or_default()),
            pr_check_policy: Some(svc.pr_check_policy.as_str().to_owned()),
            monitoring_job: m.as_ref().and_then(|m| m.job.clone()).unwrap_or_default(),
            monitoring_namespace: m
                .as_ref()
                .and_then(|m| m.namespace.clone())
                .unwrap_or_default(),
            monitoring_matchers: m.map(|m| m.matchers.join("\n")).unwrap_or_default(),
            launch_target: svc.launch_target.map(|d| d.to_string()).unwrap_or_default(),
            links: links
                .into_iter()
                .map(|l| LinkRow {
                    kind: l.kind.as_str().into(),
                    title: l.title,
                    url: l.url,
                })
                .collect(),
            version: svc.version.to_string(),
        }
    }

    /// Fills the fields the post left out with the stored service's values, so an edit
    /// leaves them unchanged and the form shows them if it comes back.
    pub fn keep_unposted(&mut self, svc: &records::Service) {
        self.repository_path
            .get_or_insert_with(|| svc.repository_path.clone().unwrap_or_default());
        self.pr_check_policy
            .get_or_insert_with(|| svc.pr_check_policy.as_str().to_owned());
    }

    /// The directory in the repository as typed ("" when not posted).
    pub fn repository_path_value(&self) -> &str {
        self.repository_path.as_deref().unwrap_or("")
    }

    /// The chosen pull request check policy's value (the default when not posted).
    pub fn pr_check_policy_value(&self) -> &str {
        self.pr_check_policy
            .as_deref()
            .unwrap_or(PrCheckPolicy::BlockRegressions.as_str())
    }

    /// The link rows to show: the typed ones and a few empty ones.
    pub fn rows_to_show(&self) -> Vec<LinkRow> {
        let mut rows = self.links.clone();
        rows.extend(std::iter::repeat_n(LinkRow::default(), SPARE_LINK_ROWS));
        rows
    }

    /// Parses the form into the catalog's input, with every problem found; the second value
    /// maps each submitted link to its form row (see [`FormErrors::add_service_error`]).
    pub fn parse(&self) -> (NewService, Vec<usize>, FormErrors) {
        let mut errors = FormErrors::default();
        let tier = Tier::parse("tier", self.tier.trim()).unwrap_or_else(|_| {
            errors.add("tier", "choose a tier");
            Tier::Tier4
        });
        let lifecycle = Lifecycle::parse("lifecycle", self.lifecycle.trim()).unwrap_or_else(|_| {
            errors.add("lifecycle", "choose a lifecycle stage");
            Lifecycle::Development
        });
        if self.team.trim().is_empty() {
            errors.add("team", "choose the team that owns the service");
        }
        let pr_check_policy = self.pr_check_policy.as_deref().and_then(|p| {
            PrCheckPolicy::parse("pr_check_policy", p.trim())
                .map_err(|_| errors.add("pr_check_policy", "choose what pull request checks do"))
                .ok()
        });
        let launch_target = match self.launch_target.trim() {
            "" => None,
            d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| errors.add("launch_target", "must be a date like 2026-03-31"))
                .ok(),
        };
        let (mut links, mut rows) = (Vec::new(), Vec::new());
        for (i, r) in self.links.iter().enumerate() {
            if r.title.trim().is_empty() && r.url.trim().is_empty() {
                continue;
            }
            let Ok(kind) = LinkKind::parse("kind", r.kind.trim()) else {
                errors.add(format!("link_kind_{i}"), "choose what the link points at");
                continue;
            };
            let title = match r.title.trim() {
                "" => link_kind_label(kind).to_owned(),
                t => t.to_owned(),
            };
            links.push(LinkInput {
                kind,
                title,
                url: r.url.trim().to_owned(),
            });
            rows.push(i);
        }
        let matchers: Vec<String> = self
            .monitoring_matchers
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let blank = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let monitoring = MonitoringInput {
            job: blank(&self.monitoring_job),
            namespace: blank(&self.monitoring_namespace),
            matchers,
        };
        let has_monitoring = monitoring.job.is_some()
            || monitoring.namespace.is_some()
            || !monitoring.matchers.is_empty();
        let input = NewService {
            slug: self.slug.trim().to_owned(),
            name: self.name.clone(),
            description: blank(&self.description),
            team_slug: self.team.trim().to_owned(),
            tier,
            lifecycle,
            repository: blank(&self.repository),
            monitoring: has_monitoring.then_some(monitoring),
            links,
            launch_target,
            repository_path: self.repository_path.as_deref().map(|p| p.trim().to_owned()),
            pr_check_policy,
        };
        for e in check_service_input(&input) {
            errors.add_service_error(&e, &rows);
        }
        (input, rows, errors)
    }
}

/// Every field of a parsed form as a full replacement of the stored service's fields.
pub fn as_changes(input: NewService) -> ServiceChanges {
    ServiceChanges {
        name: Some(input.name),
        description: Some(input.description.unwrap_or_default()),
        team_slug: Some(input.team_slug),
        tier: Some(input.tier),
        lifecycle: Some(input.lifecycle),
        repository: Some(input.repository.unwrap_or_default()),
        monitoring: Some(input.monitoring),
        links: Some(input.links),
        launch_target: Some(input.launch_target),
        // Not posted: `None` leaves the stored value.
        repository_path: input.repository_path,
        pr_check_policy: input.pr_check_policy,
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
