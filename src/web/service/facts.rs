//! What the service page shows beside the scorecard: dependencies, the capacity plan,
//! links, and where its code is checked.

use super::super::format::{self, GateView};
use crate::domain::catalog::{DependencyKind, Link, Monitoring};
use crate::domain::records;
use crate::domain::scoring::Decision;
use crate::services::catalog::capacity::plan_of;

/// A dependency with, for catalog services, that service's own gate.
#[derive(Debug, Clone)]
pub struct DepView {
    /// Id and version, for its remove button.
    pub id: i64,
    pub version: i64,
    /// Service name or external system.
    pub name: String,
    /// Slug of the catalog service, for its link.
    pub slug: Option<String>,
    /// `Hard` or `Soft`.
    pub kind: &'static str,
    /// The dependency's own gate (catalog services with a scorecard).
    pub gate: Option<GateView>,
    /// A hard dependency whose gate is NO_GO: it holds this service back.
    pub blocks: bool,
    /// Timeout, retry and fallback notes in one line.
    pub notes: String,
}

/// Turns a dependency into its view; `target` is the catalog service and its gate.
pub fn dep_view(
    d: &records::Dependency,
    target: Option<(&records::Service, Option<Decision>)>,
) -> DepView {
    let hard = d.kind == DependencyKind::Hard;
    let mut notes = Vec::new();
    if let Some(t) = d.timeout_ms {
        notes.push(format!("timeout {t} ms"));
    }
    if let Some(r) = &d.retry_policy {
        notes.push(format!("retries: {r}"));
    }
    if let Some(f) = &d.fallback {
        notes.push(format!("fallback: {f}"));
    }
    let gate = target.and_then(|(_, g)| g);
    DepView {
        id: d.id,
        version: d.version,
        name: target.map_or_else(
            || d.external_name.clone().unwrap_or_default(),
            |(s, _)| s.name.clone(),
        ),
        slug: target.map(|(s, _)| s.slug.clone()),
        kind: if hard { "Hard" } else { "Soft" },
        gate: gate.map(format::gate),
        blocks: hard && gate == Some(Decision::NoGo),
        notes: notes.join(" · "),
    }
}

/// The capacity plan's figures.
#[derive(Debug, Clone)]
pub struct CapacityView {
    /// Peak demand, rps.
    pub peak: String,
    /// Replicas × unit capacity, in words.
    pub provisioned: String,
    /// Share used at peak.
    pub utilization: String,
    /// Spare capacity at peak.
    pub headroom: String,
    /// Targeted headroom.
    pub target: String,
    /// Whether the target is met.
    pub meets: bool,
    /// Growth per month.
    pub growth: String,
    /// Months until growth eats the headroom, in words.
    pub runway: String,
    /// Peak with the biggest planned event, when there are events.
    pub event_peak: Option<String>,
    /// Load-test evidence.
    pub load_test_url: Option<String>,
    /// Last review of the plan.
    pub reviewed: Option<String>,
}

/// Turns a stored plan into its view (`None` if its numbers no longer validate).
pub fn capacity_view(row: &records::CapacityPlan) -> Option<CapacityView> {
    let p = plan_of(row)?;
    let rps = |v: f64| format!("{} rps", format::number(v, 2));
    Some(CapacityView {
        peak: rps(p.peak_rps),
        provisioned: format!(
            "{} ({} × {})",
            rps(p.capacity_rps()),
            p.replicas,
            rps(p.unit_capacity_rps)
        ),
        utilization: format!("{}%", format::number(p.utilization() * 100.0, 1)),
        headroom: format!("{}%", format::number(p.headroom_pct(), 1)),
        target: format!("{}%", format::number(p.headroom_target_pct, 2)),
        meets: p.meets_headroom_target(),
        growth: format!("{}% per month", format::number(p.growth_pct_per_month, 2)),
        runway: match p.months_until_headroom_exhausted() {
            Some(0) => "Already below the headroom target".into(),
            Some(1) => "About 1 month until growth uses up the headroom".into(),
            Some(m) => format!("About {m} months until growth uses up the headroom"),
            None => "Demand is not growing".into(),
        },
        event_peak: (!p.planned_events.is_empty()).then(|| rps(p.event_peak_rps())),
        load_test_url: row.load_test_url.clone(),
        reviewed: row.reviewed_at.map(format::instant),
    })
}

/// A link to show.
#[derive(Debug, Clone)]
pub struct LinkView {
    /// What it points at, in words.
    pub kind: &'static str,
    /// Label.
    pub title: String,
    /// URL.
    pub url: String,
}

/// The service's stored links, plus its repository when that is on GitHub.
pub fn link_views(svc: &records::Service) -> Vec<LinkView> {
    let mut out = Vec::new();
    if let Some(repo) = svc
        .repository
        .as_deref()
        .filter(|r| !r.starts_with("file:"))
    {
        out.push(LinkView {
            kind: "Repository",
            title: repo.to_owned(),
            url: format!("https://github.com/{repo}"),
        });
    }
    let links: Vec<Link> = serde_json::from_value(svc.links.clone()).unwrap_or_default();
    out.extend(links.into_iter().map(|l| LinkView {
        kind: match l.kind.as_str() {
            "runbook" => "Runbook",
            "dashboard" => "Dashboard",
            "oncall" => "On-call",
            "docs" => "Docs",
            "repository" => "Repository",
            _ => "Link",
        },
        title: l.title,
        url: l.url,
    }));
    out
}

/// The monitoring selector in PromQL form, when set.
pub fn monitoring(svc: &records::Service) -> Option<String> {
    let m: Monitoring = serde_json::from_value(svc.monitoring.clone()?).ok()?;
    Some(m.selector()).filter(|s| !s.is_empty())
}

/// Where the service's code is checked and what its pull request checks do.
#[derive(Debug, Clone)]
pub struct CodeFacts {
    /// The service's directory inside the repository, when not the root.
    pub path: Option<String>,
    /// The pull request check policy, in words.
    pub pr_checks: &'static str,
    /// What that policy does to a pull request.
    pub pr_checks_detail: &'static str,
}

/// The repository facts, when the service has a repository (without one there is nothing
/// to check).
pub fn code_facts(svc: &records::Service) -> Option<CodeFacts> {
    svc.repository.as_ref()?;
    let (pr_checks, pr_checks_detail) = format::pr_check_policy(svc.pr_check_policy);
    Some(CodeFacts {
        path: svc.repository_path.clone().filter(|p| !p.is_empty()),
        pr_checks,
        pr_checks_detail,
    })
}
