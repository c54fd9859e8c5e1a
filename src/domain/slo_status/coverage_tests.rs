//! Examples of window coverage and the verdict: a young service is never plainly meeting.

use super::tests::input;
use super::*;

const DAY: f64 = 86_400.0;

fn window(days: i64) -> WindowDays {
    WindowDays::parse("window", days).unwrap()
}

/// The case: 2 days of good traffic in a 28-day window.
fn two_days_all_good() -> SloInput {
    SloInput {
        coverage: WindowCoverage::from_data_age(Some(2.0 * DAY), window(28)),
        ..input(99.9, WindowCounts::new(200_000.0, 200_000.0))
    }
}

#[test]
fn coverage_is_the_age_of_the_data_over_the_window() {
    assert_eq!(WindowCoverage::step_seconds(window(28)), 28 * 60);
    assert_eq!(WindowCoverage::step_seconds(window(1)), 60);
    let c = WindowCoverage::from_data_age(Some(2.0 * DAY), window(28));
    assert_eq!(c.fraction(), 2.0 / 28.0);
    assert!(!c.is_full());
    assert!((c.covered_days(window(28)) - 2.0).abs() < 1e-12);
    assert_eq!(c.covered_days_text(window(28)), "2.0");
    assert_eq!(
        c.describe(window(28)),
        "data covers 2.0 of the 28 days of the window"
    );
}

#[test]
fn data_older_than_the_window_covers_it_within_two_steps() {
    let w = window(28);
    let step = WindowCoverage::step_seconds(w) as f64;
    for age in [28.0 * DAY, 35.0 * DAY, 28.0 * DAY - 2.0 * step] {
        let c = WindowCoverage::from_data_age(Some(age), w);
        assert_eq!(c, WindowCoverage::FULL, "{age}");
        assert_eq!(c.describe(w), "data covers all 28 days of the window");
        assert_eq!(c.covered_days_text(w), "28");
    }
    // A second more than two steps short is partial, and never reads as the whole window.
    let c = WindowCoverage::from_data_age(Some(28.0 * DAY - 2.0 * step - 1.0), w);
    assert!(!c.is_full());
    assert_eq!(c.covered_days_text(w), "27.9");
    let one = WindowCoverage::from_data_age(Some(DAY - 121.0), window(1));
    assert_eq!(
        one.describe(window(1)),
        "data covers 0.9 of the 1 day of the window"
    );
}

#[test]
fn no_series_or_nonsense_ages_cover_nothing() {
    for age in [
        None,
        Some(0.0),
        Some(-60.0),
        Some(f64::NAN),
        Some(f64::INFINITY),
    ] {
        assert_eq!(
            WindowCoverage::from_data_age(age, window(28)),
            WindowCoverage::NONE,
            "{age:?}"
        );
    }
}

#[test]
fn a_two_day_old_service_is_not_meeting_a_28_day_objective() {
    let s = evaluate(&two_days_all_good());
    // The figures are what was counted: nothing spent so far.
    assert_eq!(s.sufficiency, Sufficiency::Sufficient);
    assert_eq!(s.objective_met, Some(true));
    assert_eq!(s.budget.unwrap().remaining, 1.0);
    // The verdict says the window is partial, and how much of it has data.
    assert_eq!(s.verdict(), Verdict::PartialWindow);
    let why = s.explanation().unwrap();
    assert!(
        why.starts_with("partial window: data covers 2.0 of the 28 days"),
        "{why}"
    );
    assert!(why.contains("over those 2.0 days only"), "{why}");
    assert!(
        why.contains("28-day objective cannot be judged as met yet"),
        "{why}"
    );
    // The same counts over the whole window meet it, without an explanation.
    let full = evaluate(&SloInput {
        coverage: WindowCoverage::FULL,
        ..two_days_all_good()
    });
    assert_eq!(full.verdict(), Verdict::Meeting);
    assert_eq!(full.explanation(), None);
}

#[test]
fn a_breach_over_a_partial_window_stays_a_breach_and_says_partial() {
    let s = evaluate(&SloInput {
        counts: WindowCounts::new(199_000.0, 200_000.0),
        ..two_days_all_good()
    });
    assert_eq!(s.verdict(), Verdict::Breaching);
    assert!(s.explanation().unwrap().starts_with("partial window: "));
    let full = evaluate(&input(99.9, WindowCounts::new(199_000.0, 200_000.0)));
    assert_eq!(full.verdict(), Verdict::Breaching);
    assert_eq!(full.explanation(), None);
}

#[test]
fn too_few_events_and_no_data_keep_their_verdicts() {
    let s = evaluate(&SloInput {
        counts: WindowCounts::new(500.0, 500.0),
        ..two_days_all_good()
    });
    assert_eq!(s.verdict(), Verdict::TooFewEvents);
    let why = s.explanation().unwrap();
    assert!(
        why.starts_with("too few events: 500 in the window"),
        "{why}"
    );
    assert!(why.contains("; partial window: data covers 2.0"), "{why}");

    let s = evaluate(&SloInput {
        coverage: WindowCoverage::NONE,
        ..input(99.9, WindowCounts::absent())
    });
    assert_eq!(s.verdict(), Verdict::NoData);
    assert_eq!(
        s.explanation().unwrap(),
        "no data: no events were counted in the window"
    );
}
