//! Capacity plan rules and the arithmetic reviewers ask about: utilisation at peak,
//! headroom against the target, and how long growth leaves before capacity runs out.

mod bounds;

use super::validation::required_text;
use super::{FieldError, FieldResult};
use bounds::{GROWTH_PCT, HEADROOM_PCT, MULTIPLIER, RPS};
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
            .ok_or_else(|| FieldError::new("replicas", "must be between 1 and 100000"))?;
        let mut events = Vec::with_capacity(planned_events.len());
        for (i, e) in planned_events.into_iter().enumerate() {
            events.push(PlannedEvent {
                name: required_text(&format!("planned_events[{i}].name"), &e.name, 200)?,
                date: e.date,
                peak_multiplier: MULTIPLIER.check(
                    &format!("planned_events[{i}].peak_multiplier"),
                    e.peak_multiplier,
                )?,
            });
        }
        Ok(Self {
            peak_rps: RPS.check("peak_rps", peak_rps)?,
            unit_capacity_rps: RPS.check("unit_capacity_rps", unit_capacity_rps)?,
            replicas,
            growth_pct_per_month: GROWTH_PCT.check("growth_pct_per_month", growth_pct_per_month)?,
            headroom_target_pct: HEADROOM_PCT.check("headroom_target_pct", headroom_target_pct)?,
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
mod tests;
