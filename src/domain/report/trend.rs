//! The trend section: the selected services' score, gate and level mix at the end of each
//! week (or month, for long periods), replayed from score history.

use crate::domain::scoring::Decision;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;

/// Periods longer than this many weeks are bucketed by month.
pub const WEEKLY_MAX_WEEKS: i64 = 26;

/// One score snapshot of a service, as history recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRow {
    /// The snapshot's id (ids grow with time).
    pub id: i64,
    /// The service's slug.
    pub service: String,
    /// When the snapshot was taken.
    pub taken_at: DateTime<Utc>,
    /// Score (`None`: nothing assessed).
    pub score: Option<f64>,
    /// Maturity level.
    pub level: u8,
    /// Gate.
    pub gate: Decision,
}

/// How a trend's points are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// ISO weeks, starting Monday 00:00 UTC.
    Week,
    /// Calendar months, starting on the 1st 00:00 UTC.
    Month,
}

/// How many services stood at one maturity level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelCount {
    /// The level (0: none reached).
    pub level: u8,
    /// Services at it.
    pub count: u32,
}

/// The portfolio as it stood at the end of one bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// The bucket's start.
    pub start: DateTime<Utc>,
    /// Services with a snapshot by the bucket's end.
    pub services: u32,
    /// Mean score of those with a score (`None`: none has one).
    pub mean_score: Option<f64>,
    /// Services at gate `GO`.
    pub go: u32,
    /// Services at gate `GO_WITH_CONDITIONS`.
    pub go_with_conditions: u32,
    /// Services at gate `NO_GO`.
    pub no_go: u32,
    /// Services per level, lowest level first (levels nobody stands at left out).
    pub levels: Vec<LevelCount>,
}

/// Score, gate and level mix over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// How the points are spaced.
    pub granularity: Granularity,
    /// One point per bucket overlapping the period, oldest first.
    pub points: Vec<TrendPoint>,
}

/// Monday 00:00 UTC of the ISO week holding `t`.
pub fn week_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let date = t.date_naive();
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    midnight(monday)
}

/// The 1st 00:00 UTC of the month holding `t`.
pub fn month_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let date = t.date_naive();
    midnight(date.with_day(1).unwrap_or(date))
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
}

/// The granularity of a period: weekly up to [`WEEKLY_MAX_WEEKS`] weeks, monthly beyond.
pub fn granularity(from: DateTime<Utc>, to: DateTime<Utc>) -> Granularity {
    if to - from > Duration::weeks(WEEKLY_MAX_WEEKS) {
        Granularity::Month
    } else {
        Granularity::Week
    }
}

/// The start of the bucket after the one starting at `start`.
fn next_start(start: DateTime<Utc>, granularity: Granularity) -> DateTime<Utc> {
    match granularity {
        Granularity::Week => start + Duration::weeks(1),
        Granularity::Month => start
            .checked_add_months(Months::new(1))
            .unwrap_or(start + Duration::days(31)),
    }
}

/// The trend over `[from, to]`: for each bucket overlapping the period, every service's
/// latest snapshot taken before the bucket ends (and not after `to`) — buckets are
/// half-open, so a snapshot taken at the next bucket's first instant counts there. Services
/// without a snapshot by then are not counted. `snapshots` may come in any order.
pub fn trend(snapshots: &[SnapshotRow], from: DateTime<Utc>, to: DateTime<Utc>) -> Trend {
    let granularity = granularity(from, to);
    let mut by_service: BTreeMap<&str, Vec<&SnapshotRow>> = BTreeMap::new();
    for s in snapshots.iter().filter(|s| s.taken_at <= to) {
        by_service.entry(s.service.as_str()).or_default().push(s);
    }
    for list in by_service.values_mut() {
        list.sort_by_key(|s| s.taken_at);
    }
    let mut start = match granularity {
        Granularity::Week => week_start(from),
        Granularity::Month => month_start(from),
    };
    let mut points = Vec::new();
    while start <= to {
        let end = next_start(start, granularity);
        let states = by_service
            .values()
            .filter_map(|list| list.iter().rev().find(|s| s.taken_at < end).copied());
        points.push(point(start, states));
        start = end;
    }
    Trend {
        granularity,
        points,
    }
}

/// The point of one bucket from each counted service's state.
fn point<'a>(start: DateTime<Utc>, states: impl Iterator<Item = &'a SnapshotRow>) -> TrendPoint {
    let mut p = TrendPoint {
        start,
        services: 0,
        mean_score: None,
        go: 0,
        go_with_conditions: 0,
        no_go: 0,
        levels: Vec::new(),
    };
    let (mut sum, mut scored) = (0.0, 0u32);
    let mut levels: BTreeMap<u8, u32> = BTreeMap::new();
    for s in states {
        p.services += 1;
        if let Some(score) = s.score {
            sum += score;
            scored += 1;
        }
        match s.gate {
            Decision::Go => p.go += 1,
            Decision::GoWithConditions => p.go_with_conditions += 1,
            Decision::NoGo => p.no_go += 1,
        }
        *levels.entry(s.level).or_default() += 1;
    }
    p.mean_score = (scored > 0).then(|| sum / f64::from(scored));
    p.levels = levels
        .into_iter()
        .map(|(level, count)| LevelCount { level, count })
        .collect();
    p
}
