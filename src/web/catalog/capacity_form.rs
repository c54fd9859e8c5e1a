//! The capacity plan form as typed: numbers, the load-test link, when it was reviewed, and
//! planned traffic events as rows — read into what `set_capacity_plan` takes, with every
//! problem put next to its field.

use super::super::form_errors::FormErrors;
use super::common::{blank_is_none, number, required_number};
use crate::domain::FieldError;
use crate::domain::capacity::{CapacityPlan, PlannedEvent};
use crate::domain::records;
use crate::services::catalog::capacity::CapacityPlanInput;
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;

/// Blank event rows offered beyond the filled ones.
const SPARE_ROWS: usize = 2;

/// The fixed fields, in order.
pub const CAPACITY_FIELDS: [&str; 7] = [
    "peak_rps",
    "unit_capacity_rps",
    "replicas",
    "growth_pct_per_month",
    "headroom_target_pct",
    "load_test_url",
    "reviewed_at",
];

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CapacityForm {
    pub peak_rps: String,
    pub unit_capacity_rps: String,
    pub replicas: String,
    pub growth_pct_per_month: String,
    pub headroom_target_pct: String,
    pub load_test_url: String,
    /// `YYYY-MM-DD`.
    pub reviewed_at: String,
    pub event_name: Vec<String>,
    pub event_date: Vec<String>,
    pub event_multiplier: Vec<String>,
    /// The stored plan's version; empty for a first plan.
    pub version: String,
}

/// One planned-event row.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub index: usize,
    pub number: usize,
    pub name: String,
    pub date: String,
    pub multiplier: String,
}

impl CapacityForm {
    /// A first plan's defaults.
    pub fn blank() -> Self {
        Self {
            replicas: "2".into(),
            growth_pct_per_month: "0".into(),
            headroom_target_pct: "30".into(),
            ..Self::default()
        }
    }

    /// The stored plan as the form shows it.
    pub fn from_plan(p: &records::CapacityPlan) -> Self {
        let events: Vec<PlannedEvent> =
            serde_json::from_value(p.planned_events.clone()).unwrap_or_default();
        Self {
            peak_rps: p.peak_rps.to_string(),
            unit_capacity_rps: p.unit_capacity_rps.to_string(),
            replicas: p.replicas.to_string(),
            growth_pct_per_month: p.growth_pct_per_month.to_string(),
            headroom_target_pct: p.headroom_target_pct.to_string(),
            load_test_url: p.load_test_url.clone().unwrap_or_default(),
            reviewed_at: p
                .reviewed_at
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            event_name: events.iter().map(|e| e.name.clone()).collect(),
            event_date: events.iter().map(|e| e.date.to_string()).collect(),
            event_multiplier: events
                .iter()
                .map(|e| e.peak_multiplier.to_string())
                .collect(),
            version: p.version.to_string(),
        }
    }

    /// The event rows to show: every typed one plus a few blank ones.
    pub fn rows(&self) -> Vec<EventRow> {
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let typed = self
            .event_name
            .len()
            .max(self.event_date.len())
            .max(self.event_multiplier.len());
        (0..typed + SPARE_ROWS)
            .map(|i| EventRow {
                index: i,
                number: i + 1,
                name: at(&self.event_name, i),
                date: at(&self.event_date, i),
                multiplier: at(&self.event_multiplier, i),
            })
            .collect()
    }

    /// The input for `service_slug`, and every problem with it.
    pub fn parse(&self, service_slug: &str) -> (Option<CapacityPlanInput>, FormErrors) {
        let mut e = FormErrors::default();
        let peak = required_number::<f64>(&mut e, "peak_rps", &self.peak_rps, "1200");
        let unit =
            required_number::<f64>(&mut e, "unit_capacity_rps", &self.unit_capacity_rps, "400");
        let replicas = required_number::<i64>(&mut e, "replicas", &self.replicas, "4");
        let growth = number::<f64>(
            &mut e,
            "growth_pct_per_month",
            &self.growth_pct_per_month,
            "5",
        )
        .unwrap_or(0.0);
        let headroom = required_number::<f64>(
            &mut e,
            "headroom_target_pct",
            &self.headroom_target_pct,
            "30",
        );
        let reviewed_at = match blank_is_none(&self.reviewed_at) {
            None => None,
            Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(d) => d.and_hms_opt(12, 0, 0).map(|t| Utc.from_utc_datetime(&t)),
                Err(_) => {
                    e.add(
                        "reviewed_at",
                        "is not a date; use the date picker or write 2026-12-31",
                    );
                    None
                }
            },
        };
        let mut events = Vec::new();
        for row in self.rows() {
            if row.name.trim().is_empty()
                && row.date.trim().is_empty()
                && row.multiplier.trim().is_empty()
            {
                continue;
            }
            let i = row.index;
            if row.name.trim().is_empty() {
                e.add(
                    format!("event_name_{i}"),
                    "name the event, e.g. Black Friday",
                );
            }
            let date = match NaiveDate::parse_from_str(row.date.trim(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    e.add(
                        format!("event_date_{i}"),
                        "give the event's date, e.g. 2026-11-27",
                    );
                    None
                }
            };
            let multiplier = required_number::<f64>(
                &mut e,
                &format!("event_multiplier_{i}"),
                &row.multiplier,
                "3",
            );
            if let (Some(date), Some(peak_multiplier)) = (date, multiplier) {
                events.push((
                    i,
                    PlannedEvent {
                        name: row.name.trim().to_owned(),
                        date,
                        peak_multiplier,
                    },
                ));
            }
        }
        let rows: Vec<usize> = events.iter().map(|(i, _)| *i).collect();
        let events: Vec<PlannedEvent> = events.into_iter().map(|(_, ev)| ev).collect();
        let (Some(peak), Some(unit), Some(replicas), Some(headroom)) =
            (peak, unit, replicas, headroom)
        else {
            return (None, e);
        };
        if let Err(err) =
            CapacityPlan::parse(peak, unit, replicas, growth, headroom, events.clone())
        {
            add_error(&mut e, &err, &rows);
        }
        if let Some(u) = blank_is_none(&self.load_test_url)
            && let Err(err) = crate::domain::validation::http_url("load_test_url", &u)
        {
            add_error(&mut e, &err, &rows);
        }
        let input = CapacityPlanInput {
            service_slug: service_slug.to_owned(),
            expected_version: self.version.trim().parse().ok(),
            peak_rps: peak,
            unit_capacity_rps: unit,
            replicas,
            growth_pct_per_month: growth,
            headroom_target_pct: headroom,
            planned_events: events,
            load_test_url: blank_is_none(&self.load_test_url),
            reviewed_at,
        };
        (Some(input), e)
    }
}

