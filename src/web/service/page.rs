//! `GET /services/{slug}`: the service page — gate and reasons first, then score, levels,
//! categories, SLOs, dependencies, capacity, history, links, the `orrery.yaml` sync and the
//! README badge.

use super::super::badge::{Snippet, snippet};
use super::super::error::WebError;
use super::super::format;
use super::super::page::{Chrome, Nav, render};
use super::super::scorecard_view::{CardView, card_view};
use super::actions::{ActionView, action_views};
use super::facts::{
    self, CapacityView, CodeFacts, DepView, LinkView, capacity_view, code_facts, dep_view,
    link_views,
};
use super::history::{HistoryView, SPARK, history_view};
use super::manifest::{ManifestView, manifest_view};
use super::slo::{MEASURE_LIMIT, SloView, slo_view};
use crate::edge::AppState;
use crate::web::decision_view::{ReviewStatusView, review_status};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::BTreeSet;

/// Reasons and next steps shown before "Show N more": a new service has dozens, and the
/// first few say what to do.
const SHOWN: usize = 6;

/// Days of score history the sparkline covers.
const HISTORY_DAYS: i64 = 90;

/// Set by the redirect after a successful form post.
#[derive(Debug, Default, Deserialize)]
pub struct Flash {
    saved: Option<String>,
}

/// A service that depends on this one.
#[derive(Debug, Clone)]
pub struct DependentView {
    slug: String,
    name: String,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "service.html", config = "web/askama.toml")]
struct ServicePage {
    /// Open action items of the service's reviews, overdue first.
    actions: Vec<ActionView>,
    /// The viewer may edit the service and start its reviews, or why not.
    may_edit: bool,
    why_not_edit: String,
    page: Chrome,
    flash: Option<&'static str>,
    slug: String,
    name: String,
    description: String,
    tier: String,
    lifecycle: String,
    team_slug: String,
    team_name: String,
    team_contact: Option<String>,
    team_oncall: Option<String>,
    archived: bool,
    /// No review is open (none yet, or the last was decided or expired): offer a new one.
    can_start_review: bool,
    launch_target: Option<String>,
    repository: Option<String>,
    /// Directory in the repository and pull request checks (with a repository).
    code: Option<CodeFacts>,
    /// The README badge's Markdown.
    badge: Snippet,
    monitoring: Option<String>,
    updated: String,
    /// The current review's state, decision and any override, shown beside the gate.
    status: Option<ReviewStatusView>,
    /// "Standard operational readiness review v3".
    review_template: String,
    review_id: Option<i64>,
    /// The current checklist's address (reason groups link to its items), or empty.
    review_href: String,
    card: Option<CardView>,
    history: HistoryView,
    spark_w: f64,
    spark_h: f64,
    slos: Vec<SloView>,
    deps: Vec<DepView>,
    dependents: Vec<DependentView>,
    capacity: Option<CapacityView>,
    /// A capacity plan is stored (even one whose figures no longer read).
    has_capacity: bool,
    /// The launch gate says the service needs an SLO.
    needs_slo: bool,
    links: Vec<LinkView>,
    /// The last sync of the service's `orrery.yaml`, if any.
    manifest: Option<ManifestView>,
}

