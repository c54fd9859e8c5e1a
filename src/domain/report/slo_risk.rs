//! SLO risk: SLOs whose error budget is spent and SLOs burning it fast, from the status each
//! SLO had when last measured (measuring every SLO of a portfolio while a report is read
//! would ask Prometheus hundreds of questions).
//!
//! Only a status with enough events is judged, as on the service page: too few events or no
//! data says nothing about the budget. "Burning fast" uses the SRE Workbook's paging
//! thresholds for a 30-day budget: 2 % of it in one hour (burn rate 14.4) or 5 % in six hours
//! (burn rate 6).

use super::Figure;
use crate::domain::slo_status::Verdict;
use chrono::{DateTime, Utc};

/// A one-hour burn rate at or above this spends 2 % of a 30-day budget within the hour.
pub const FAST_BURN_1H: f64 = 14.4;
/// A six-hour burn rate at or above this spends 5 % of a 30-day budget within six hours.
pub const FAST_BURN_6H: f64 = 6.0;

/// An SLO's status as last measured.
#[derive(Debug, Clone, PartialEq)]
pub struct SloRow {
    /// The service's slug.
    pub service: String,
    /// The SLO's name.
    pub slo: String,
    /// When it was measured.
    pub measured_at: DateTime<Utc>,
    /// The verdict then.
    pub verdict: Verdict,
    /// Error budget remaining (1 untouched, ≤ 0 spent), when computable.
    pub budget_remaining: Option<f64>,
    /// Burn rate over the last hour, when the hour had events.
    pub burn_1h: Option<f64>,
    /// Burn rate over the last six hours, when they had events.
    pub burn_6h: Option<f64>,
}

impl SloRow {
    fn judged(&self) -> bool {
        matches!(
            self.verdict,
            Verdict::Meeting | Verdict::PartialWindow | Verdict::Breaching
        )
    }

    /// Whether the budget is spent (remaining at or below zero).
    pub fn exhausted(&self) -> bool {
        self.judged() && self.budget_remaining.is_some_and(|r| r <= 0.0)
    }

    /// Whether it burns at a paging rate over one hour or six.
    pub fn burning_fast(&self) -> bool {
        self.judged()
            && (self.burn_1h.is_some_and(|b| b >= FAST_BURN_1H)
                || self.burn_6h.is_some_and(|b| b >= FAST_BURN_6H))
    }
}

/// The SLO part of the risk section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SloRisk {
    /// SLOs with the budget spent, least remaining first (ties by service, then SLO).
    pub exhausted: Vec<SloRow>,
    /// Their services.
    pub exhausted_services: Figure,
    /// SLOs burning fast, fastest one-hour burn first.
    pub burning_fast: Vec<SloRow>,
    /// Their services.
    pub burning_fast_services: Figure,
}

/// Sorts the SLOs into spent and burning fast (an SLO may be both).
pub fn slo_risk(rows: &[SloRow]) -> SloRisk {
    let key = |r: &SloRow| (r.service.clone(), r.slo.clone());
    let mut exhausted: Vec<SloRow> = rows.iter().filter(|r| r.exhausted()).cloned().collect();
    exhausted.sort_by(|a, b| {
        let rem = |r: &SloRow| r.budget_remaining.unwrap_or(0.0);
        rem(a).total_cmp(&rem(b)).then_with(|| key(a).cmp(&key(b)))
    });
    let mut fast: Vec<SloRow> = rows.iter().filter(|r| r.burning_fast()).cloned().collect();
    fast.sort_by(|a, b| {
        let burn = |r: &SloRow| r.burn_1h.unwrap_or(0.0).max(r.burn_6h.unwrap_or(0.0));
        burn(b)
            .total_cmp(&burn(a))
            .then_with(|| key(a).cmp(&key(b)))
    });
    SloRisk {
        exhausted_services: Figure::of(exhausted.iter().map(|r| r.service.as_str())),
        exhausted,
        burning_fast_services: Figure::of(fast.iter().map(|r| r.service.as_str())),
        burning_fast: fast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(
        slo: &str,
        verdict: Verdict,
        rem: Option<f64>,
        b1: Option<f64>,
        b6: Option<f64>,
    ) -> SloRow {
        SloRow {
            service: format!("svc-{slo}"),
            slo: slo.into(),
            measured_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            verdict,
            budget_remaining: rem,
            burn_1h: b1,
            burn_6h: b6,
        }
    }

    #[test]
    fn spent_budgets_are_listed_least_remaining_first() {
        let r = slo_risk(&[
            row("zero", Verdict::Meeting, Some(0.0), None, None),
            row("over", Verdict::Breaching, Some(-1.5), None, None),
            row("fine", Verdict::Meeting, Some(0.4), None, None),
            row("few", Verdict::TooFewEvents, Some(-3.0), None, None),
            row("none", Verdict::NoData, None, None, None),
        ]);
        let names: Vec<_> = r.exhausted.iter().map(|r| r.slo.as_str()).collect();
        assert_eq!(names, ["over", "zero"]);
        assert_eq!(r.exhausted_services.services, ["svc-over", "svc-zero"]);
        assert!(r.burning_fast.is_empty());
    }

    #[test]
    fn fast_burn_is_the_paging_thresholds_over_one_hour_or_six() {
        let r = slo_risk(&[
            row("hour", Verdict::Meeting, Some(0.9), Some(14.4), None),
            row(
                "six",
                Verdict::PartialWindow,
                Some(0.9),
                Some(2.0),
                Some(6.0),
            ),
            row("slow", Verdict::Meeting, Some(0.9), Some(14.3), Some(5.9)),
            row("noisy", Verdict::TooFewEvents, None, Some(100.0), None),
        ]);
        let names: Vec<_> = r.burning_fast.iter().map(|r| r.slo.as_str()).collect();
        assert_eq!(names, ["hour", "six"]);
    }
}
