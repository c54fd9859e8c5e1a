//! Listing services: filters, pages, and orders by readiness score, level or gate.

use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::records;
use crate::domain::scoring::Decision;
use crate::domain::validation::{Lines, forbidden_char};
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::store::entities::{latest_score, review, service, team};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, JoinType, Order, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

/// Filters for listing services.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Owning team's slug.
    pub team: Option<String>,
    /// Tier.
    pub tier: Option<Tier>,
    /// Lifecycle stage.
    pub lifecycle: Option<Lifecycle>,
    /// Case-insensitive text in slug, name or description, or in the owning team's slug or
    /// name.
    pub search: Option<String>,
    /// Include archived services.
    pub include_archived: bool,
    /// Only services whose gate is this.
    pub gate: Option<Decision>,
    /// Only services scoring at least this.
    pub min_score: Option<f64>,
    /// Only services scoring at most this.
    pub max_score: Option<f64>,
    /// Only services at this maturity level or above.
    pub min_level: Option<u8>,
    /// Only services whose current review was approved over a `NO_GO` gate.
    pub approved_over_no_go: bool,
}

/// Order of a service listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceOrder {
    /// By slug (cursor: the last slug).
    #[default]
    Slug,
    /// Lowest readiness score first.
    ScoreAsc,
    /// Highest readiness score first.
    ScoreDesc,
    /// Lowest maturity level first.
    LevelAsc,
    /// Highest maturity level first.
    LevelDesc,
    /// NO_GO first, then GO_WITH_CONDITIONS, then GO.
    Gate,
}

/// Services per gate decision (from their latest score snapshots).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GateCounts {
    /// Services matching the filter.
    pub total: u64,
    /// Gate `GO`.
    pub go: u64,
    /// Gate `GO_WITH_CONDITIONS`.
    pub go_with_conditions: u64,
    /// Gate `NO_GO`.
    pub no_go: u64,
    /// Never scored (no snapshot yet).
    pub unscored: u64,
}

impl ServiceFilter {
    fn uses_scores(&self) -> bool {
        self.gate.is_some()
            || self.min_score.is_some()
            || self.max_score.is_some()
            || self.min_level.is_some()
    }
}

impl Services {
    /// One page of services ordered by slug, after the `after` slug; returns whether more exist.
    ///
    /// Score, level and gate filters and orders read each service's latest score
    /// (`latest_scores`, written with every score snapshot) in the same statement; those
    /// pages use an offset cursor (`o:N`, the position of the row).
    pub async fn list_services(
        &self,
        filter: &ServiceFilter,
        order: ServiceOrder,
        after: Option<&str>,
        limit: u64,
    ) -> AppResult<(Vec<(String, records::Service)>, bool)> {
        let Some(mut cond) = self.catalog_condition(filter).await? else {
            return Ok((Vec::new(), false));
        };
        if order != ServiceOrder::Slug || filter.uses_scores() {
            return self.list_by_score(cond, filter, order, after, limit).await;
        }
        if let Some(after) = after {
            if forbidden_char(after, Lines::Single).is_some() {
                return Err(AppError::invalid("after", "not a cursor of this listing"));
            }
            cond = cond.add(service::Column::Slug.gt(after));
        }
        let mut rows = service::Entity::find()
            .filter(cond)
            .order_by_asc(service::Column::Slug)
            .limit(limit + 1)
            .all(self.db.conn())
            .await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        Ok((
            rows.into_iter()
                .map(|s| (s.slug.clone(), s.into()))
                .collect(),
            more,
        ))
    }