/// `GET /services/{slug}`.
pub async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let now = s.now();
    let window_start = (now - chrono::Duration::days(HISTORY_DAYS)).max(svc.created_at);
    let ids = [svc.id];
    let team_ids = [svc.team_id];
    let (teams, review, slos, deps, dependents, capacity, window, manifest, actions) = tokio::try_join!(
        s.teams_by_ids(&team_ids),
        s.current_review(svc.id),
        s.slos_by_service_ids(&ids),
        s.dependencies_by_service_ids(&ids),
        s.dependents_by_service_ids(&ids),
        s.capacity_by_service_ids(&ids),
        s.snapshots_between(&ids, Some(window_start), None),
        s.manifest_status(svc.id),
        s.open_action_items_of_service(svc.id),
    )?;
    let deps = deps.get(&svc.id).cloned().unwrap_or_default();
    let dependents = dependents.get(&svc.id).cloned().unwrap_or_default();
    let window = window.get(&svc.id).cloned().unwrap_or_default();
    let targets: BTreeSet<i64> = deps.iter().filter_map(|d| d.target_service_id).collect();
    let mut scored: Vec<i64> = vec![svc.id];
    scored.extend(targets.iter().copied());
    let related: Vec<i64> = targets
        .iter()
        .copied()
        .chain(dependents.iter().map(|d| d.service_id))
        .collect();
    let (cards, related, before) = tokio::try_join!(
        s.scorecards_for_services(&scored),
        s.services_by_ids(&related),
        async {
            if window.is_empty() {
                s.latest_snapshots(&ids).await
            } else {
                Ok(Default::default())
            }
        },
    )?;
    let slos = slos.get(&svc.id).cloned().unwrap_or_default();
    let measured = tokio::time::timeout(
        MEASURE_LIMIT,
        futures_util::future::join_all(slos.iter().map(|o| s.measure_slo(o, &svc, None))),
    )
    .await
    .ok();
    let template = match &review {
        Some(r) => Some(s.template(r.template_id).await?),
        None => None,
    };
    let tier = svc.tier;
    let card = match (cards.get(&svc.id), &template) {
        (Some(c), Some(t)) => Some(card_view(c, &t.template, tier)),
        _ => None,
    };
    let team = teams.get(&svc.team_id);
    let permits = crate::web::permits::on(s, &svc, &[]).await?;
    let (may_edit, why_not_edit) = crate::web::permits::split(&permits.own);
    let why_not_edit = super::super::format::plain(&why_not_edit);
    let view = ServicePage {
        may_edit,
        why_not_edit,
        page: Chrome::new(svc.name.clone(), Nav::None),
        flash: match flash.saved.as_deref() {
            Some("created") => Some("Service registered. Its first readiness review is open."),
            Some("updated") => Some("Changes saved."),
            Some(other) => crate::web::catalog::flash(other),
            None => None,
        },
        status: review.as_ref().map(review_status),
        review_template: template
            .as_ref()
            .map(|t| format!("{} v{}", t.template.name, t.version))
            .unwrap_or_default(),
        review_id: review.as_ref().map(|r| r.id),
        review_href: review
            .as_ref()
            .map(|r| format!("/reviews/{}", r.id))
            .unwrap_or_default(),
        card,
        history: history_view(&window, before.get(&svc.id), window_start, now),
        spark_w: SPARK.0,
        spark_h: SPARK.1,
        slos: slos
            .iter()
            .enumerate()
            .map(|(i, o)| slo_view(o, measured.as_ref().and_then(|m| m.get(i))))
            .collect(),
        deps: deps
            .iter()
            .map(|d| {
                let target = d
                    .target_service_id
                    .and_then(|id| related.get(&id))
                    .map(|t| (t, cards.get(&t.id).map(|c| c.decision)));
                dep_view(d, target)
            })
            .collect(),
        dependents: dependents
            .iter()
            .filter_map(|d| {
                let from = related.get(&d.service_id)?;
                Some(DependentView {
                    slug: from.slug.clone(),
                    name: from.name.clone(),
                    kind: d.kind.as_str(),
                })
            })
            .collect(),
        capacity: capacity.get(&svc.id).and_then(capacity_view),
        has_capacity: capacity.contains_key(&svc.id),
        needs_slo: cards.get(&svc.id).is_some_and(|c| {
            c.reasons
                .iter()
                .any(|r| r.code == crate::domain::scoring::ReasonCode::NoSlo)
        }),
        actions: action_views(&svc.slug, &actions, now.date_naive()),
        links: link_views(&svc),
        manifest: manifest.as_ref().map(manifest_view),
        monitoring: facts::monitoring(&svc),
        code: code_facts(&svc),
        badge: snippet(state.hosts.public_url(), &svc.slug),
        repository: svc.repository.clone(),
        slug: svc.slug.clone(),
        name: svc.name.clone(),
        description: svc.description.clone(),
        tier: format::tier(tier).to_owned(),
        lifecycle: format::lifecycle(svc.lifecycle).to_owned(),
        team_slug: team.map(|t| t.slug.clone()).unwrap_or_default(),
        team_name: team.map(|t| t.name.clone()).unwrap_or_default(),
        team_contact: team.and_then(|t| t.contact_channel.clone()),
        team_oncall: team.and_then(|t| t.oncall_url.clone()),
        archived: svc.archived_at.is_some(),
        can_start_review: svc.archived_at.is_none()
            && review.as_ref().is_none_or(|r| !r.state.is_open()),
        launch_target: svc.launch_target.map(|d| d.format("%Y-%m-%d").to_string()),
        updated: format::instant(svc.updated_at),
    };
    Ok(render(StatusCode::OK, &view))
}
