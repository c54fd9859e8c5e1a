//! Trend and movers from hand-built score snapshots.

use crate::domain::report::*;
use crate::domain::report::{movers, trend};
use crate::domain::scoring::Decision::{self, Go, GoWithConditions, NoGo};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};

/// Snapshot ids, unique across the tests of this file.
static NEXT_ID: AtomicI64 = AtomicI64::new(1);

/// Monday 2026-06-01 00:00 UTC.
fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

fn snap(service: &str, at: DateTime<Utc>, score: f64, level: u8, gate: Decision) -> SnapshotRow {
    SnapshotRow {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        service: service.into(),
        taken_at: at,
        score: Some(score),
        level,
        gate,
    }
}

fn levels(pairs: &[(u8, u32)]) -> Vec<LevelCount> {
    pairs
        .iter()
        .map(|&(level, count)| LevelCount { level, count })
        .collect()
}

#[test]
fn buckets_start_on_monday_and_cover_the_period() {
    assert_eq!(
        week_start(monday() + Duration::days(6) + Duration::hours(23)),
        monday()
    );
    assert_eq!(week_start(monday()), monday());
    assert_eq!(
        month_start(monday() + Duration::days(20)),
        Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
    );
    // Wednesday to the Monday two weeks later: three weeks overlap it.
    let t = trend::trend(
        &[],
        monday() + Duration::days(2),
        monday() + Duration::weeks(2),
    );
    assert_eq!(t.granularity, Granularity::Week);
    let starts: Vec<_> = t.points.iter().map(|p| p.start).collect();
    assert_eq!(
        starts,
        vec![
            monday(),
            monday() + Duration::weeks(1),
            monday() + Duration::weeks(2)
        ]
    );
    assert!(
        t.points
            .iter()
            .all(|p| p.services == 0 && p.mean_score.is_none())
    );
}

#[test]
fn each_point_is_the_state_at_the_end_of_its_week() {
    let w = |n: i64| monday() + Duration::weeks(n);
    let history = vec![
        // a: scored before the period, improves in week 1, again at week 2's first instant.
        snap("a", w(-3), 40.0, 0, NoGo),
        snap("a", w(1) + Duration::days(3), 60.0, 1, GoWithConditions),
        snap("a", w(1) + Duration::days(4), 70.0, 1, GoWithConditions),
        snap("a", w(2), 100.0, 2, Go),
        // b appears mid-period, in week 1 (its last instant).
        snap("b", w(2) - Duration::seconds(1), 80.0, 1, Go),
        // c has nothing assessed: counted, but not in the mean.
        SnapshotRow {
            score: None,
            ..snap("c", w(0), 0.0, 0, NoGo)
        },
    ];
    let t = trend::trend(
        &history,
        w(0) + Duration::hours(1),
        w(2) + Duration::days(1),
    );
    assert_eq!(t.granularity, Granularity::Week);
    assert_eq!(
        t.points,
        vec![
            TrendPoint {
                start: w(0),
                services: 2,
                mean_score: Some(40.0),
                go: 0,
                go_with_conditions: 0,
                no_go: 2,
                levels: levels(&[(0, 2)]),
            },
            TrendPoint {
                start: w(1),
                services: 3,
                mean_score: Some(75.0),
                go: 1,
                go_with_conditions: 1,
                no_go: 1,
                levels: levels(&[(0, 1), (1, 2)]),
            },
            TrendPoint {
                start: w(2),
                services: 3,
                mean_score: Some(90.0),
                go: 2,
                go_with_conditions: 0,
                no_go: 1,
                levels: levels(&[(0, 1), (1, 1), (2, 1)]),
            },
        ]
    );
    // A period ending mid-week leaves out what the week records after it.
    let t = trend::trend(&history, w(0), w(1) + Duration::days(3));
    assert_eq!(t.points[1].mean_score, Some(60.0));
    assert_eq!(t.points[1].services, 2);
}

#[test]
fn long_periods_are_bucketed_by_month() {
    let from = Utc.with_ymd_and_hms(2026, 1, 15, 0, 0, 0).unwrap();
    let to = from + Duration::weeks(26);
    assert_eq!(trend::trend(&[], from, to).granularity, Granularity::Week);
    let to = Utc.with_ymd_and_hms(2026, 8, 10, 0, 0, 0).unwrap();
    let history = vec![
        snap(
            "a",
            Utc.with_ymd_and_hms(2026, 2, 28, 23, 0, 0).unwrap(),
            50.0,
            1,
            Go,
        ),
        snap(
            "a",
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
            70.0,
            1,
            Go,
        ),
        snap(
            "b",
            Utc.with_ymd_and_hms(2026, 6, 10, 0, 0, 0).unwrap(),
            90.0,
            2,
            Go,
        ),
    ];
    let t = trend::trend(&history, from, to);
    assert_eq!(t.granularity, Granularity::Month);
    let summary: Vec<_> = t
        .points
        .iter()
        .map(|p| {
            (
                p.start.format("%Y-%m-%d").to_string(),
                p.services,
                p.mean_score,
            )
        })
        .collect();
    let month = |m: u32, n: u32, s: Option<f64>| (format!("2026-{m:02}-01"), n, s);
    assert_eq!(
        summary,
        vec![
            month(1, 0, None),
            month(2, 1, Some(50.0)),
            month(3, 1, Some(70.0)),
            month(4, 1, Some(70.0)),
            month(5, 1, Some(70.0)),
            month(6, 2, Some(80.0)),
            month(7, 2, Some(80.0)),
            month(8, 2, Some(80.0)),
        ]
    );
}

