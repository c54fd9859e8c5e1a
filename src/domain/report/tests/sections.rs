//! The heat map, what to fix first, risk, and the whole report.

use super::{at, fig, item, portfolio, svc};
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::report::*;
use crate::domain::report::{fix, heat, readiness, risk};
use crate::domain::review::WaiverState;
use crate::domain::scoring::{Decision, ItemState};
use chrono::{DateTime, Duration, Utc};

#[test]
fn the_heat_map_shares_met_items_like_the_scorecard_worst_first() {
    let cells = heat::heat_map(&portfolio());
    let got: Vec<(&str, &str, u32, u32, Option<f64>)> = cells
        .iter()
        .map(|c| {
            (
                c.team.as_str(),
                c.category.as_str(),
                c.applicable,
                c.met,
                c.share,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // pay/sec: a's scan is not applicable (out of the denominator), b's is stale.
            ("pay", "sec", 1, 0, Some(0.0)),
            // search/sec: c errored, d fails.
            ("search", "sec", 2, 0, Some(0.0)),
            // pay/ops: a passes and is waived (both met), b unanswered and failing.
            ("pay", "ops", 4, 2, Some(0.5)),
            // search/ops: c passes, c unanswered, d's unaccepted not applicable (open), d passes.
            ("search", "ops", 4, 2, Some(0.5)),
        ]
    );
    let pay_sec = &cells[0];
    assert_eq!(pay_sec.category_title, "SEC");
    assert_eq!(pay_sec.services, fig(&["a", "b"]));
    assert_eq!(pay_sec.services_not_met, fig(&["b"]));
    assert_eq!(cells[3].services_not_met, fig(&["c", "d"]));
}

#[test]
fn a_cell_where_nothing_applies_comes_last_without_a_share() {
    let only_na = vec![svc(
        "z",
        "aaa",
        Tier::Tier2,
        Lifecycle::Beta,
        Some(Decision::NoGo),
        Some(0),
        None,
        vec![item("sec.scan", ItemState::NotApplicable, false)],
    )];
    let mut services = portfolio();
    services.extend(only_na);
    let cells = heat::heat_map(&services);
    let last = cells.last().unwrap();
    assert_eq!(
        (last.team.as_str(), last.applicable, last.met, last.share),
        ("aaa", 0, 0, None)
    );
    assert_eq!(last.services, fig(&["z"]));
    assert_eq!(last.services_not_met, fig(&[]));
}

#[test]
fn tier_weights_are_four_three_two_one() {
    let w: Vec<u32> = Tier::ALL.iter().map(|t| tier_weight(*t)).collect();
    assert_eq!(w, [4, 3, 2, 1]);
}

#[test]
fn items_to_fix_are_weighted_by_tier_with_their_services() {
    let got: Vec<(String, bool, u32, Vec<String>)> = fix::fix_first(&portfolio())
        .into_iter()
        .map(|f| (f.key, f.blocker, f.weight, f.services.services))
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            // Stale in b (tier3: 2), errored in c (tier1: 4), failing in d (tier4: 1).
            ("sec.scan".into(), false, 7, s(&["b", "c", "d"])),
            // Open blocker: unanswered in b (2), unaccepted not applicable in d (1).
            ("ops.owner".into(), true, 3, s(&["b", "d"])),
            // Failing in b (2); c's unanswered non-blocker does not count.
            ("ops.runbook".into(), false, 2, s(&["b"])),
        ]
    );
    let first = &fix::fix_first(&portfolio())[0];
    assert_eq!(
        (first.title.as_str(), first.category.as_str()),
        ("Title of sec.scan", "sec")
    );
}

#[test]
fn ties_in_weight_go_to_the_item_in_more_services_then_by_key() {
    use ItemState::*;
    let services = vec![
        svc(
            "p",
            "t",
            Tier::Tier2,
            Lifecycle::Beta,
            None,
            None,
            None,
            vec![item("x.one", Fail, false)],
        ),
        svc(
            "q",
            "t",
            Tier::Tier3,
            Lifecycle::Beta,
            None,
            None,
            None,
            vec![item("x.two", Fail, false), item("x.three", Fail, false)],
        ),
        svc(
            "r",
            "t",
            Tier::Tier4,
            Lifecycle::Beta,
            None,
            None,
            None,
            vec![item("x.two", Fail, false), item("x.three", Waived, false)],
        ),
    ];
    let keys: Vec<(String, u32)> = fix::fix_first(&services)
        .into_iter()
        .map(|f| (f.key, f.weight))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("x.two".into(), 3),
            ("x.one".into(), 3),
            ("x.three".into(), 2)
        ]
    );
}

