//! `GET /teams/{slug}`: a team's services with their gates and levels, and the waivers on
//! them that run out within 30 days.

use super::super::error::WebError;
use super::super::format::{self, GateView};
use super::super::page::{Chrome, Nav, render};
use super::super::rows::{ServiceRow, service_rows};
use crate::domain::scoring::Decision;
use crate::edge::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::BTreeSet;

/// How far ahead expiring waivers are listed.
const WAIVER_HORIZON_DAYS: i64 = 30;

/// A waiver that runs out soon.
#[derive(Debug, Clone)]
pub struct WaiverView {
    service_slug: String,
    service_name: String,
    item_title: String,
    item_key: String,
    expires: String,
    expires_machine: String,
    expires_in: String,
    soon: bool,
    reason: String,
    control: String,
    requested_by: String,
    approved_by: String,
}

/// Services of the team per gate.
#[derive(Debug, Clone)]
pub struct TeamGate {
    gate: GateView,
    count: usize,
}

/// `?saved=created` after the team form.
#[derive(Debug, Default, serde::Deserialize)]
pub struct TeamFlash {
    saved: Option<String>,
}

#[derive(Template)]
#[template(path = "team.html", config = "web/askama.toml")]
struct TeamPage {
    page: Chrome,
    flash: Option<&'static str>,
    slug: String,
    name: String,
    description: Option<String>,
    contact: Option<String>,
    oncall: Option<String>,
    rows: Vec<ServiceRow>,
    gates: Vec<TeamGate>,
    waivers: Vec<WaiverView>,
    horizon_days: i64,
    /// The viewer may edit the team, or why not.
    may_edit: bool,
    why_not_edit: String,
}

/// `GET /teams/{slug}`.
pub async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<TeamFlash>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let team = s.team(&slug).await?;
    let now = s.now();
    let (may_edit, why_not_edit) = match super::super::identity::current().actor {
        Some(actor) => match s.may_edit_team(&actor, &team).await? {
            Ok(()) => (true, String::new()),
            Err(why) => (false, crate::web::catalog::sentence(&why)),
        },
        None => (false, "Sign in first to edit the team.".to_owned()),
    };
    let services = s
        .services_by_team_ids(&[team.id])
        .await?
        .remove(&team.id)
        .unwrap_or_default();
    let ids: Vec<i64> = services.iter().map(|m| m.id).collect();
    let names: Vec<(i64, String, String)> = services
        .iter()
        .map(|m| (m.id, m.slug.clone(), m.name.clone()))
        .collect();
    let until = now + chrono::Duration::days(WAIVER_HORIZON_DAYS);
    let (rows, expiring) =
        tokio::try_join!(service_rows(s, services), s.waivers_expiring(&ids, until))?;
    for id in expiring
        .iter()
        .map(|w| w.template_id)
        .collect::<BTreeSet<_>>()
    {
        s.template(id).await?;
    }
    let waivers = expiring
        .into_iter()
        .map(|e| {
            let (_, svc_slug, svc_name) = names
                .iter()
                .find(|(id, _, _)| *id == e.service_id)
                .cloned()
                .unwrap_or_default();
            let w = e.waiver;
            let title = s.templates.cached(e.template_id).and_then(|t| {
                t.template
                    .categories
                    .iter()
                    .flat_map(|c| c.items.iter())
                    .find(|i| i.key == w.item_key)
                    .map(|i| i.title.clone())
            });
            WaiverView {
                service_slug: svc_slug,
                service_name: svc_name,
                item_title: title.unwrap_or_else(|| w.item_key.clone()),
                item_key: w.item_key,
                expires: format::instant(w.expires_at),
                expires_machine: format::machine(w.expires_at),
                expires_in: format::relative(w.expires_at, now),
                soon: w.expires_at - now <= chrono::Duration::days(7),
                reason: w.reason,
                control: w.compensating_control,
                requested_by: w.requested_by,
                approved_by: w.approved_by.unwrap_or_default(),
            }
        })
        .collect();
    let gates = [Decision::NoGo, Decision::GoWithConditions, Decision::Go]
        .into_iter()
        .map(|d| {
            let gate = format::gate(d);
            TeamGate {
                count: rows
                    .iter()
                    .filter(|r| r.gate.is_some_and(|g| g.code == gate.code))
                    .count(),
                gate,
            }
        })
        .collect();
    let view = TeamPage {
        page: Chrome::new(team.name.clone(), Nav::None),
        flash: match q.saved.as_deref() {
            Some("created") => Some("Team created. Register its services next."),
            Some("updated") => Some("Team saved."),
            _ => None,
        },
        slug: team.slug,
        name: team.name,
        description: team.description,
        contact: team.contact_channel,
        oncall: team.oncall_url,
        rows,
        gates,
        waivers,
        horizon_days: WAIVER_HORIZON_DAYS,
        may_edit,
        why_not_edit,
    };
    Ok(render(StatusCode::OK, &view))
}
