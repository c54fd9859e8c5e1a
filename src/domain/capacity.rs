//! Capacity plan rules and the arithmetic reviewers ask about: utilisation at peak,
//! headroom against the target, and how long growth leaves before capacity runs out.

use super::numbers::echo;
use super::validation::required_text;
use super::{FieldError, FieldResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A known traffic event (sale, launch, season) and its expected multiple of normal peak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedEvent {
    /// What happens.
    pub name: String,
    /// When.
    pub date: NaiveDate,
    /// Expected peak as a multiple of today's peak (≥ 1).
    pub peak_multiplier: f64,
}

/// A validated capacity plan.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityPlan {
    /// Observed or forecast peak demand, requests per second.
    pub peak_rps: f64,
    /// What one replica sustains (from load tests), requests per second.
    pub unit_capacity_rps: f64,
    /// Replicas provisioned.
    pub replicas: u32,
    /// Expected demand growth, percent per month (may be negative).
    pub growth_pct_per_month: f64,
    /// Spare capacity the team wants at peak, percent of capacity.
    pub headroom_target_pct: f64,
    /// Known events.
    pub planned_events: Vec<PlannedEvent>,
}

/// The accepted range of one capacity figure. Besides `min..=max`, a figure other than 0
/// must be at least `smallest` in size: a subnormal such as 1e-320 is a typo or a probe, and
/// would read as "0" while its arithmetic says otherwise.
struct Bound {
    min: f64,
    max: f64,
    smallest: f64,
    unit: &'static str,
}

/// Requests per second: from 0.01 (about one request a minute and a half) to a billion.
const RPS: Bound = Bound {
    min: 0.01,
    max: 1e9,
    smallest: 0.01,
    unit: " rps",
};
/// Monthly growth: demand may vanish (−100%) or grow elevenfold (+1000%) a month.
const GROWTH_PCT: Bound = Bound {
    min: -100.0,
    max: 1000.0,
    smallest: 0.01,
    unit: "%",
};
/// Headroom target: none to 99% of capacity.
const HEADROOM_PCT: Bound = Bound {
    min: 0.0,
    max: 99.0,
    smallest: 0.01,
    unit: "%",
};
/// A planned event's peak: 1× to 1000× today's.
const MULTIPLIER: Bound = Bound {
    min: 1.0,
    max: 1000.0,
    smallest: 1.0,
    unit: "×",
};

impl Bound {
    fn check(&self, field: &str, v: f64) -> FieldResult<f64> {
        let in_range = (self.min..=self.max).contains(&v);
        if in_range && (v == 0.0 || v.abs() >= self.smallest) {
            return Ok(v);
        }
        let (min, max, unit) = (self.min, self.max, self.unit);
        let zero = if self.min <= 0.0 {
            format!(", and 0 or at least {} in size", self.smallest)
        } else {
            String::new()
        };
        Err(FieldError::new(
            field,
            format!(
                "must be a number from {min}{unit} to {max}{unit}{zero} (got {})",
                echo(v)
            ),
        ))
    }
}

impl CapacityPlan {
    /// Validates raw numbers, naming the offending field.
    pub fn parse(
        peak_rps: f64,
        unit_capacity_rps: f64,
        replicas: i64,
        growth_pct_per_month: f64,
        headroom_target_pct: f64,
        planned_events: Vec<PlannedEvent>,
    ) -> FieldResult<Self> {
        let replicas = u32::try_from(replicas)
            .ok()
            .filter(|r| (1..=100_000).contains(r))
            .ok_or_else(|| FieldError::new("input.replicas", "must be between 1 and 100000"))?;
        let mut events = Vec::with_capacity(planned_events.len());
        for (i, e) in planned_events.into_iter().enumerate() {
            events.push(PlannedEvent {
                name: required_text(&format!("input.plannedEvents[{i}].name"), &e.name, 200)?,
                date: e.date,
                peak_multiplier: MULTIPLIER.check(
                    &format!("input.plannedEvents[{i}].peakMultiplier"),
                    e.peak_multiplier,
                )?,
            });
        }
        Ok(Self {
            peak_rps: RPS.check("input.peakRps", peak_rps)?,
            unit_capacity_rps: RPS.check("input.unitCapacityRps", unit_capacity_rps)?,
            replicas,
            growth_pct_per_month: GROWTH_PCT
                .check("input.growthPctPerMonth", growth_pct_per_month)?,
            headroom_target_pct: HEADROOM_PCT
                .check("input.headroomTargetPct", headroom_target_pct)?,
            planned_events: events,
        })
    }

