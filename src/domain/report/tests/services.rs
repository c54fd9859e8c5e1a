//! The per-service rows: counts from item states, now from the latest snapshot, the score
//! change over the period from history.

use super::{at, portfolio};
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::report::*;
use crate::domain::review::ReviewState;
use crate::domain::scoring::Decision;
use chrono::{DateTime, Duration, Utc};

fn snap(service: &str, taken_at: DateTime<Utc>, score: f64) -> SnapshotRow {
    SnapshotRow {
        id: taken_at.timestamp(),
        service: service.into(),
        taken_at,
        score: Some(score),
        level: 0,
        gate: Decision::NoGo,
    }
}

#[test]
fn every_service_has_a_row_with_its_counts_by_slug() {
    let mut services = portfolio();
    services.reverse();
    let from = at() - Duration::weeks(4);
    let history = vec![
        // a: 40 before the period, 70 inside it: +30.
        snap("a", from - Duration::days(1), 40.0),
        snap("a", at() - Duration::days(1), 70.0),
        // b: one snapshot in the period (start = end) and one after it: no change.
        snap("b", from + Duration::days(1), 10.0),
        snap("b", at() + Duration::days(1), 5.0),
    ];
    let rows = build(&ReportInput {
        services,
        overrides: vec![],
        waivers: vec![],
        action_items: vec![],
        at: at(),
        from,
        history,
        approvals: vec![],
        slos: vec![],
    })
    .services;
    let slugs: Vec<&str> = rows.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b", "c", "d"]);
    let counts: Vec<(u32, u32, u32, u32)> = rows
        .iter()
        .map(|r| (r.applicable, r.met, r.failing, r.open_blockers))
        .collect();
    assert_eq!(
        counts,
        [
            // pass + waived (not applicable left out).
            (2, 2, 0, 0),
            // unanswered blocker, fail, stale.
            (3, 0, 2, 1),
            // pass, unanswered, error.
            (3, 1, 1, 0),
            // unaccepted not applicable on a blocker counts as applicable and open.
            (3, 1, 1, 1),
        ]
    );
    assert_eq!(
        rows[0],
        ServiceSummary {
            slug: "a".into(),
            name: "Service a".into(),
            team: "pay".into(),
            tier: Tier::Tier1,
            lifecycle: Lifecycle::Production,
            score: Some(50.0),
            level: Some(2),
            gate: Some(Decision::Go),
            review_state: Some(ReviewState::Approved),
            applicable: 2,
            met: 2,
            failing: 0,
            open_blockers: 0,
            score_change: Some(30.0),
        }
    );
    assert_eq!(rows[1].score_change, Some(0.0));
    assert_eq!(rows[2].score_change, None, "no history");
    // Never scored: no score, level or gate, whatever the row carried.
    let d = &rows[3];
    assert_eq!(
        (d.score, d.level, d.gate, d.review_state),
        (None, None, None, None)
    );
}
