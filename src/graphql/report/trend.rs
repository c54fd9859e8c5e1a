//! Output types of the trend and movers sections of `portfolioReport`.

use crate::domain::report as r;
use crate::graphql::types::GateDecision;
use async_graphql::{Enum, Object, SimpleObject};
use chrono::{DateTime, Utc};

/// How a trend's points are spaced.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "r::Granularity")]
pub enum TrendGranularity {
    /// ISO weeks, starting Monday 00:00 UTC.
    Week,
    /// Calendar months, starting on the 1st 00:00 UTC.
    Month,
}

/// Score, gate and level mix over the period, from score history.
pub struct Trend<'a>(pub(super) &'a r::Trend);

#[Object]
impl<'a> Trend<'a> {
    /// Weekly, or monthly when the period is longer than 26 weeks.
    async fn granularity(&self) -> TrendGranularity {
        self.0.granularity.into()
    }

    /// One point per bucket overlapping the period, oldest first.
    async fn points(&self) -> Vec<TrendPoint<'_>> {
        self.0.points.iter().map(TrendPoint).collect()
    }
}

/// How many services stood at one maturity level.
#[derive(SimpleObject)]
pub struct LevelCount {
    /// The level (0: none reached).
    pub level: u8,
    /// Services at it.
    pub count: u32,
}

/// The selected services as they stood at the end of one bucket: each service's latest
/// score snapshot taken before the bucket ends (and not after the period's end); services
/// without one yet are not counted.
pub struct TrendPoint<'a>(&'a r::TrendPoint);

#[Object]
impl<'a> TrendPoint<'a> {
    /// The bucket's start (Monday or the 1st, 00:00 UTC).
    async fn start(&self) -> DateTime<Utc> {
        self.0.start
    }

    /// Services counted (with a snapshot by the bucket's end).
    async fn services(&self) -> u32 {
        self.0.services
    }

    /// Mean score of the counted services that have one (null: none has).
    async fn mean_score(&self) -> Option<f64> {
        self.0.mean_score
    }

    /// Services at gate `GO`.
    async fn go(&self) -> u32 {
        self.0.go
    }

    /// Services at gate `GO_WITH_CONDITIONS`.
    async fn go_with_conditions(&self) -> u32 {
        self.0.go_with_conditions
    }

    /// Services at gate `NO_GO`.
    async fn no_go(&self) -> u32 {
        self.0.no_go
    }

    /// Services per maturity level, lowest first (levels nobody stands at left out).
    async fn levels(&self) -> Vec<LevelCount> {
        self.0
            .levels
            .iter()
            .map(|l| LevelCount {
                level: l.level,
                count: l.count,
            })
            .collect()
    }
}

/// One service's score at the start and at the end of the period.
#[derive(SimpleObject)]
pub struct Mover {
    /// The service's slug.
    pub service: String,
    /// Score at the start: the latest snapshot at or before it, else the first in the period.
    pub before: f64,
    /// Score at the end: the latest snapshot at or before it.
    pub after: f64,
    /// `after - before`.
    pub delta: f64,
    /// Gate at the start.
    pub gate_before: GateDecision,
    /// Gate at the end.
    pub gate_after: GateDecision,
    /// Items open (earning no credit) at the start and no longer at the end, by key; null
    /// when a snapshot at either end predates item recording.
    pub items_fixed: Option<Vec<MovedItem>>,
    /// Items not open at the start and open at the end (failing, unanswered, stale…), by
    /// key; null when a snapshot at either end predates item recording.
    pub items_regressed: Option<Vec<MovedItem>>,
}

/// A checklist item that moved a score.
#[derive(SimpleObject)]
pub struct MovedItem {
    /// Item key.
    pub key: String,
    /// Item title (the key when no current checklist names it).
    pub title: String,
}

fn moved(list: &[r::MovedItem]) -> Vec<MovedItem> {
    list.iter()
        .map(|i| MovedItem {
            key: i.key.clone(),
            title: i.title.clone(),
        })
        .collect()
}

/// The services whose score moved the most over the period.
pub struct Movers<'a>(pub(super) &'a r::Movers);

fn movers(list: &[r::Mover]) -> Vec<Mover> {
    list.iter()
        .map(|m| Mover {
            service: m.service.clone(),
            before: m.before,
            after: m.after,
            delta: m.delta,
            gate_before: m.gate_before.into(),
            gate_after: m.gate_after.into(),
            items_fixed: m.items.as_ref().map(|i| moved(&i.fixed)),
            items_regressed: m.items.as_ref().map(|i| moved(&i.regressed)),
        })
        .collect()
}

#[Object]
impl<'a> Movers<'a> {
    /// Up to 5 services whose score rose, largest rise first (ties by slug).
    async fn most_improved(&self) -> Vec<Mover> {
        movers(&self.0.most_improved)
    }

    /// Up to 5 services whose score fell, largest fall first (ties by slug).
    async fn biggest_drops(&self) -> Vec<Mover> {
        movers(&self.0.biggest_drops)
    }
}