    /// Total provisioned capacity, requests per second.
    pub fn capacity_rps(&self) -> f64 {
        self.unit_capacity_rps * f64::from(self.replicas)
    }

    /// Share of capacity used at peak (1.0 = saturated).
    pub fn utilization(&self) -> f64 {
        self.peak_rps / self.capacity_rps()
    }

    /// Spare capacity at peak, percent (negative when over capacity).
    pub fn headroom_pct(&self) -> f64 {
        (1.0 - self.utilization()) * 100.0
    }

    /// Whether today's peak leaves the targeted headroom.
    pub fn meets_headroom_target(&self) -> bool {
        self.headroom_pct() >= self.headroom_target_pct
    }

    /// Highest expected peak, counting the biggest planned event.
    pub fn event_peak_rps(&self) -> f64 {
        let m = self
            .planned_events
            .iter()
            .map(|e| e.peak_multiplier)
            .fold(1.0, f64::max);
        self.peak_rps * m
    }

    /// Whole months until compounding growth leaves less than the targeted headroom;
    /// `Some(0)` if already short, `None` if demand is not growing.
    pub fn months_until_headroom_exhausted(&self) -> Option<u32> {
        let usable = self.capacity_rps() * (1.0 - self.headroom_target_pct / 100.0);
        if self.peak_rps > usable {
            return Some(0);
        }
        if self.growth_pct_per_month <= 0.0 {
            return None;
        }
        let rate = 1.0 + self.growth_pct_per_month / 100.0;
        // Smallest whole m with peak * rate^m > usable.
        let m = ((usable / self.peak_rps).ln() / rate.ln()).floor() as u32 + 1;
        Some(m)
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!(e.field, "input.peakRps");
        let e = CapacityPlan::parse(1.0, 1.0, 0, 0.0, 10.0, vec![]).unwrap_err();
        assert_eq!(e.field, "input.replicas");
        let e = CapacityPlan::parse(1.0, f64::NAN, 1, 0.0, 10.0, vec![]).unwrap_err();
        assert_eq!(e.field, "input.unitCapacityRps");
        let ev = PlannedEvent {
            name: "Sale".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            peak_multiplier: 0.5,
        };
        let e = CapacityPlan::parse(1.0, 1.0, 1, 0.0, 10.0, vec![ev]).unwrap_err();
        assert_eq!(e.field, "input.plannedEvents[0].peakMultiplier");
    }

    #[test]
    fn refuses_tiny_and_huge_figures_saying_the_range() {
        let e = CapacityPlan::parse(1e-320, 1.0, 1, 0.0, 10.0, vec![]).unwrap_err();
        assert_eq!(e.field, "input.peakRps");
        assert_eq!(
            e.message,
            "must be a number from 0.01 rps to 1000000000 rps (got 1e-320)"
        );
        let e = CapacityPlan::parse(1.0, 2e9, 1, 0.0, 10.0, vec![]).unwrap_err();
        assert_eq!(e.field, "input.unitCapacityRps");
        let e = CapacityPlan::parse(1.0, 1.0, 1, -1e-320, 10.0, vec![]).unwrap_err();
        assert_eq!(e.field, "input.growthPctPerMonth");
        assert!(
            e.message.contains("0 or at least 0.01 in size"),
            "{}",
            e.message
        );
        let e = CapacityPlan::parse(1.0, 1.0, 1, 0.0, 5e-324, vec![]).unwrap_err();
        assert_eq!(e.field, "input.headroomTargetPct");
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
}
