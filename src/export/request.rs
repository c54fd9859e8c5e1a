//! What a report export asks for (filter and period), parsed from command-line flags or a
//! download URL's query, and turned into [`super::REPORT_QUERY`]'s variables.

use super::Meta;
use crate::domain::catalog::{Lifecycle, Tier};
use crate::services::report::DEFAULT_TREND_WEEKS;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde_json::{Value, json};

/// The filter and period of one export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportRequest {
    /// Owning teams' slugs (empty: every team).
    pub teams: Vec<String>,
    /// Tiers (empty: every tier).
    pub tiers: Vec<Tier>,
    /// Lifecycle stages (empty: every stage).
    pub lifecycles: Vec<Lifecycle>,
    /// Start of the period (default: [`DEFAULT_TREND_WEEKS`] weeks before its end).
    pub from: Option<DateTime<Utc>>,
    /// End of the period (default: now).
    pub to: Option<DateTime<Utc>>,
}

fn parse_date(name: &str, value: &str, end_of_day: bool) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let time = if end_of_day {
            NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()
        } else {
            NaiveTime::MIN
        };
        return Ok(date.and_time(time).and_utc());
    }
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "{name}: `{value}` is not a date (YYYY-MM-DD) or an RFC 3339 time \
                 (2026-03-01T09:00:00Z)"
            )
        })
}

/// The start of a period from `value` (`YYYY-MM-DD`: that day's 00:00 UTC, or an RFC 3339
/// time); an error names `name` (the flag or parameter) and the value.
pub fn parse_since(name: &str, value: &str) -> Result<DateTime<Utc>, String> {
    parse_date(name, value, false)
}

/// The end of a period from `value` (`YYYY-MM-DD`: that day's 23:59:59 UTC, so the day is
/// included, or an RFC 3339 time); an error names `name` and the value.
pub fn parse_until(name: &str, value: &str) -> Result<DateTime<Utc>, String> {
    parse_date(name, value, true)
}

fn all_or(list: Vec<String>) -> String {
    if list.is_empty() {
        "all".to_owned()
    } else {
        list.join(", ")
    }
}

impl ReportRequest {
    /// Adds a tier given as `tier1` (or `TIER1`); an error names `name` and the choices.
    pub fn add_tier(&mut self, name: &str, value: &str) -> Result<(), String> {
        let tier =
            Tier::parse(name, &value.trim().to_ascii_lowercase()).map_err(|e| e.to_string())?;
        self.tiers.push(tier);
        Ok(())
    }

    /// Adds a lifecycle stage given as `production` (or `PRODUCTION`); an error names `name`
    /// and the choices.
    pub fn add_lifecycle(&mut self, name: &str, value: &str) -> Result<(), String> {
        let stage = Lifecycle::parse(name, &value.trim().to_ascii_lowercase())
            .map_err(|e| e.to_string())?;
        self.lifecycles.push(stage);
        Ok(())
    }

    /// The variables of [`super::REPORT_QUERY`].
    pub fn variables(&self) -> Value {
        let upper = |s: &str| s.to_ascii_uppercase();
        json!({
            "filter": {
                "teams": self.teams,
                "tiers": self.tiers.iter().map(|t| upper(t.as_str())).collect::<Vec<_>>(),
                "lifecycles": self.lifecycles.iter().map(|l| upper(l.as_str())).collect::<Vec<_>>(),
            },
            "from": self.from.map(|t| t.to_rfc3339()),
            "to": self.to.map(|t| t.to_rfc3339()),
        })
    }

    /// The filter in words: `Teams: pay, search · Tiers: all · Lifecycles: production`.
    pub fn describe_filter(&self) -> String {
        format!(
            "Teams: {} · Tiers: {} · Lifecycles: {}",
            all_or(self.teams.clone()),
            all_or(self.tiers.iter().map(|t| t.as_str().to_owned()).collect()),
            all_or(
                self.lifecycles
                    .iter()
                    .map(|l| l.as_str().to_owned())
                    .collect()
            ),
        )
    }

    /// The period in words, open ends filled in as the report fills them: the end defaults
    /// to `now`, the start to [`DEFAULT_TREND_WEEKS`] weeks before the end.
    pub fn describe_period(&self, now: DateTime<Utc>) -> String {
        let to = self.to.unwrap_or(now);
        let from = self
            .from
            .unwrap_or(to - Duration::weeks(DEFAULT_TREND_WEEKS));
        let day = |t: DateTime<Utc>| t.format("%Y-%m-%d").to_string();
        format!("{} to {}", day(from), day(to))
    }

    /// The [`Meta`] of a report generated at `now`, linking services under `base_url`.
    pub fn meta(&self, now: DateTime<Utc>, base_url: Option<String>) -> Meta {
        Meta {
            title: "Orrery reliability report".to_owned(),
            filter: self.describe_filter(),
            period: self.describe_period(now),
            generated_at: now,
            base_url,
        }
    }
}
