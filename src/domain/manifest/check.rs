//! The rules after the schema: every field through the parser the API uses for it, plus
//! what only a whole manifest can break (duplicates, a service depending on itself).
//! Problems are collected as (JSON pointer, message) pairs; `parse.rs` locates them.

pub(super) use super::problems::Problem;
use super::problems::{Problems, date};
use super::raw::{RawCapacity, RawDependency, RawManifest, RawService, RawSlo};
use super::{
    Attestation, CapacitySpec, DependencySpec, DependencyTarget, Manifest, ServiceSpec, SloSpec,
};
use crate::domain::capacity::{CapacityPlan, PlannedEvent};
use crate::domain::catalog::{Link, Monitoring};
use crate::domain::ids::{ItemKey, Slug};
use crate::domain::slo::{Objective, Sli, WindowDays};
use crate::domain::validation::{http_url, optional_prose, optional_text, required_text};
use std::collections::HashSet;

/// Checks every rule; the manifest, or every problem found.
pub(super) fn check(raw: RawManifest) -> Result<Manifest, Vec<Problem>> {
    let mut p = Problems(Vec::new());
    // The schema pins both; kept here so the typed path never reads another format.
    if raw.api_version != super::API_VERSION {
        p.at(
            "/apiVersion".into(),
            format!("must be `{}`", super::API_VERSION),
        );
    }
    if raw.kind != super::KIND {
        p.at("/kind".into(), format!("must be `{}`", super::KIND));
    }
    let service = service(&mut p, raw.service);
    let slos = slos(&mut p, raw.slos);
    let dependencies = dependencies(&mut p, raw.dependencies, service.as_ref().map(|s| &s.slug));
    let capacity = raw.capacity.map(|c| capacity(&mut p, c));
    let mut seen = HashSet::new();
    let mut attestations = Vec::new();
    for (i, a) in raw.attestations.into_iter().enumerate() {
        let base = format!("/attestations/{i}");
        let item = p.take(&base, ItemKey::parse("item", &a.item));
        let evidence = p.take(&base, http_url("evidence", &a.evidence));
        let note = p.take(&base, optional_prose("note", a.note.as_deref(), 4000));
        let date = p.take(&base, date("date", &a.date));
        if let Some(item) = &item
            && !seen.insert(item.clone())
        {
            p.at(
                format!("{base}/item"),
                format!("item `{item}` is attested more than once; keep one entry per item"),
            );
        }
        if let (Some(item), Some(evidence), Some(note), Some(date)) = (item, evidence, note, date) {
            attestations.push(Attestation {
                item,
                evidence,
                date,
                note,
            });
        }
    }
    match (service, p.0.is_empty()) {
        (Some(service), true) => Ok(Manifest {
            service,
            slos,
            dependencies,
            capacity: capacity.flatten(),
            attestations,
        }),
        _ => Err(p.0),
    }
}

fn service(p: &mut Problems, s: RawService) -> Option<ServiceSpec> {
    let b = "/service";
    let slug = p.take(b, Slug::parse("slug", &s.slug));
    let name = p.take(b, required_text("name", &s.name, 200));
    let team = p.take(b, Slug::parse("team", &s.team));
    let description = p.take(
        b,
        optional_prose("description", s.description.as_deref(), 10_000),
    );
    if s.links.len() > 50 {
        p.at(format!("{b}/links"), "at most 50 links");
    }
    let links: Vec<Link> = s
        .links
        .iter()
        .enumerate()
        .filter_map(|(i, l)| p.take(b, Link::parse("links", i, l.kind, &l.title, &l.url)))
        .collect();
    let monitoring = s.monitoring.and_then(|m| {
        let parsed = Monitoring::parse(
            "monitoring",
            m.job.as_deref(),
            m.namespace.as_deref(),
            &m.matchers,
        );
        p.take(b, parsed)
            .filter(|m| m.job.is_some() || m.namespace.is_some() || !m.matchers.is_empty())
    });
    Some(ServiceSpec {
        slug: slug?,
        name: name?,
        team: team?,
        tier: s.tier,
        lifecycle: s.lifecycle,
        description: description?.unwrap_or_default(),
        links,
        monitoring,
    })
}

