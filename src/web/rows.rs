//! A service as one row of a table (portfolio, team page): who owns it and where its
//! readiness stands.

use super::decision_view::{OverrideView, override_view};
use super::format::{self, GateView};
use super::row_status::{self, RowWhy};
use crate::domain::records;
use crate::error::AppResult;
use crate::services::Services;

/// One service in a table.
#[derive(Debug, Clone)]
pub struct ServiceRow {
    /// Slug (links to the service page).
    pub slug: String,
    /// Name.
    pub name: String,
    /// Tier in words.
    pub tier: String,
    /// Lifecycle stage in words.
    pub lifecycle: String,
    /// Owning team's slug.
    pub team_slug: String,
    /// Owning team's name.
    pub team_name: String,
    /// Readiness score, when the service has a scorecard.
    pub score: Option<String>,
    /// Maturity level name (`None` level reads "No level").
    pub level: Option<String>,
    /// Gate badge.
    pub gate: Option<GateView>,
    /// Whether the service is archived.
    pub archived: bool,
    /// Set when its current review was approved over NO-GO.
    pub over: Option<OverrideView>,
    /// The main reason for its gate, or its next step.
    pub why: Option<RowWhy>,
    /// Its current review's state in words.
    pub review: Option<&'static str>,
    /// Applicable items answered, e.g. `12 of 40 answered`.
    pub progress: Option<String>,
    /// Planned launch date.
    pub launch_target: Option<String>,
    /// The current review's decision, e.g. `Approved by dana on 2026-12-01`.
    pub decision: Option<String>,
}

/// Rows for `services` (in the given order): their teams and scorecards are read in one
/// batch each.
pub async fn service_rows(
    s: &Services,
    services: Vec<records::Service>,
) -> AppResult<Vec<ServiceRow>> {
    let ids: Vec<i64> = services.iter().map(|m| m.id).collect();
    let team_ids: Vec<i64> = services.iter().map(|m| m.team_id).collect();
    let (teams, cards, reviews) = tokio::try_join!(
        s.teams_by_ids(&team_ids),
        s.scorecards_for_services(&ids),
        s.current_reviews_by_service_ids(&ids),
    )?;
    Ok(services
        .into_iter()
        .map(|m| {
            let team = teams.get(&m.team_id);
            let card = cards.get(&m.id);
            let review = reviews.get(&m.id);
            ServiceRow {
                why: card.map(|c| row_status::why(c, review)),
                review: review.map(row_status::state),
                progress: card.map(|c| {
                    let (answered, applicable) = row_status::progress(c);
                    format!("{answered} of {applicable} answered")
                }),
                launch_target: m.launch_target.map(|d| d.format("%Y-%m-%d").to_string()),
                decision: review.and_then(row_status::decision),
                tier: format::tier(m.tier).to_owned(),
                lifecycle: format::lifecycle(m.lifecycle).to_owned(),
                team_slug: team.map(|t| t.slug.clone()).unwrap_or_default(),
                team_name: team.map(|t| t.name.clone()).unwrap_or_default(),
                score: card.map(|c| format::maybe_score(c.score)),
                level: card.map(|c| {
                    if c.level.number == 0 {
                        "No level".to_owned()
                    } else {
                        c.level.name.clone()
                    }
                }),
                gate: card.map(|c| format::gate(c.decision)),
                archived: m.archived_at.is_some(),
                over: review.and_then(override_view),
                slug: m.slug,
                name: m.name,
            }
        })
        .collect())
}
