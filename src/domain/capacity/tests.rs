//! Capacity plans: validation naming the field and the range, and the arithmetic.

use super::*;

fn plan(peak: f64, unit: f64, replicas: i64, growth: f64, headroom: f64) -> CapacityPlan {
    CapacityPlan::parse(peak, unit, replicas, growth, headroom, vec![]).unwrap()
}

#[test]
fn arithmetic() {
    let p = plan(600.0, 250.0, 4, 10.0, 30.0);
    assert_eq!(p.capacity_rps(), 1000.0);
    assert!((p.utilization() - 0.6).abs() < 1e-12);
    assert!((p.headroom_pct() - 40.0).abs() < 1e-9);
    assert!(p.meets_headroom_target());
    // usable 700; 600*1.1^1 = 660, 1.1^2 = 726 > 700 -> 2 months.
    assert_eq!(p.months_until_headroom_exhausted(), Some(2));
    assert_eq!(
        plan(800.0, 250.0, 4, 10.0, 30.0).months_until_headroom_exhausted(),
        Some(0)
    );
    assert_eq!(
        plan(100.0, 250.0, 4, 0.0, 30.0).months_until_headroom_exhausted(),
        None
    );
}

#[test]
fn rejects_nonsense_naming_the_field() {
    let e = CapacityPlan::parse(0.0, 1.0, 1, 0.0, 10.0, vec![]).unwrap_err();
    assert_eq!(e.field, "peak_rps");
    let e = CapacityPlan::parse(1.0, 1.0, 0, 0.0, 10.0, vec![]).unwrap_err();
    assert_eq!(e.field, "replicas");
    let e = CapacityPlan::parse(1.0, f64::NAN, 1, 0.0, 10.0, vec![]).unwrap_err();
    assert_eq!(e.field, "unit_capacity_rps");
    let ev = PlannedEvent {
        name: "Sale".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        peak_multiplier: 0.5,
    };
    let e = CapacityPlan::parse(1.0, 1.0, 1, 0.0, 10.0, vec![ev]).unwrap_err();
    assert_eq!(e.field, "planned_events[0].peak_multiplier");
}

#[test]
fn refuses_tiny_and_huge_figures_saying_the_range() {
    let e = CapacityPlan::parse(1e-320, 1.0, 1, 0.0, 10.0, vec![]).unwrap_err();
    assert_eq!(e.field, "peak_rps");
    assert_eq!(
        e.message,
        "must be a number from 0.01 rps to 1000000000 rps (got 1e-320)"
    );
    let e = CapacityPlan::parse(1.0, 2e9, 1, 0.0, 10.0, vec![]).unwrap_err();
    assert_eq!(e.field, "unit_capacity_rps");
    let e = CapacityPlan::parse(1.0, 1.0, 1, -1e-320, 10.0, vec![]).unwrap_err();
    assert_eq!(e.field, "growth_pct_per_month");
    assert!(
        e.message.contains("0 or at least 0.01 in size"),
        "{}",
        e.message
    );
    let e = CapacityPlan::parse(1.0, 1.0, 1, 0.0, 5e-324, vec![]).unwrap_err();
    assert_eq!(e.field, "headroom_target_pct");
    assert!(e.message.contains("from 0% to 99%"), "{}", e.message);
    for v in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        assert!(CapacityPlan::parse(v, 1.0, 1, 0.0, 10.0, vec![]).is_err());
    }
    assert!(CapacityPlan::parse(0.01, 1e9, 100_000, -100.0, 0.0, vec![]).is_ok());
    assert!(CapacityPlan::parse(1e9, 0.01, 1, 1000.0, 99.0, vec![]).is_ok());
}

proptest::proptest! {
    /// Whatever is accepted yields finite figures that read as they compute.
    #[test]
    fn accepted_plans_have_finite_figures(
        peak in 0.0..2e9f64, unit in 0.0..2e9f64, replicas in 1i64..=100_000,
        growth in -200.0..2000.0f64, headroom in -1.0..100.0f64,
    ) {
        if let Ok(p) = CapacityPlan::parse(peak, unit, replicas, growth, headroom, vec![]) {
            for v in [p.capacity_rps(), p.utilization(), p.headroom_pct(), p.event_peak_rps()] {
                proptest::prop_assert!(v.is_finite(), "{v} from {p:?}");
            }
            proptest::prop_assert!(p.utilization() > 0.0);
            let _ = p.months_until_headroom_exhausted();
        }
    }
}

#[test]
fn event_peak_uses_biggest_event() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let events = vec![
        PlannedEvent {
            name: "a".into(),
            date: d,
            peak_multiplier: 2.0,
        },
        PlannedEvent {
            name: "b".into(),
            date: d,
            peak_multiplier: 3.0,
        },
    ];
    let p = CapacityPlan::parse(100.0, 100.0, 5, 0.0, 20.0, events).unwrap();
    assert_eq!(p.event_peak_rps(), 300.0);
}
