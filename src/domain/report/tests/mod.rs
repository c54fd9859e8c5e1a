//! Every figure of a report built from hand-made rows: readiness here, the other sections in
//! [`sections`].

mod history;
mod sections;
mod services;

use super::*;
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::review::ReviewState;
use crate::domain::scoring::{Decision, ItemState};
use chrono::{Duration, TimeZone};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

fn item(key: &str, state: ItemState, blocker: bool) -> ItemRow {
    let category = key.split('.').next().unwrap().to_owned();
    ItemRow {
        key: key.into(),
        title: format!("Title of {key}"),
        category_title: category.to_uppercase(),
        category,
        state,
        blocker,
    }
}

#[allow(clippy::too_many_arguments)]
fn svc(
    slug: &str,
    team: &str,
    tier: Tier,
    lifecycle: Lifecycle,
    gate: Option<Decision>,
    level: Option<u8>,
    review_state: Option<ReviewState>,
    items: Vec<ItemRow>,
) -> ServiceRow {
    ServiceRow {
        slug: slug.into(),
        name: format!("Service {slug}"),
        team: team.into(),
        tier,
        lifecycle,
        score: gate.map(|_| 50.0),
        gate,
        level,
        review_state,
        items,
    }
}

fn fig(slugs: &[&str]) -> Figure {
    Figure::of(slugs.iter().copied())
}

/// a (pay, tier1, production, GO, L2, approved), b (pay, tier3, production, NO_GO, L0,
/// draft), c (search, tier1, beta, GO_WITH_CONDITIONS, L1, in review), d (search, tier4,
/// planned, never scored, no review).
fn portfolio() -> Vec<ServiceRow> {
    use ItemState::*;
    vec![
        svc(
            "a",
            "pay",
            Tier::Tier1,
            Lifecycle::Production,
            Some(Decision::Go),
            Some(2),
            Some(ReviewState::Approved),
            vec![
                item("ops.owner", Pass, true),
                item("ops.runbook", Waived, false),
                item("sec.scan", NotApplicable, false),
            ],
        ),
        svc(
            "b",
            "pay",
            Tier::Tier3,
            Lifecycle::Production,
            Some(Decision::NoGo),
            Some(0),
            Some(ReviewState::Draft),
            vec![
                item("ops.owner", Unanswered, true),
                item("ops.runbook", Fail, false),
                item("sec.scan", Stale, false),
            ],
        ),
        svc(
            "c",
            "search",
            Tier::Tier1,
            Lifecycle::Beta,
            Some(Decision::GoWithConditions),
            Some(1),
            Some(ReviewState::InReview),
            vec![
                item("ops.owner", Pass, true),
                item("ops.runbook", Unanswered, false),
                item("sec.scan", Error, false),
            ],
        ),
        svc(
            "d",
            "search",
            Tier::Tier4,
            Lifecycle::Planned,
            None,
            None,
            None,
            vec![
                item("ops.owner", NotApplicableUnaccepted, true),
                item("ops.runbook", Pass, false),
                item("sec.scan", Fail, false),
            ],
        ),
    ]
}

#[test]
fn figures_sort_and_drop_duplicate_slugs() {
    let f = Figure::of(["b", "a", "b"]);
    assert_eq!(f.services, ["a", "b"]);
    assert_eq!(f.count(), 2);
}

#[test]
fn the_overall_mix_counts_gates_levels_and_unscored_services() {
    let r = readiness::readiness(&portfolio(), &[]);
    let m = &r.overall;
    assert_eq!(m.total, fig(&["a", "b", "c", "d"]));
    assert_eq!(m.go, fig(&["a"]));
    assert_eq!(m.go_with_conditions, fig(&["c"]));
    assert_eq!(m.no_go, fig(&["b"]));
    assert_eq!(m.unscored, fig(&["d"]));
    assert_eq!(
        m.levels,
        vec![
            LevelFigure {
                level: 0,
                figure: fig(&["b"])
            },
            LevelFigure {
                level: 1,
                figure: fig(&["c"])
            },
            LevelFigure {
                level: 2,
                figure: fig(&["a"])
            },
        ]
    );
}

#[test]
fn readiness_breaks_down_per_team_tier_and_lifecycle() {
    let r = readiness::readiness(&portfolio(), &[]);
    let teams: Vec<(&str, Vec<String>)> = r
        .by_team
        .iter()
        .map(|g| (g.key.as_str(), g.mix.total.services.clone()))
        .collect();
    assert_eq!(
        teams,
        vec![
            ("pay", vec!["a".into(), "b".into()]),
            ("search", vec!["c".into(), "d".into()])
        ]
    );
    let search = &r.by_team[1].mix;
    assert_eq!(
        (
            &search.go,
            &search.go_with_conditions,
            &search.no_go,
            &search.unscored
        ),
        (&fig(&[]), &fig(&["c"]), &fig(&[]), &fig(&["d"]))
    );
    let tiers: Vec<(Tier, Figure)> = r
        .by_tier
        .iter()
        .map(|g| (g.key, g.mix.total.clone()))
        .collect();
    assert_eq!(
        tiers,
        vec![
            (Tier::Tier1, fig(&["a", "c"])),
            (Tier::Tier3, fig(&["b"])),
            (Tier::Tier4, fig(&["d"])),
        ]
    );
    assert_eq!(r.by_tier[0].mix.go, fig(&["a"]));
    let stages: Vec<(Lifecycle, Figure)> = r
        .by_lifecycle
        .iter()
        .map(|g| (g.key, g.mix.total.clone()))
        .collect();
    assert_eq!(
        stages,
        vec![
            (Lifecycle::Planned, fig(&["d"])),
            (Lifecycle::Beta, fig(&["c"])),
            (Lifecycle::Production, fig(&["a", "b"])),
        ]
    );
    assert_eq!(r.by_lifecycle[2].mix.no_go, fig(&["b"]));
}

#[test]
fn production_services_without_an_approved_review_are_listed() {
    let mut services = portfolio();
    services[2].lifecycle = Lifecycle::Production;
    services[3].lifecycle = Lifecycle::Production;
    let r = readiness::readiness(&services, &[]);
    // a is approved; b is a draft, c in review, d has no review at all.
    assert_eq!(r.production_unapproved, fig(&["b", "c", "d"]));
}

#[test]
fn approvals_over_no_go_come_newest_first_with_their_services() {
    let o = |service: &str, days: i64| OverrideRow {
        service: service.into(),
        decided_by: "dave".into(),
        decided_at: at() - Duration::days(days),
        reason: "contractual date".into(),
    };
    let r = readiness::readiness(&portfolio(), &[o("b", 5), o("a", 1), o("b", 9)]);
    let order: Vec<(&str, DateTime<Utc>)> = r
        .approvals_over_no_go
        .iter()
        .map(|o| (o.service.as_str(), o.decided_at))
        .collect();
    assert_eq!(
        order,
        vec![
            ("a", at() - Duration::days(1)),
            ("b", at() - Duration::days(5)),
            ("b", at() - Duration::days(9)),
        ]
    );
    assert_eq!(r.approvals_over_no_go_services, fig(&["a", "b"]));
}