#[test]
fn movers_compare_the_start_of_the_period_with_its_end() {
    let from = monday();
    let to = monday() + Duration::weeks(4);
    let mut history = vec![
        // up: 40 at from (the later snapshot before from counts), 90 at to.
        snap("up", from - Duration::weeks(2), 10.0, 0, NoGo),
        snap("up", from, 40.0, 0, NoGo),
        snap("up", from + Duration::weeks(1), 90.0, 2, Go),
        // new: first scored in the period at 50, ends at 60.
        snap("new", from + Duration::weeks(2), 50.0, 1, GoWithConditions),
        snap("new", to, 60.0, 1, Go),
        // down: 80 to 30; late: falls after `to`, which does not count.
        snap("down", from - Duration::days(1), 80.0, 2, Go),
        snap("down", from + Duration::days(3), 30.0, 0, NoGo),
        snap("flat", from - Duration::days(1), 70.0, 1, Go),
        snap("flat", to - Duration::days(1), 70.0, 1, Go),
        snap("late", from, 70.0, 1, Go),
        snap("late", to + Duration::seconds(1), 10.0, 0, NoGo),
    ];
    history.reverse();
    let m = movers::movers(&history, from, to);
    let row = |s: &str, before: f64, after: f64, gb: Decision, ga: Decision| {
        (s.to_owned(), before, after, after - before, gb, ga)
    };
    let rows = |l: &[Mover]| {
        l.iter()
            .map(|m| {
                assert!(m.items.is_none(), "nothing attributed yet");
                (
                    m.service.clone(),
                    m.before,
                    m.after,
                    m.delta,
                    m.gate_before,
                    m.gate_after,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(&m.most_improved),
        vec![
            row("up", 40.0, 90.0, NoGo, Go),
            row("new", 50.0, 60.0, GoWithConditions, Go)
        ]
    );
    assert_eq!(
        rows(&m.biggest_drops),
        vec![row("down", 80.0, 30.0, Go, NoGo)]
    );
}

#[test]
fn movers_keep_the_five_largest_each_way() {
    let from = monday();
    let history: Vec<_> = (1..=7)
        .flat_map(|i| {
            let s = format!("s{i}");
            let sign = if i % 2 == 0 { -1.0 } else { 1.0 };
            [
                snap(&s, from, 50.0, 1, Go),
                snap(
                    &s,
                    from + Duration::days(1),
                    50.0 + sign * f64::from(i),
                    1,
                    Go,
                ),
            ]
        })
        .chain((1..=6).flat_map(|i| {
            let s = format!("d{i}");
            [
                snap(&s, from, 50.0, 1, Go),
                snap(
                    &s,
                    from + Duration::days(1),
                    50.0 - 10.0 * f64::from(i),
                    1,
                    Go,
                ),
            ]
        }))
        .collect();
    let m = movers::movers(&history, from, from + Duration::weeks(1));
    let names = |l: &[Mover]| l.iter().map(|m| m.service.clone()).collect::<Vec<_>>();
    assert_eq!(names(&m.most_improved), ["s7", "s5", "s3", "s1"]);
    assert_eq!(names(&m.biggest_drops), ["d6", "d5", "d4", "d3", "d2"]);
}

#[test]
fn movers_name_the_items_that_moved_them() {
    let from = monday();
    let to = from + Duration::weeks(2);
    let history = vec![
        snap("up", from, 40.0, 0, NoGo),
        snap("up", from + Duration::days(3), 90.0, 2, Go),
        snap("down", from, 80.0, 2, Go),
        snap("down", from + Duration::days(4), 30.0, 0, NoGo),
        snap("old", from, 20.0, 0, NoGo),
        snap("old", from + Duration::days(5), 30.0, 0, NoGo),
    ];
    let mut m = movers::movers(&history, from, to);
    let ids = snapshots_to_attribute(&m);
    assert_eq!(ids.len(), 6, "both ends of each of the three movers");
    let set = |keys: &[&str]| {
        keys.iter()
            .map(|k| (*k).to_owned())
            .collect::<BTreeSet<_>>()
    };
    let mut open: HashMap<i64, BTreeSet<String>> = HashMap::new();
    open.insert(history[0].id, set(&["alerts", "backups", "runbook"]));
    open.insert(history[1].id, set(&["runbook"]));
    open.insert(history[2].id, set(&["runbook"]));
    open.insert(history[3].id, set(&["alerts", "oncall"]));
    // "old" started before open items were recorded: its end alone is known.
    open.insert(history[5].id, set(&["alerts"]));
    let titles: HashMap<String, String> = [("alerts".to_owned(), "Alerts page".to_owned())].into();
    attribute(&mut m, &open, &titles);
    let item = |key: &str| MovedItem {
        key: key.into(),
        title: if key == "alerts" { "Alerts page" } else { key }.into(),
    };
    let find = |l: &[Mover], s: &str| l.iter().find(|m| m.service == s).unwrap().items.clone();
    assert_eq!(
        find(&m.most_improved, "up"),
        Some(MovedItems {
            fixed: vec![item("alerts"), item("backups")],
            regressed: vec![],
        })
    );
    assert_eq!(
        find(&m.biggest_drops, "down"),
        Some(MovedItems {
            fixed: vec![item("runbook")],
            regressed: vec![item("alerts"), item("oncall")],
        })
    );
    assert_eq!(find(&m.most_improved, "old"), None, "unknown, not empty");
}
