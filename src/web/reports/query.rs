//! The `/reports` filter form: its query parameters as sent, checked into a report filter
//! and period, and the links that carry the same filter (portfolio, downloads).

use crate::domain::FieldError;
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::scoring::Decision;
use crate::services::report::{Period, ReportFilter};
use crate::web::format::url_with_query;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

/// The form's fields as sent; empty values mean "any".
#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    team: Option<String>,
    tier: Option<String>,
    lifecycle: Option<String>,
    since: Option<String>,
    until: Option<String>,
}

/// The form's fields in page order.
pub const FIELDS: [&str; 5] = ["team", "tier", "lifecycle", "since", "until"];

/// What the form asked for, checked.
#[derive(Debug, Clone, Default)]
pub struct Chosen {
    /// The team's slug, if one was chosen.
    pub team: Option<String>,
    /// The tier, if one was chosen.
    pub tier: Option<Tier>,
    /// The lifecycle stage, if one was chosen.
    pub lifecycle: Option<Lifecycle>,
    /// The first day of the period, if given.
    pub since: Option<NaiveDate>,
    /// The last day of the period, if given.
    pub until: Option<NaiveDate>,
    /// The fields as typed (trimmed), in [`FIELDS`] order, to refill the form.
    pub typed: [String; 5],
}

impl Chosen {
    /// The report filter of the choice.
    pub fn filter(&self) -> ReportFilter {
        ReportFilter {
            teams: self.team.iter().cloned().collect(),
            tiers: self.tier.into_iter().collect(),
            lifecycles: self.lifecycle.into_iter().collect(),
        }
    }

    /// The period: `since` from midnight UTC, `until` to the day's last instant; an end
    /// at or after `now` is left open (the report then stands at `now`).
    pub fn period(&self, now: DateTime<Utc>) -> Period {
        let last = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN);
        Period {
            from: self.since.map(|d| d.and_time(NaiveTime::MIN).and_utc()),
            to: self
                .until
                .map(|d| d.and_time(last).and_utc())
                .filter(|t| *t < now),
        }
    }

    /// Whether anything narrows the report.
    pub fn filtered(&self) -> bool {
        self.typed.iter().any(|v| !v.is_empty())
    }

    /// The filter's query pairs (only those set), with `extra` pairs in front.
    fn pairs<'a>(&'a self, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut pairs = extra.to_vec();
        pairs.extend(
            FIELDS
                .iter()
                .zip(&self.typed)
                .map(|(k, v)| (*k, v.as_str())),
        );
        pairs
    }

    /// `/reports/export?format=…` with the same filter.
    pub fn export_href(&self, format: &str) -> String {
        url_with_query("/reports/export", &self.pairs(&[("format", format)]))
    }

    /// The portfolio (`/`) showing the services of the report's filter, narrowed further
    /// by `team`, `tier`, `lifecycle` (a group's key) and `gate`, when given.
    pub fn portfolio_href(&self, narrow: Narrow<'_>) -> String {
        let team = narrow.team.or(self.team.as_deref()).unwrap_or("");
        let tier = narrow.tier.or(self.tier).map_or("", Tier::as_str);
        let lifecycle = narrow
            .lifecycle
            .or(self.lifecycle)
            .map_or("", Lifecycle::as_str);
        let gate = narrow.gate.map_or("", Decision::as_str);
        url_with_query(
            "/",
            &[
                ("team", team),
                ("tier", tier),
                ("lifecycle", lifecycle),
                ("gate", gate),
                ("sort", narrow.sort),
            ],
        )
    }
}

/// How a portfolio link narrows the report's own filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Narrow<'a> {
    /// A team's slug.
    pub team: Option<&'a str>,
    /// A tier.
    pub tier: Option<Tier>,
    /// A lifecycle stage.
    pub lifecycle: Option<Lifecycle>,
    /// A gate.
    pub gate: Option<Decision>,
    /// The portfolio's sort order (`""`: by name).
    pub sort: &'a str,
}