/// Puts a domain error on its form field: `planned_events[1].name` is the name box of the
/// second event actually submitted (`rows[1]`).
pub fn add_error(e: &mut FormErrors, err: &FieldError, rows: &[usize]) {
    if let Some(rest) = err.field.strip_prefix("planned_events[")
        && let Some((n, part)) = rest.split_once("].")
        && let Ok(n) = n.parse::<usize>()
    {
        let row = rows.get(n).copied().unwrap_or(n);
        let field = match part {
            "name" => "event_name",
            "date" => "event_date",
            _ => "event_multiplier",
        };
        e.add(format!("{field}_{row}"), err.message.clone());
        return;
    }
    e.add_error(err, &CAPACITY_FIELDS);
}

/// The label of a capacity form field, for the error summary.
pub fn capacity_label(field: &str) -> String {
    let fixed = match field {
        "peak_rps" => "Peak demand",
        "unit_capacity_rps" => "Capacity of one replica",
        "replicas" => "Replicas",
        "growth_pct_per_month" => "Growth per month",
        "headroom_target_pct" => "Headroom target",
        "load_test_url" => "Load test evidence",
        "reviewed_at" => "Last reviewed",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_owned();
    }
    for (prefix, what) in [
        ("event_name_", "name"),
        ("event_date_", "date"),
        ("event_multiplier_", "peak multiplier"),
    ] {
        if let Some(n) = field
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
        {
            return format!("Event {} {what}", n + 1);
        }
    }
    "Form".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_with_an_event_reads_into_the_input() {
        let form = CapacityForm {
            peak_rps: "1200".into(),
            unit_capacity_rps: "400".into(),
            replicas: "5".into(),
            reviewed_at: "2026-12-01".into(),
            event_name: vec!["".into(), "Black Friday".into()],
            event_date: vec!["".into(), "2026-11-27".into()],
            event_multiplier: vec!["".into(), "3".into()],
            ..CapacityForm::blank()
        };
        let (input, e) = form.parse("checkout");
        assert!(e.is_empty(), "{e:?}");
        let input = input.unwrap();
        assert_eq!(input.planned_events.len(), 1);
        assert_eq!(input.expected_version, None);
        assert_eq!(form.rows().len(), 4);
    }

    #[test]
    fn problems_land_on_their_fields_and_rows() {
        let form = CapacityForm {
            peak_rps: "a lot".into(),
            unit_capacity_rps: "400".into(),
            replicas: "0".into(),
            event_name: vec!["".into(), "".into()],
            event_date: vec!["".into(), "soon".into()],
            event_multiplier: vec!["".into(), "2".into()],
            reviewed_at: "yesterday".into(),
            ..CapacityForm::blank()
        };
        let (_, e) = form.parse("checkout");
        assert!(e.get("peak_rps").unwrap().contains("not a number"));
        assert!(e.get("event_name_1").is_some());
        assert!(e.get("event_date_1").is_some());
        assert!(e.get("reviewed_at").is_some());
        assert_eq!(capacity_label("event_date_1"), "Event 2 date");
        let mut e = FormErrors::default();
        add_error(
            &mut e,
            &FieldError::new("planned_events[0].peak_multiplier", "too big"),
            &[3],
        );
        assert_eq!(e.get("event_multiplier_3"), Some("too big"));
        add_error(
            &mut e,
            &FieldError::new("replicas", "must be between 1 and 100000"),
            &[],
        );
        assert!(e.get("replicas").is_some());
    }
}
