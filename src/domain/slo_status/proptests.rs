//! Properties of evaluation over generated counts and objectives.

use super::tests::{close, input, objective};
use super::*;
use proptest::prelude::*;

fn counts() -> impl Strategy<Value = (f64, f64)> {
    (0.0..1e9f64, 0.0..1.0f64).prop_map(|(total, share)| (total * share, total))
}

fn objectives() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(99.9),
        Just(99.0),
        Just(99.5),
        Just(99.99),
        Just(95.0),
        // Every objective an SLO accepts: 50 to 99.9999 in steps of 0.0001.
        (500_000u32..=999_999).prop_map(|n| f64::from(n) / 10_000.0)
    ]
}

fn any_count() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(f64::NAN)),
        Just(Some(f64::INFINITY)),
        Just(Some(0.0)),
        (-1e6..1e9f64).prop_map(Some),
    ]
}

proptest! {
    #[test]
    fn attainment_is_a_fraction_and_budget_adds_up(
        p in objectives(), good in 0.0..2e9f64, total in 0.0..1e9f64,
    ) {
        let s = evaluate(&input(p, WindowCounts::new(good, total)));
        if let Some(a) = s.attainment {
            prop_assert!((0.0..=1.0).contains(&a));
            let b = s.budget.unwrap();
            prop_assert_eq!(b.remaining, 1.0 - b.consumed);
            prop_assert!(b.consumed >= 0.0);
            prop_assert!(close(b.bad_events + s.good_events, s.total_events));
        } else {
            prop_assert_eq!(s.sufficiency, Sufficiency::NoData);
        }
    }

    #[test]
    fn burn_rate_is_error_ratio_over_budget((good, total) in counts(), p in objectives()) {
        let mut i = input(p, WindowCounts::new(good, total));
        i.burn = [WindowCounts::new(good, total); 4];
        let s = evaluate(&i);
        let budget = objective(p).error_budget_fraction();
        for b in &s.burn_rates {
            match (b.error_ratio, b.rate) {
                (Some(e), Some(r)) => {
                    prop_assert!(close(r * budget, e));
                    // Burning faster than 1 exactly when the error ratio exceeds the budget.
                    prop_assert_eq!(r > 1.0 + 1e-9, e > budget * (1.0 + 1e-9));
                }
                (None, None) => prop_assert_eq!(total, 0.0),
                other => prop_assert!(false, "mismatched {:?}", other),
            }
        }
    }

    #[test]
    fn burn_rate_one_when_errors_spend_exactly_the_budget(
        p in prop_oneof![Just(99.9f64), Just(99.0), Just(99.5), Just(95.0), Just(90.0)],
        thousands in 1u32..100_000,
    ) {
        let total = f64::from(thousands) * 1_000.0;
        // Integer bad counts for these objectives: (100 − p)·10 per thousand.
        let bad = ((100.0 - p) * 10.0).round() * f64::from(thousands);
        let mut i = input(p, WindowCounts::new(total - bad, total));
        i.burn[0] = WindowCounts::new(total - bad, total);
        let s = evaluate(&i);
        prop_assert!((s.burn_rates[0].rate.unwrap() - 1.0).abs() < 1e-9);
        prop_assert!((s.budget.unwrap().consumed - 1.0).abs() < 1e-9);
        prop_assert_eq!(s.objective_met, Some(true));
    }

    #[test]
    fn more_bad_events_never_raise_attainment(
        (good, total) in counts(), extra in 0.0..1e6f64, p in objectives(),
    ) {
        prop_assume!(total > 0.0);
        let base = evaluate(&input(p, WindowCounts::new(good, total)));
        // More events that are all bad.
        let more = evaluate(&input(p, WindowCounts::new(good, total + extra)));
        // Some good events turned bad.
        let fewer_good = evaluate(&input(p, WindowCounts::new((good - extra).max(0.0), total)));
        let a = base.attainment.unwrap();
        prop_assert!(more.attainment.unwrap() <= a);
        prop_assert!(fewer_good.attainment.unwrap() <= a);
        prop_assert!(more.budget.unwrap().consumed >= base.budget.unwrap().consumed
            || close(more.budget.unwrap().consumed, base.budget.unwrap().consumed));
    }

    #[test]
    fn verdict_only_when_sufficient_and_agrees_with_budget(
        (good, total) in counts(), p in objectives(),
    ) {
        let s = evaluate(&input(p, WindowCounts::new(good, total)));
        match s.sufficiency {
            Sufficiency::Sufficient => {
                prop_assert!(total >= min_events(objective(p)) as f64);
                let met = s.objective_met.unwrap();
                let b = s.budget.unwrap();
                prop_assert_eq!(met, b.consumed <= 1.0 + 1e-9);
                prop_assert_eq!(met, b.remaining >= -1e-9);
            }
            Sufficiency::TooFewEvents { events, needed } => {
                prop_assert_eq!(s.objective_met, None);
                prop_assert!(events > 0.0 && events < needed as f64);
            }
            Sufficiency::NoData => {
                prop_assert_eq!(s.objective_met, None);
                prop_assert_eq!(total, 0.0);
            }
        }
    }

    #[test]
    fn sufficiency_grows_with_traffic((good, total) in counts(), extra in 0.0..1e9f64, p in objectives()) {
        let rank = |s: &SloStatus| match s.sufficiency {
            Sufficiency::NoData => 0,
            Sufficiency::TooFewEvents { .. } => 1,
            Sufficiency::Sufficient => 2,
        };
        let a = evaluate(&input(p, WindowCounts::new(good, total)));
        let b = evaluate(&input(p, WindowCounts::new(good, total + extra)));
        prop_assert!(rank(&b) >= rank(&a));
    }

    #[test]
    fn any_input_gives_finite_figures_or_none(
        good in any_count(), total in any_count(), p in objectives(),
    ) {
        let mut i = input(p, WindowCounts { good, total });
        i.burn = [WindowCounts { good, total }; 4];
        let s = evaluate(&i);
        prop_assert!(s.good_events.is_finite() && s.total_events.is_finite());
        prop_assert!(s.good_events >= 0.0 && s.good_events <= s.total_events);
        if let Some(b) = s.budget {
            prop_assert!(b.consumed.is_finite() && b.remaining.is_finite());
        }
        for b in &s.burn_rates {
            prop_assert!(b.rate.is_none_or(f64::is_finite));
        }
    }
}

