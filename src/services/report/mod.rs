//! The portfolio report: loads the rows of the selected services in a fixed number of
//! statements (services, teams, latest score snapshots, reviews, answers, waivers, action
//! items) and hands them to the pure aggregation in [`crate::domain::report`].
//!
//! Gates and levels come from the latest score snapshots (kept current by the re-scoring
//! schedule), never from scoring every service live. Per-item states come from the states
//! stored beside each latest score by the same scoring passes; for a service not scored since
//! they were first kept, the scoring engine's item rules are applied to its answers here.

pub mod digest;
mod items;
mod movers;

use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::records;
use crate::domain::report::{
    ActionItemRow, ApprovalRow, ItemRow, OverrideRow, PortfolioReport, ReportInput, ServiceRow,
    SnapshotRow, WaiverRow, build,
};
use crate::domain::scoring::stored_items::{self, StoredItem};
use crate::domain::scoring::{ScoringInput, item_states};
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::services::scoring::scorecards::waiver_fact;
use crate::services::templates::StoredTemplate;
use crate::store::entities::{action_item, review, score_snapshot, service, team};
use chrono::{DateTime, Duration, Utc};
use items::{ItemTitles, TemplateTitles};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{BTreeSet, HashMap};

/// Which services a report covers: every list empty means no restriction on that field.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// Owning teams' slugs (each must exist).
    pub teams: Vec<String>,
    /// Tiers.
    pub tiers: Vec<Tier>,
    /// Lifecycle stages.
    pub lifecycles: Vec<Lifecycle>,
}

/// A score snapshot as the trend and movers read it.
#[derive(Debug, FromQueryResult)]
struct HistoryRow {
    id: i64,
    service_id: i64,
    taken_at: DateTime<Utc>,
    score: Option<f64>,
    level: i32,
    gate: crate::domain::scoring::Decision,
}

/// How far back the trend and movers look when the period has no start.
pub const DEFAULT_TREND_WEEKS: i64 = 12;

/// The period a report looks at; open ends are unbounded (`to` defaults to now; for the
/// trend and movers, `from` defaults to [`DEFAULT_TREND_WEEKS`] weeks before `to`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    /// Start (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// End (inclusive).
    pub to: Option<DateTime<Utc>>,
}