fn slos(p: &mut Problems, raw: Vec<RawSlo>) -> Vec<SloSpec> {
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for (i, s) in raw.into_iter().enumerate() {
        let base = format!("/slos/{i}");
        let name = p.take(&base, required_text("name", &s.name, 100));
        if let Some(n) = &name
            && !names.insert(n.clone())
        {
            p.at(
                format!("{base}/name"),
                format!("SLO name `{n}` is used more than once; names are unique per service"),
            );
        }
        let description = p.take(
            &base,
            optional_prose("description", s.description.as_deref(), 4000),
        );
        let sli = p.take(
            &format!("{base}/sli"),
            Sli::parse(
                s.sli.kind,
                s.sli.good_query.as_deref(),
                s.sli.total_query.as_deref(),
                s.sli.latency_metric.as_deref(),
                s.sli.latency_threshold_seconds,
            ),
        );
        let objective = p.take(
            &base,
            Objective::parse("objective_percent", s.objective_percent),
        );
        let window = p.take(
            &base,
            WindowDays::parse("window_days", s.window_days.unwrap_or(28)),
        );
        if let (Some(name), Some(description), Some(sli), Some(objective), Some(window)) =
            (name, description, sli, objective, window)
        {
            out.push(SloSpec {
                name,
                description,
                sli,
                objective,
                window,
            });
        }
    }
    out
}

fn dependencies(
    p: &mut Problems,
    raw: Vec<RawDependency>,
    own: Option<&Slug>,
) -> Vec<DependencySpec> {
    let mut targets = HashSet::new();
    let mut out = Vec::new();
    for (i, d) in raw.into_iter().enumerate() {
        let base = format!("/dependencies/{i}");
        let target = match (&d.service, &d.external) {
            (Some(s), None) => p
                .take(&base, Slug::parse("service", s))
                .map(DependencyTarget::Service),
            (None, Some(e)) => p
                .take(&base, optional_text("external", Some(e), 200))
                .map(|e| e.map(DependencyTarget::External))
                .unwrap_or_else(|| {
                    p.at(format!("{base}/external"), "must not be empty");
                    None
                }),
            _ => {
                p.at(
                    base.clone(),
                    "give exactly one of `service` (a service in the catalog) or `external` (a system outside it)",
                );
                None
            }
        };
        if let (Some(DependencyTarget::Service(t)), Some(own)) = (&target, own)
            && t == own
        {
            p.at(
                format!("{base}/service"),
                "a service cannot depend on itself",
            );
        }
        if let Some(t) = &target
            && !targets.insert(t.clone())
        {
            let what = match t {
                DependencyTarget::Service(s) => format!("service `{s}`"),
                DependencyTarget::External(n) => format!("`{n}`"),
            };
            p.at(base.clone(), format!("{what} is listed more than once"));
        }
        if let Some(ms) = d.timeout_ms
            && !(1..=3_600_000).contains(&ms)
        {
            p.at(
                format!("{base}/timeout_ms"),
                format!("must be between 1 and 3600000 milliseconds (got {ms})"),
            );
        }
        let retry_policy = p.take(
            &base,
            optional_prose("retry_policy", d.retry_policy.as_deref(), 2000),
        );
        let fallback = p.take(
            &base,
            optional_prose("fallback", d.fallback.as_deref(), 2000),
        );
        if let (Some(target), Some(retry_policy), Some(fallback)) = (target, retry_policy, fallback)
        {
            out.push(DependencySpec {
                target,
                kind: d.kind,
                timeout_ms: d.timeout_ms,
                retry_policy,
                fallback,
            });
        }
    }
    out
}

fn capacity(p: &mut Problems, c: RawCapacity) -> Option<CapacitySpec> {
    let base = "/capacity";
    let mut events = Vec::with_capacity(c.planned_events.len());
    for (i, e) in c.planned_events.into_iter().enumerate() {
        let field = format!("planned_events[{i}].date");
        if let Some(d) = p.take(base, date(&field, &e.date)) {
            events.push(PlannedEvent {
                name: e.name,
                date: d,
                peak_multiplier: e.peak_multiplier,
            });
        }
    }
    let reviewed_at = match c.reviewed_at.as_deref() {
        None => Some(None),
        Some(d) => p.take(base, date("reviewed_at", d)).map(Some),
    };
    let plan = p.take(
        base,
        CapacityPlan::parse(
            c.peak_rps,
            c.unit_capacity_rps,
            c.replicas,
            c.growth_pct_per_month,
            c.headroom_target_pct,
            events,
        ),
    );
    let load_test_url = match c.load_test_url.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(u) => p.take(base, http_url("load_test_url", u)).map(Some),
    };
    Some(CapacitySpec {
        plan: plan?,
        load_test_url: load_test_url?,
        reviewed_at: reviewed_at?,
    })
}