fn coverages() -> impl Strategy<Value = (Option<f64>, i64)> {
    let age = prop_oneof![
        Just(None),
        Just(Some(f64::NAN)),
        Just(Some(f64::INFINITY)),
        Just(Some(f64::NEG_INFINITY)),
        (-1e9..1e9f64).prop_map(Some),
        // Around the window's edge.
        (0.0..100.0 * 86_400.0f64).prop_map(Some),
    ];
    (age, 1i64..=90)
}

proptest! {
    #[test]
    fn coverage_is_a_fraction_growing_with_the_age_of_the_data(
        (age, days) in coverages(), more in 0.0..1e8f64,
    ) {
        let w = WindowDays::parse("window", days).unwrap();
        let c = WindowCoverage::from_data_age(age, w);
        prop_assert!((0.0..=1.0).contains(&c.fraction()));
        prop_assert_eq!(c.is_full(), c.fraction() == 1.0);
        let text: f64 = c.covered_days_text(w).parse().unwrap();
        prop_assert!(text <= c.covered_days(w) + 1e-9);
        prop_assert_eq!(text == f64::from(w.days()), c.is_full());
        if let Some(a) = age.filter(|a| a.is_finite() && *a > 0.0) {
            let older = WindowCoverage::from_data_age(Some(a + more), w);
            prop_assert!(older.fraction() >= c.fraction());
        }
    }

    #[test]
    fn coverage_changes_the_verdict_only_from_meeting_to_partial(
        good in 0.0..2e9f64, total in 0.0..1e9f64, p in objectives(), (age, days) in coverages(),
    ) {
        let w = WindowDays::parse("window", days).unwrap();
        let mut full = input(p, WindowCounts::new(good, total));
        full.window = w;
        full.burn = [WindowCounts::new(good, total); 4];
        let partly = SloInput { coverage: WindowCoverage::from_data_age(age, w), ..full };
        let (a, b) = (evaluate(&full), evaluate(&partly));
        // Full coverage: the verdict is the count-based one it always was.
        let by_counts = match (a.sufficiency, a.objective_met) {
            (Sufficiency::NoData, _) => Verdict::NoData,
            (Sufficiency::TooFewEvents { .. }, _) => Verdict::TooFewEvents,
            (Sufficiency::Sufficient, Some(true)) => Verdict::Meeting,
            (Sufficiency::Sufficient, _) => Verdict::Breaching,
        };
        prop_assert_eq!(a.verdict(), by_counts);
        // The figures never depend on coverage.
        prop_assert_eq!(
            (a.attainment, a.budget, a.burn_rates, a.objective_met, a.sufficiency),
            (b.attainment, b.budget, b.burn_rates, b.objective_met, b.sufficiency)
        );
        // Coverage only ever withholds MEETING, and says why.
        if partly.coverage.is_full() {
            prop_assert_eq!(b.verdict(), a.verdict());
        } else if a.verdict() == Verdict::Meeting {
            prop_assert_eq!(b.verdict(), Verdict::PartialWindow);
        } else {
            prop_assert_eq!(b.verdict(), a.verdict());
        }
        prop_assert!(b.verdict() != Verdict::Meeting || b.coverage.is_full());
        if b.verdict() == Verdict::PartialWindow {
            prop_assert!(b.explanation().unwrap().contains("partial window"));
        }
    }
}