impl Services {
    /// The portfolio report of the services `filter` selects (archived ones left out) over
    /// `period`. Unknown team slugs and a period ending before it starts are validation
    /// errors naming the value.
    pub async fn portfolio_report(
        &self,
        filter: &ReportFilter,
        period: Period,
    ) -> AppResult<PortfolioReport> {
        if let (Some(from), Some(to)) = (period.from, period.to)
            && to < from
        {
            return Err(AppError::invalid(
                "to",
                format!("the period ends ({to}) before it starts ({from})"),
            ));
        }
        let now = self.now();
        let at = period.to.unwrap_or(now);
        let teams = self.report_teams(&filter.teams).await?;
        let mut cond = Condition::all().add(service::Column::ArchivedAt.is_null());
        if !filter.teams.is_empty() {
            cond = cond.add(service::Column::TeamId.is_in(teams.keys().copied()));
        }
        if !filter.tiers.is_empty() {
            cond = cond.add(service::Column::Tier.is_in(filter.tiers.iter().map(|t| t.as_str())));
        }
        if !filter.lifecycles.is_empty() {
            cond = cond.add(
                service::Column::Lifecycle.is_in(filter.lifecycles.iter().map(|l| l.as_str())),
            );
        }
        let services: Vec<records::Service> = service::Entity::find()
            .filter(cond)
            .order_by_asc(service::Column::Slug)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect();
        let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
        let (snapshots, reviews, history, kept) = tokio::try_join!(
            self.latest_snapshots(&ids),
            self.reviews_of_services(&ids),
            self.score_history(&ids, at),
            self.latest_item_states(&ids),
        )?;
        // The current review is the latest one not rejected (reviews come newest first).
        let mut current: HashMap<i64, &records::Review> = HashMap::new();
        for r in reviews
            .iter()
            .filter(|r| r.state != crate::domain::review::ReviewState::Rejected)
        {
            current.entry(r.service_id).or_insert(r);
        }
        let current_ids: Vec<i64> = current.values().map(|r| r.id).collect();
        let review_ids: Vec<i64> = reviews.iter().map(|r| r.id).collect();
        // Item states as last scored, where they are of the current review; the answers
        // of the rest (never scored since the states were first kept) are judged here.
        let stored: HashMap<i64, Vec<StoredItem<'_>>> = current
            .values()
            .filter_map(|r| {
                let (review, text) = kept.get(&r.service_id)?;
                (*review == r.id).then_some(())?;
                Some((r.id, stored_items::decode(text)?))
            })
            .collect();
        let live_ids: Vec<i64> = current_ids
            .iter()
            .copied()
            .filter(|id| !stored.contains_key(id))
            .collect();
        let mut titles = ItemTitles::default();
        let (responses, waivers, actions) = tokio::try_join!(
            self.answer_facts_by_review_ids(&live_ids),
            self.waivers_by_review_ids(&current_ids),
            self.open_action_items(&review_ids),
        )?;
        let slug_of: HashMap<i64, &str> =
            services.iter().map(|s| (s.id, s.slug.as_str())).collect();
        let service_of_review: HashMap<i64, &str> = reviews
            .iter()
            .filter_map(|r| slug_of.get(&r.service_id).map(|slug| (r.id, *slug)))
            .collect();

        let mut rows = Vec::with_capacity(services.len());
        for s in &services {
            let review = current.get(&s.id).copied();
            let items = match review {
                Some(r) => {
                    let known = titles.of(self, r.template_id).await?;
                    match stored.get(&r.id) {
                        Some(items) => items
                            .iter()
                            .map(|i| known.row(i.key, i.state, i.blocker, None))
                            .collect(),
                        None => {
                            let answers = responses.get(&r.id).map_or(&[][..], Vec::as_slice);
                            let waiver_facts: Vec<_> = waivers
                                .get(&r.id)
                                .map(|v| v.iter().map(waiver_fact).collect())
                                .unwrap_or_default();
                            let template = self.template(r.template_id).await?;
                            live_item_rows(&template, s.tier, answers, &waiver_facts, now, &known)
                        }
                    }
                }
                None => Vec::new(),
            };
            let snap = snapshots.get(&s.id);
            rows.push(ServiceRow {
                slug: s.slug.clone(),
                name: s.name.clone(),
                team: teams
                    .get(&s.team_id)
                    .cloned()
                    .unwrap_or_else(|| s.team_id.to_string()),
                tier: s.tier,
                lifecycle: s.lifecycle,
                score: snap.and_then(|s| s.score),
                gate: snap.map(|s| s.gate),
                level: snap.map(|s| u8::try_from(s.level.max(0)).unwrap_or(u8::MAX)),
                review_state: review.map(|r| r.state),
                items,
            });
        }
        let titles: HashMap<String, String> = rows
            .iter()
            .flat_map(|r| &r.items)
            .map(|i| (i.key.clone(), i.title.clone()))
            .collect();
        let overrides = reviews
            .iter()
            .filter(|r| r.approved_over_no_go)
            .filter_map(|r| {
                let decided_at = r.decided_at?;
                let in_period = period.from.is_none_or(|f| decided_at >= f)
                    && period.to.is_none_or(|t| decided_at <= t);
                in_period.then(|| OverrideRow {
                    service: slug_of
                        .get(&r.service_id)
                        .copied()
                        .unwrap_or_default()
                        .to_owned(),
                    decided_by: r.decided_by.clone().unwrap_or_default(),
                    decided_at,
                    reason: r.override_reason.clone().unwrap_or_default(),
                })
            })
            .collect();
        let waiver_rows = waivers
            .values()
            .flatten()
            .filter_map(|w| {
                Some(WaiverRow {
                    service: (*service_of_review.get(&w.review_id)?).to_owned(),
                    item_key: w.item_key.clone(),
                    state: w.state,
                    expires_at: w.expires_at,
                })
            })
            .collect();
        let action_rows = actions
            .into_iter()
            .filter_map(|a| {
                Some(ActionItemRow {
                    service: (*service_of_review.get(&a.review_id)?).to_owned(),
                    title: a.title,
                    owner: a.owner,
                    due_date: a.due_date,
                    done: a.done,
                })
            })
            .collect();
        // `rows` holds one row per service, in the same order.
        let approvals = rows
            .iter()
            .zip(&services)
            .filter_map(|(row, s)| {
                let r = current.get(&s.id)?;
                (r.state == crate::domain::review::ReviewState::Approved).then_some(())?;
                Some(ApprovalRow {
                    service: row.slug.clone(),
                    decided_at: r.decided_at?,
                    over_no_go: r.approved_over_no_go,
                    gate_now: row.gate,
                })
            })
            .collect();
        let slos = self.slo_rows(&ids, &slug_of).await?;
        let mut report = build(&ReportInput {
            approvals,
            slos,
            services: rows,
            overrides,
            waivers: waiver_rows,
            action_items: action_rows,
            at,
            from: period
                .from
                .unwrap_or(at - Duration::weeks(DEFAULT_TREND_WEEKS)),
            history: history
                .into_iter()
                .filter_map(|h| {
                    Some(SnapshotRow {
                        id: h.id,
                        service: (*slug_of.get(&h.service_id)?).to_owned(),
                        taken_at: h.taken_at,
                        score: h.score,
                        level: u8::try_from(h.level.max(0)).unwrap_or(u8::MAX),
                        gate: h.gate,
                    })
                })
                .collect(),
        });
        self.attribute_movers(&mut report, &titles).await?;
        Ok(report)
    }

