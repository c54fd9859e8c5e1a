//! Examples of evaluation: sufficiency, attainment, budget, burn rates and bad counts.

use super::*;

pub(super) fn objective(p: f64) -> Objective {
    Objective::parse("objective", p).unwrap()
}

pub(super) fn input(p: f64, counts: WindowCounts) -> SloInput {
    SloInput {
        objective: objective(p),
        window: WindowDays::parse("window", 28).unwrap(),
        counts,
        burn: [WindowCounts::absent(); 4],
        coverage: WindowCoverage::FULL,
    }
}

pub(super) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn min_events_allows_ten_budgeted_errors_with_a_floor() {
    assert_eq!(min_events(objective(99.9)), 10_000);
    assert_eq!(min_events(objective(99.99)), 100_000);
    assert_eq!(min_events(objective(99.0)), 1_000);
    assert_eq!(min_events(objective(99.5)), 2_000);
    assert_eq!(min_events(objective(95.0)), 200);
    assert_eq!(min_events(objective(90.0)), MIN_EVENTS_FLOOR);
    assert_eq!(min_events(objective(50.0)), MIN_EVENTS_FLOOR);
    // 10 / 0.003 = 3333.3…, rounded up.
    assert_eq!(min_events(objective(99.7)), 3_334);
}

#[test]
fn no_series_is_no_data() {
    let s = evaluate(&input(99.9, WindowCounts::absent()));
    assert_eq!(s.sufficiency, Sufficiency::NoData);
    assert_eq!(s.attainment, None);
    assert_eq!(s.budget, None);
    assert_eq!(s.objective_met, None);
    assert!(s.notes.is_empty());
    assert!(s.burn_rates.iter().all(|b| b.rate.is_none()));
}

#[test]
fn zero_events_is_no_data_not_a_pass() {
    let s = evaluate(&input(99.9, WindowCounts::new(0.0, 0.0)));
    assert_eq!(s.sufficiency, Sufficiency::NoData);
    assert_eq!(s.attainment, None);
    assert_eq!(s.objective_met, None);
}

#[test]
fn too_few_events_reports_figures_but_no_verdict() {
    let s = evaluate(&input(99.9, WindowCounts::new(9_999.0, 9_999.0)));
    assert_eq!(
        s.sufficiency,
        Sufficiency::TooFewEvents {
            events: 9_999.0,
            needed: 10_000
        }
    );
    assert_eq!(s.attainment, Some(1.0));
    assert_eq!(s.objective_met, None);
    assert!(s.budget.is_some());
    assert!(s.sufficiency.to_string().contains("10000 needed"));

    let s = evaluate(&input(99.9, WindowCounts::new(10_000.0, 10_000.0)));
    assert_eq!(s.sufficiency, Sufficiency::Sufficient);
    assert_eq!(s.objective_met, Some(true));
}

#[test]
fn attainment_counts_occurrences() {
    // 1 bad of 2 000 events: 99.95%.
    let s = evaluate(&input(99.9, WindowCounts::new(19_990.0, 20_000.0)));
    assert!(close(s.attainment.unwrap(), 0.9995));
    assert_eq!(s.good_events, 19_990.0);
    assert_eq!(s.total_events, 20_000.0);
}

#[test]
fn error_budget_figures() {
    // 99.9% over 100 000 events allows 100 bad; 25 bad spend a quarter.
    let s = evaluate(&input(99.9, WindowCounts::new(99_975.0, 100_000.0)));
    let b = s.budget.unwrap();
    assert!(close(b.fraction, 0.001));
    assert!(close(b.allowed_bad_events, 100.0));
    assert_eq!(b.bad_events, 25.0);
    assert!(close(b.consumed, 0.25));
    assert!(close(b.remaining, 0.75));
    assert_eq!(s.objective_met, Some(true));
}

#[test]
fn overspent_budget_goes_negative_and_fails() {
    // 300 bad where 100 are allowed: consumed 3, remaining −2.
    let s = evaluate(&input(99.9, WindowCounts::new(99_700.0, 100_000.0)));
    let b = s.budget.unwrap();
    assert!(close(b.consumed, 3.0));
    assert!(close(b.remaining, -2.0));
    assert_eq!(s.objective_met, Some(false));
}

#[test]
fn exactly_on_target_meets_the_objective() {
    // 99.9 is not exact in binary; 10 bad of 10 000 is exactly the objective.
    let s = evaluate(&input(99.9, WindowCounts::new(9_990.0, 10_000.0)));
    assert!(close(s.budget.unwrap().consumed, 1.0));
    assert_eq!(s.objective_met, Some(true));
    let s = evaluate(&input(99.9, WindowCounts::new(9_989.0, 10_000.0)));
    assert_eq!(s.objective_met, Some(false));
}