    /// How many services match `filter` (its score, level and gate parts aside), by the gate
    /// of their latest score snapshot: the figures a portfolio shows next to its gate filter.
    pub async fn gate_counts(&self, filter: &ServiceFilter) -> AppResult<GateCounts> {
        let Some(cond) = self.catalog_condition(filter).await? else {
            return Ok(GateCounts::default());
        };
        let by_gate: Vec<(Option<Decision>, i64)> = service::Entity::find()
            .select_only()
            .column(latest_score::Column::Gate)
            .column_as(
                Expr::col((service::Entity, service::Column::Id)).count(),
                "n",
            )
            .join(JoinType::LeftJoin, service::Relation::LatestScore.def())
            .filter(cond)
            .group_by(latest_score::Column::Gate)
            .into_tuple()
            .all(self.db.conn())
            .await?;
        let mut counts = GateCounts::default();
        for (gate, n) in by_gate {
            let n = u64::try_from(n).unwrap_or_default();
            counts.total += n;
            match gate {
                Some(Decision::Go) => counts.go += n,
                Some(Decision::GoWithConditions) => counts.go_with_conditions += n,
                Some(Decision::NoGo) => counts.no_go += n,
                None => counts.unscored += n,
            }
        }
        Ok(counts)
    }

    /// The catalog part of a filter (archived, team, tier, lifecycle, search) as a condition;
    /// `None` when it can match nothing (an unknown team).
    async fn catalog_condition(&self, filter: &ServiceFilter) -> AppResult<Option<Condition>> {
        let mut cond = Condition::all();
        if !filter.include_archived {
            cond = cond.add(service::Column::ArchivedAt.is_null());
        }
        if let Some(team_slug) = &filter.team {
            match self.find_team(self.db.conn(), team_slug).await? {
                Some(t) => cond = cond.add(service::Column::TeamId.eq(t.id)),
                None => return Ok(None),
            }
        }
        if let Some(t) = filter.tier {
            cond = cond.add(service::Column::Tier.eq(t.as_str()));
        }
        if let Some(l) = filter.lifecycle {
            cond = cond.add(service::Column::Lifecycle.eq(l.as_str()));
        }
        if let Some(search) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            // Stored text holds no control characters, so such a search matches nothing (and
            // PostgreSQL could not even take a NUL as a parameter).
            if forbidden_char(search, Lines::Multi).is_some() {
                return Ok(None);
            }
            let escaped = search
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            let like = |col: service::Column| {
                Expr::expr(Func::lower(Expr::col(col)))
                    .like(LikeExpr::new(pattern.as_str()).escape('\\'))
            };
            let team_like = |col: team::Column| {
                Expr::expr(Func::lower(Expr::col((team::Entity, col))))
                    .like(LikeExpr::new(pattern.as_str()).escape('\\'))
            };
            // Or its owning team's slug or name (one subquery, whatever the page size).
            let teams = Query::select()
                .column(team::Column::Id)
                .from(team::Entity)
                .cond_where(
                    Condition::any()
                        .add(team_like(team::Column::Slug))
                        .add(team_like(team::Column::Name)),
                )
                .to_owned();
            cond = cond.add(
                Condition::any()
                    .add(like(service::Column::Slug))
                    .add(like(service::Column::Name))
                    .add(like(service::Column::Description))
                    .add(service::Column::TeamId.in_subquery(teams)),
            );
        }
        if filter.approved_over_no_go {
            cond = cond.add(service::Column::Id.is_in(self.approved_over_no_go().await?));
        }
        Ok(Some(cond))
    }

    /// Services whose current review was approved over a `NO_GO` gate.
    async fn approved_over_no_go(&self) -> AppResult<Vec<i64>> {
        let overridden: Vec<(i64, i64)> = review::Entity::find()
            .select_only()
            .column(review::Column::Id)
            .column(review::Column::ServiceId)
            .filter(review::Column::ApprovedOverNoGo.eq(true))
            .into_tuple()
            .all(self.db.conn())
            .await?;
        let service_ids: Vec<i64> = overridden.iter().map(|(_, s)| *s).collect();
        let current = self.current_reviews_by_service_ids(&service_ids).await?;
        Ok(overridden
            .into_iter()
            .filter(|(id, service)| current.get(service).is_some_and(|r| r.id == *id))
            .map(|(_, service)| service)
            .collect())
    }

    /// Every service that is not archived, by slug (for batch jobs, not for pages).
    pub async fn active_services(&self) -> AppResult<Vec<records::Service>> {
        Ok(service::Entity::find()
            .filter(service::Column::ArchivedAt.is_null())
            .order_by_asc(service::Column::Slug)
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A page of services in a score, level or gate order (or filtered by them), as one
    /// statement: services joined with their latest scores, filtered, ordered and cut in SQL.
    async fn list_by_score(
        &self,
        cond: Condition,
        filter: &ServiceFilter,
        order: ServiceOrder,
        after: Option<&str>,
        limit: u64,
    ) -> AppResult<(Vec<(String, records::Service)>, bool)> {
        let offset = match after {
            None => 0,
            Some(c) => c
                .strip_prefix("o:")
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| AppError::invalid("after", "not a cursor of this listing"))?,
        };
        let mut query = service::Entity::find()
            .join(JoinType::LeftJoin, service::Relation::LatestScore.def())
            .filter(cond.add(score_condition(filter)));
        for (expr, dir) in score_order(order) {
            query = query.order_by(expr, dir);
        }
        let mut rows = query
            .order_by_asc(service::Column::Slug)
            .limit(limit + 1)
            .offset(offset)
            .all(self.db.conn())
            .await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        Ok((
            rows.into_iter()
                .zip(offset + 1..)
                .map(|(s, n)| (format!("o:{n}"), s.into()))
                .collect(),
            more,
        ))
    }
}