    /// Team slugs by id: every team, or, when `wanted` names some, those (an unknown slug
    /// is a validation error naming it).
    async fn report_teams(&self, wanted: &[String]) -> AppResult<HashMap<i64, String>> {
        let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
        let rows = team::Entity::find().all(self.db.conn()).await?;
        let known: BTreeSet<&str> = rows.iter().map(|t| t.slug.as_str()).collect();
        if let Some(unknown) = wanted.iter().find(|w| !known.contains(*w)) {
            return Err(AppError::invalid(
                "filter.teams",
                format!("no team has the slug `{unknown}`"),
            ));
        }
        Ok(rows
            .into_iter()
            .filter(|t| wanted.is_empty() || wanted.contains(t.slug.as_str()))
            .map(|t| (t.id, t.slug))
            .collect())
    }

    /// Every score snapshot of the services taken up to `to`, by service then oldest first
    /// (one statement; only the columns the trend and movers read).
    async fn score_history(&self, ids: &[i64], to: DateTime<Utc>) -> AppResult<Vec<HistoryRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        use score_snapshot::Column as C;
        Ok(score_snapshot::Entity::find()
            .select_only()
            .columns([C::Id, C::ServiceId, C::TakenAt, C::Score, C::Level, C::Gate])
            .filter(C::ServiceId.is_in(ids.iter().copied()))
            .filter(C::TakenAt.lte(to))
            .order_by_asc(C::ServiceId)
            .order_by_asc(C::TakenAt)
            .order_by_asc(C::Id)
            .into_model::<HistoryRow>()
            .all(self.db.conn())
            .await?)
    }

    /// Every review of the services, newest first.
    async fn reviews_of_services(&self, ids: &[i64]) -> AppResult<Vec<records::Review>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(review::Entity::find()
            .filter(review::Column::ServiceId.is_in(ids.iter().copied()))
            .order_by_desc(review::Column::Id)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Action items not done of the reviews.
    async fn open_action_items(&self, review_ids: &[i64]) -> AppResult<Vec<action_item::Model>> {
        if review_ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(action_item::Entity::find()
            .filter(action_item::Column::ReviewId.is_in(review_ids.iter().copied()))
            .filter(action_item::Column::Done.eq(false))
            .all(self.db.conn())
            .await?)
    }
}

/// The applicable items of a review with their effective states at `now`, as the scoring
/// engine judges them (sign-offs, SLOs and dependencies play no part in item states).
fn live_item_rows(
    pinned: &StoredTemplate,
    tier: Tier,
    answers: &[crate::domain::scoring::AnswerFact],
    waivers: &[crate::domain::scoring::WaiverFact],
    now: DateTime<Utc>,
    titles: &TemplateTitles,
) -> Vec<ItemRow> {
    let input = ScoringInput {
        template: &pinned.template,
        tier,
        answers,
        waivers,
        sign_offs: &[],
        slo_count: 0,
        dependencies: &[],
        now,
    };
    item_states(&input)
        .into_iter()
        .map(|i| titles.row(&i.key, i.state, i.blocker, Some(&i.category)))
        .collect()
}