#[test]
fn burn_rates_per_window() {
    let mut i = input(99.0, WindowCounts::new(99_000.0, 100_000.0));
    i.burn[BurnWindow::OneHour.index()] = WindowCounts::new(80.0, 100.0); // 20% errors
    i.burn[BurnWindow::SixHours.index()] = WindowCounts::new(990.0, 1_000.0); // 1%
    i.burn[BurnWindow::OneDay.index()] = WindowCounts::new(0.0, 0.0); // idle
    // 3d: absent
    let s = evaluate(&i);
    let h1 = s.burn_rate(BurnWindow::OneHour);
    assert!(close(h1.error_ratio.unwrap(), 0.2));
    assert!(close(h1.rate.unwrap(), 20.0));
    assert_eq!(h1.total_events, 100.0);
    assert!(close(s.burn_rate(BurnWindow::SixHours).rate.unwrap(), 1.0));
    assert_eq!(s.burn_rate(BurnWindow::OneDay).rate, None);
    assert_eq!(s.burn_rate(BurnWindow::OneDay).error_ratio, None);
    assert_eq!(s.burn_rate(BurnWindow::ThreeDays).rate, None);
    assert!(s.notes.is_empty());
}

#[test]
fn burn_windows_in_order() {
    for (i, w) in BurnWindow::ALL.iter().enumerate() {
        assert_eq!(w.index(), i);
    }
    assert_eq!(
        BurnWindow::ALL.map(BurnWindow::duration),
        ["1h", "6h", "1d", "3d"]
    );
    assert_eq!(BurnWindow::ThreeDays.seconds(), 259_200);
}

#[test]
fn good_above_total_is_clamped_and_noted() {
    let mut i = input(99.0, WindowCounts::new(1_000.4, 1_000.0));
    i.burn[0] = WindowCounts::new(10.2, 10.0);
    let s = evaluate(&i);
    assert_eq!(s.attainment, Some(1.0));
    assert_eq!(s.good_events, 1_000.0);
    assert_eq!(s.budget.unwrap().bad_events, 0.0);
    assert_eq!(s.burn_rates[0].rate, Some(0.0));
    assert_eq!(
        s.notes,
        vec![
            CountNote::GoodAboveTotal {
                window: CountWindow::Slo,
                good: 1_000.4,
                total: 1_000.0
            },
            CountNote::GoodAboveTotal {
                window: CountWindow::Burn(BurnWindow::OneHour),
                good: 10.2,
                total: 10.0
            },
        ]
    );
    assert!(s.notes[1].to_string().contains("the 1h burn window"));
}

#[test]
fn invalid_counts_make_the_window_unusable() {
    for (good, total, kind, value) in [
        (1.0, f64::NAN, CountKind::Total, f64::NAN),
        (1.0, -5.0, CountKind::Total, -5.0),
        (1.0, f64::INFINITY, CountKind::Total, f64::INFINITY),
        (f64::NAN, 5_000.0, CountKind::Good, f64::NAN),
        (-1.0, 5_000.0, CountKind::Good, -1.0),
    ] {
        let s = evaluate(&input(99.0, WindowCounts::new(good, total)));
        assert_eq!(s.sufficiency, Sufficiency::NoData, "{good} {total}");
        assert_eq!(s.attainment, None);
        assert_eq!(s.objective_met, None);
        assert_eq!(s.notes.len(), 1);
        match s.notes[0] {
            CountNote::InvalidCount {
                window: CountWindow::Slo,
                kind: k,
                value: v,
            } => {
                assert_eq!(k, kind);
                assert!(v == value || (v.is_nan() && value.is_nan()));
            }
            other => panic!("unexpected note {other:?}"),
        }
    }
}

#[test]
fn missing_good_series_counts_as_all_bad_and_is_noted() {
    let s = evaluate(&input(
        99.0,
        WindowCounts {
            good: None,
            total: Some(5_000.0),
        },
    ));
    assert_eq!(s.attainment, Some(0.0));
    assert_eq!(s.objective_met, Some(false));
    assert_eq!(
        s.notes,
        vec![CountNote::GoodSeriesMissing {
            window: CountWindow::Slo
        }]
    );
    // Without total events there is nothing to say about good.
    let s = evaluate(&input(
        99.0,
        WindowCounts {
            good: None,
            total: Some(0.0),
        },
    ));
    assert_eq!(s.sufficiency, Sufficiency::NoData);
    assert!(s.notes.is_empty());
}