/// A column of `latest_scores`, qualified (the listing joins it to `services`).
fn latest(c: latest_score::Column) -> Expr {
    Expr::col((latest_score::Entity, c))
}

/// The score, level and gate part of a filter. Comparisons with a missing row or a null
/// score are never true, so any such filter leaves out services never scored, and score
/// bounds leave out services with nothing assessed.
fn score_condition(filter: &ServiceFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(g) = filter.gate {
        cond = cond.add(latest(latest_score::Column::Gate).eq(g.as_str()));
    }
    if let Some(m) = filter.min_score {
        cond = cond.add(latest(latest_score::Column::Score).gte(m));
    }
    if let Some(m) = filter.max_score {
        cond = cond.add(latest(latest_score::Column::Score).lte(m));
    }
    if let Some(m) = filter.min_level {
        cond = cond.add(latest(latest_score::Column::Level).gte(i32::from(m)));
    }
    cond
}

/// The sort keys of an order before the slug that breaks ties: services never scored come
/// last in every order, and those with nothing assessed (no score) last in score orders.
fn score_order(order: ServiceOrder) -> Vec<(Expr, Order)> {
    let never_scored = (
        latest(latest_score::Column::ServiceId).is_null(),
        Order::Asc,
    );
    let no_score = (latest(latest_score::Column::Score).is_null(), Order::Asc);
    let by = |c: latest_score::Column, dir: Order| (latest(c), dir);
    match order {
        ServiceOrder::Slug => Vec::new(),
        ServiceOrder::ScoreAsc => vec![
            never_scored,
            no_score,
            by(latest_score::Column::Score, Order::Asc),
        ],
        ServiceOrder::ScoreDesc => vec![
            never_scored,
            no_score,
            by(latest_score::Column::Score, Order::Desc),
        ],
        ServiceOrder::LevelAsc => vec![never_scored, by(latest_score::Column::Level, Order::Asc)],
        ServiceOrder::LevelDesc => {
            vec![never_scored, by(latest_score::Column::Level, Order::Desc)]
        }
        // NO_GO first, then GO_WITH_CONDITIONS, then GO.
        ServiceOrder::Gate => {
            let gate = latest(latest_score::Column::Gate);
            let rank = Expr::case(gate.clone().eq(Decision::NoGo.as_str()), 0)
                .case(gate.eq(Decision::GoWithConditions.as_str()), 1)
                .finally(2);
            vec![never_scored, (rank.into(), Order::Asc)]
        }
    }
}