/// Checks the form against the known team slugs; every problem names its field and says
/// how to fix it.
pub fn check(params: &ReportParams, teams: &[String]) -> (Chosen, Vec<FieldError>) {
    let typed = [
        &params.team,
        &params.tier,
        &params.lifecycle,
        &params.since,
        &params.until,
    ]
    .map(|v| v.as_deref().map_or("", str::trim).to_owned());
    let mut problems = Vec::new();
    let mut chosen = Chosen::default();
    let [team, tier, lifecycle, since, until] = &typed;
    if !team.is_empty() {
        if teams.iter().any(|t| t == team) {
            chosen.team = Some(team.clone());
        } else {
            problems.push(FieldError::new(
                "team",
                format!("no team has the slug `{team}`; choose one from the list"),
            ));
        }
    }
    if !tier.is_empty() {
        match Tier::parse("tier", tier) {
            Ok(t) => chosen.tier = Some(t),
            Err(e) => problems.push(e),
        }
    }
    if !lifecycle.is_empty() {
        match Lifecycle::parse("lifecycle", lifecycle) {
            Ok(l) => chosen.lifecycle = Some(l),
            Err(e) => problems.push(e),
        }
    }
    for (field, value, slot) in [
        ("since", since, &mut chosen.since),
        ("until", until, &mut chosen.until),
    ] {
        if value.is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => *slot = Some(d),
            Err(_) => problems.push(FieldError::new(
                field,
                format!("`{value}` is not a date; use YYYY-MM-DD, e.g. 2026-09-01"),
            )),
        }
    }
    if let (Some(s), Some(u)) = (chosen.since, chosen.until)
        && u < s
    {
        problems.push(FieldError::new(
            "until",
            format!("the period ends ({u}) before it starts ({s})"),
        ));
    }
    chosen.typed = typed;
    (chosen, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn params(pairs: &[(&str, &str)]) -> ReportParams {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        };
        ReportParams {
            team: get("team"),
            tier: get("tier"),
            lifecycle: get("lifecycle"),
            since: get("since"),
            until: get("until"),
        }
    }

    #[test]
    fn a_good_form_becomes_a_filter_and_a_period() {
        let teams = vec!["pay".to_owned()];
        let (c, problems) = check(
            &params(&[
                ("team", "pay"),
                ("tier", "tier1"),
                ("lifecycle", " production "),
                ("since", "2026-09-01"),
                ("until", "2026-09-30"),
            ]),
            &teams,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.filter().teams, vec!["pay"]);
        assert_eq!(c.filter().tiers, vec![Tier::Tier1]);
        assert_eq!(c.filter().lifecycles, vec![Lifecycle::Production]);
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
        let p = c.period(now);
        assert_eq!(p.from.unwrap().to_rfc3339(), "2026-09-01T00:00:00+00:00");
        assert_eq!(p.to.unwrap().date_naive().to_string(), "2026-09-30");
        // A period ending today stands at now.
        let (today, _) = check(&params(&[("until", "2026-12-06")]), &teams);
        assert_eq!(today.period(now).to, None);
        assert_eq!(
            c.export_href("csv"),
            "/reports/export?format=csv&team=pay&tier=tier1&lifecycle=production\
             &since=2026-09-01&until=2026-09-30"
        );
        let gate = Narrow {
            gate: Some(Decision::NoGo),
            tier: Some(Tier::Tier2),
            ..Narrow::default()
        };
        assert_eq!(
            c.portfolio_href(gate),
            "/?team=pay&tier=tier2&lifecycle=production&gate=NO_GO"
        );
    }

    #[test]
    fn every_bad_value_is_named() {
        let (c, problems) = check(
            &params(&[
                ("team", "nope"),
                ("tier", "gold"),
                ("lifecycle", "live"),
                ("since", "01/09/2026"),
                ("until", "2026-13-01"),
            ]),
            &["pay".to_owned()],
        );
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["team", "tier", "lifecycle", "since", "until"]);
        assert!(problems[0].message.contains("`nope`"));
        assert!(problems[1].message.contains("`gold`"));
        assert!(c.filtered());
        let (_, backwards) = check(
            &params(&[("since", "2026-09-02"), ("until", "2026-09-01")]),
            &[],
        );
        assert_eq!(backwards[0].field, "until");
        let (none, ok) = check(&params(&[]), &[]);
        assert!(ok.is_empty() && !none.filtered());
        assert_eq!(none.export_href("json"), "/reports/export?format=json");
    }
}