fn waiver(service: &str, key: &str, state: WaiverState, days: i64) -> WaiverRow {
    WaiverRow {
        service: service.into(),
        item_key: key.into(),
        state,
        expires_at: at() + Duration::days(days),
    }
}

#[test]
fn waivers_expiring_within_thirty_days_are_risks() {
    let waivers = vec![
        waiver("a", "ops.runbook", WaiverState::Approved, 30),
        waiver("b", "sec.scan", WaiverState::Approved, 3),
        waiver("c", "sec.scan", WaiverState::Approved, 31),
        waiver("d", "sec.scan", WaiverState::Requested, 3),
        waiver("d", "ops.owner", WaiverState::Rejected, 3),
    ];
    let r = risk::risk(&waivers, &[], at());
    let got: Vec<(&str, DateTime<Utc>)> = r
        .waivers_expiring
        .iter()
        .map(|w| (w.service.as_str(), w.expires_at))
        .collect();
    assert_eq!(
        got,
        vec![
            ("b", at() + Duration::days(3)),
            ("a", at() + Duration::days(30))
        ]
    );
    assert_eq!(r.waivers_expiring_services, fig(&["a", "b"]));
    assert!(r.waivers_expired.is_empty());
    assert_eq!(EXPIRY_HORIZON_DAYS, 30);
}

#[test]
fn expired_waivers_count_until_renewed() {
    let waivers = vec![
        // Expired, never renewed (twice over: one risk, the latest expiry).
        waiver("a", "ops.runbook", WaiverState::Approved, -10),
        waiver("a", "ops.runbook", WaiverState::Approved, -2),
        // Expired, renewed by an approved waiver in force.
        waiver("b", "sec.scan", WaiverState::Approved, -5),
        waiver("b", "sec.scan", WaiverState::Approved, 60),
        // Expired; the renewal is only requested.
        waiver("c", "sec.scan", WaiverState::Approved, -1),
        waiver("c", "sec.scan", WaiverState::Requested, 60),
        // Expiring exactly now counts as expired.
        waiver("d", "ops.owner", WaiverState::Approved, 0),
    ];
    let r = risk::risk(&waivers, &[], at());
    let got: Vec<(&str, &str, i64)> = r
        .waivers_expired
        .iter()
        .map(|w| {
            (
                w.service.as_str(),
                w.item_key.as_str(),
                (w.expires_at - at()).num_days(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("d", "ops.owner", 0),
            ("c", "sec.scan", -1),
            ("a", "ops.runbook", -2)
        ]
    );
    assert_eq!(r.waivers_expired_services, fig(&["a", "c", "d"]));
    assert!(r.waivers_expiring.is_empty());
}

#[test]
fn open_action_items_past_their_due_date_are_risks() {
    let today = at().date_naive();
    let a = |service: &str, title: &str, days: i64, done: bool| ActionItemRow {
        service: service.into(),
        title: title.into(),
        owner: "bob".into(),
        due_date: today + Duration::days(days),
        done,
    };
    let items = vec![
        a("a", "load test", -1, false),
        a("b", "runbook", -30, false),
        a("c", "done already", -30, true),
        a("d", "due today", 0, false),
        a("e", "later", 5, false),
    ];
    let r = risk::risk(&[], &items, at());
    let got: Vec<(&str, &str, chrono::NaiveDate)> = r
        .overdue_action_items
        .iter()
        .map(|i| (i.service.as_str(), i.title.as_str(), i.due_date))
        .collect();
    assert_eq!(
        got,
        vec![
            ("b", "runbook", today - Duration::days(30)),
            ("a", "load test", today - Duration::days(1)),
        ]
    );
    assert_eq!(r.overdue_action_items_services, fig(&["a", "b"]));
    assert_eq!(r.overdue_action_items[0].owner, "bob");
}

#[test]
fn build_puts_the_sections_together() {
    let input = ReportInput {
        services: portfolio(),
        overrides: vec![],
        waivers: vec![waiver("a", "ops.runbook", WaiverState::Approved, 3)],
        action_items: vec![],
        at: at(),
        from: at() - Duration::weeks(1),
        history: vec![],
        approvals: vec![ApprovalRow {
            service: "b".into(),
            decided_at: at() - Duration::days(REREVIEW_AFTER_DAYS + 1),
            over_no_go: false,
            gate_now: Some(crate::domain::scoring::Decision::Go),
        }],
        slos: vec![],
    };
    let report = build(&input);
    assert_eq!(report.risk.reviews_overdue_services, fig(&["b"]));
    assert_eq!(report.readiness, readiness::readiness(&input.services, &[]));
    assert_eq!(report.heat_map, heat::heat_map(&input.services));
    assert_eq!(report.fix_first, fix::fix_first(&input.services));
    assert_eq!(report.risk.waivers_expiring_services, fig(&["a"]));
}
