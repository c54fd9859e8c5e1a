//! SLOs as the service page shows them: the definition, and the status measured from
//! Prometheus — or, when it could not be measured, why, never a made-up figure.

use super::super::format;
use crate::domain::records;
use crate::domain::slo::Objective;
use crate::domain::slo_status::{BurnWindow, SloStatus, Verdict};
use crate::services::catalog::slo_status::SloMeasurement;

/// How long the service page waits for Prometheus before showing the SLOs without status.
pub const MEASURE_LIMIT: std::time::Duration = std::time::Duration::from_secs(3);

/// The measured status of an SLO.
#[derive(Debug, Clone)]
pub struct SloStatusView {
    /// CSS modifier: `meeting`, `breaching`, `unsure` or `unmeasured`.
    pub class: &'static str,
    /// The state in words, e.g. `Partial window: 1.9 of 28 days of data`.
    pub label: String,
    /// Why there are no figures (or not enough), when that is the case.
    pub message: Option<String>,
    /// Good ÷ all events over the window, e.g. `99.95%` (never rounded up).
    pub attainment: Option<String>,
    /// Budget left, e.g. `62.3% of the error budget left` or how far it is overspent, and
    /// over which days when the window is partly covered.
    pub budget: Option<String>,
    /// How much of the window has data, e.g. `1.9 of 28 days (6.7%)` or `all 28 days`.
    pub coverage: Option<String>,
    /// Width of the budget bar, 0–100.
    pub budget_bar: Option<String>,
    /// Events counted in the window.
    pub events: Option<String>,
    /// Burn rates, e.g. `1h 0.4×`.
    pub burn: Vec<String>,
}

/// An SLO definition and its status.
#[derive(Debug, Clone)]
pub struct SloView {
    /// Id, for its edit form.
    pub id: i64,
    /// Name.
    pub name: String,
    /// What it protects.
    pub description: Option<String>,
    /// The indicator in words.
    pub sli: String,
    /// Objective, e.g. `99.9%`.
    pub objective: String,
    /// Window, e.g. `28 days`.
    pub window: String,
    /// The allowed failures the objective implies.
    pub budget: String,
    /// The measured status.
    pub status: SloStatusView,
}

/// A percentage cut (not rounded) to `decimals`, so 99.8996 never reads as 99.9.
fn floor_percent(fraction: f64, decimals: i32) -> String {
    let scale = 10f64.powi(decimals);
    let v = (fraction * 100.0 * scale + 1e-9).floor() / scale;
    format!("{}%", format::number(v, decimals as usize))
}

/// An objective as entered: every accepted one has at most [`Objective::DECIMALS`] decimals.
fn objective(percent: f64) -> String {
    format!("{}%", format::number(percent, Objective::DECIMALS))
}

/// The status view of a measurement.
pub fn status_view(m: &SloMeasurement) -> SloStatusView {
    let empty = |class, label: &str, message: String| SloStatusView {
        class,
        label: label.to_owned(),
        message: Some(message),
        attainment: None,
        budget: None,
        coverage: None,
        budget_bar: None,
        events: None,
        burn: Vec::new(),
    };
    let r = match m {
        SloMeasurement::NotMeasured(why) => {
            return empty("unmeasured", "Budget status not measured yet", plain(why));
        }
        SloMeasurement::Failed(e) => {
            return empty("unmeasured", "Could not measure", e.to_string());
        }
        SloMeasurement::Measured(r) => r,
    };
    let s = &r.status;
    let (class, label) = match s.verdict() {
        Verdict::Meeting => ("meeting", "Meeting the objective".to_owned()),
        Verdict::PartialWindow => (
            "unsure",
            format!(
                "Partial window: {} of {} days of data",
                s.coverage.covered_days_text(s.window),
                s.window.days()
            ),
        ),
        Verdict::Breaching => ("breaching", "Breaching the objective".to_owned()),
        Verdict::TooFewEvents => ("unsure", "Too few events to judge".to_owned()),
        Verdict::NoData => ("unsure", "No data".to_owned()),
    };
    SloStatusView {
        class,
        label,
        message: s.explanation(),
        attainment: s.attainment.map(|a| floor_percent(a, 3)),
        budget: budget_text(s),
        coverage: coverage_text(s),
        budget_bar: s
            .budget
            .map(|b| format::number((b.remaining * 100.0).clamp(0.0, 100.0), 1)),
        events: (s.total_events > 0.0).then(|| format::number(s.total_events, 0)),
        burn: BurnWindow::ALL
            .iter()
            .map(|w| {
                let rate = s.burn_rate(*w).rate;
                format!(
                    "{} {}",
                    w.duration(),
                    rate.map_or_else(|| "—".into(), |r| format!("{}×", format::number(r, 2)))
                )
            })
            .collect(),
    }
}

/// A reason for people: no command-line flags (an administrator connects Prometheus).
fn plain(why: &str) -> String {
    if why.starts_with("no Prometheus is configured") {
        "No Prometheus is connected to this Orrery server yet, so the budget cannot be \
         measured. An administrator can connect one."
            .to_owned()
    } else {
        why.to_owned()
    }
}

/// The budget line: what is left (or how far it is overspent), and over which days when the
/// window is only partly covered.
fn budget_text(s: &SloStatus) -> Option<String> {
    let b = s.budget?;
    let text = if b.remaining >= 0.0 {
        format!(
            "{} of the error budget left",
            floor_percent(b.remaining.min(1.0), 1)
        )
    } else {
        format!(
            "overspent: {} of the error budget used",
            floor_percent(b.consumed, 1)
        )
    };
    Some(if s.coverage.is_full() {
        text
    } else {
        format!(
            "{text} over the {} days with data",
            s.coverage.covered_days_text(s.window)
        )
    })
}

/// How much of the window has data, when there is any.
fn coverage_text(s: &SloStatus) -> Option<String> {
    let days = s.window.days();
    if s.total_events <= 0.0 {
        None
    } else if s.coverage.is_full() {
        Some(format!("all {days} days"))
    } else {
        Some(format!(
            "{} of {days} days ({})",
            s.coverage.covered_days_text(s.window),
            floor_percent(s.coverage.fraction(), 1)
        ))
    }
}

/// Turns an SLO row and its measurement into its view; `None` means Prometheus did not
/// answer within the page's time limit.
pub fn slo_view(s: &records::Slo, measured: Option<&SloMeasurement>) -> SloView {
    let sli = match (
        s.sli_kind.as_str(),
        &s.latency_metric,
        s.latency_threshold_seconds,
    ) {
        ("latency", Some(metric), Some(t)) => format!(
            "Requests faster than {} s (histogram {metric})",
            format::number(t, 3)
        ),
        ("latency", _, _) => "Requests under a latency threshold".into(),
        _ => "Good events ÷ all events".into(),
    };
    let fraction = ((100.0 - s.objective_percent) / 100.0).max(0.0);
    let minutes = f64::from(s.window_days) * 24.0 * 60.0 * fraction;
    let outage = if minutes >= 120.0 {
        format!("{} hours", format::number(minutes / 60.0, 1))
    } else if minutes >= 2.0 {
        format!("{} minutes", format::number(minutes, 1))
    } else {
        format!("{} seconds", format::number(minutes * 60.0, 1))
    };
    SloView {
        id: s.id,
        name: s.name.clone(),
        description: s.description.clone(),
        sli,
        objective: objective(s.objective_percent),
        window: format!("{} days", s.window_days),
        budget: format!(
            "{}% of events, about {outage} of full outage per {} days",
            format::number(fraction * 100.0, 4),
            s.window_days
        ),
        status: measured.map_or_else(
            || SloStatusView {
                message: Some(format!(
                    "Prometheus did not answer within {} seconds; reload to try again",
                    MEASURE_LIMIT.as_secs()
                )),
                ..status_view(&SloMeasurement::NotMeasured(String::new()))
            },
            status_view,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_cut_not_rounded() {
        assert_eq!(floor_percent(0.998996, 3), "99.899%");
        assert_eq!(floor_percent(0.99, 3), "99%");
        assert_eq!(floor_percent(1.0, 1), "100%");
    }

    proptest::proptest! {
        /// Every objective an SLO accepts reads exactly as entered, never "100%" or "0%".
        #[test]
        fn accepted_objectives_display_as_themselves(n in 500_000u32..=999_999) {
            let entered = format!("{}.{:04}", n / 10_000, n % 10_000);
            let entered = entered.trim_end_matches('0').trim_end_matches('.');
            let parsed: f64 = entered.parse().unwrap();
            let accepted = Objective::parse("objectivePercent", parsed).unwrap();
            proptest::prop_assert_eq!(objective(accepted.percent()), format!("{entered}%"));
        }
    }

    #[test]
    fn tiny_error_budgets_read_in_seconds() {
        let view = |objective_percent: f64| {
            let now = chrono::Utc::now();
            slo_view(
                &records::Slo {
                    id: 1,
                    service_id: 1,
                    name: "availability".into(),
                    description: None,
                    sli_kind: crate::domain::slo::SliKind::Ratio,
                    good_query: Some("g".into()),
                    total_query: Some("t".into()),
                    latency_metric: None,
                    latency_threshold_seconds: None,
                    objective_percent,
                    window_days: 28,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                },
                None,
            )
        };
        let strict = view(99.9999);
        assert_eq!(strict.objective, "99.9999%");
        assert!(
            strict.budget.contains("0.0001% of events"),
            "{}",
            strict.budget
        );
        assert!(
            strict.budget.contains("about 2.4 seconds"),
            "{}",
            strict.budget
        );
        assert!(view(99.9).budget.contains("about 40.3 minutes"));
    }

    #[test]
    fn unmeasured_slos_say_why_and_show_no_figures() {
        let v = status_view(&SloMeasurement::NotMeasured(
            "no Prometheus is configured (set --prometheus-url)".into(),
        ));
        assert_eq!(v.label, "Budget status not measured yet");
        let message = v.message.unwrap();
        assert!(message.contains("No Prometheus is connected"), "{message}");
        assert!(!message.contains("--"), "no command-line flags: {message}");
        assert!(v.attainment.is_none() && v.budget.is_none() && v.burn.is_empty());
    }

    fn measured(age_days: f64) -> SloMeasurement {
        use crate::domain::slo::WindowDays;
        use crate::domain::slo_status::{SloInput, WindowCounts, WindowCoverage, evaluate};
        let window = WindowDays::parse("window", 28).unwrap();
        let status = evaluate(&SloInput {
            objective: Objective::parse("objective", 99.9).unwrap(),
            window,
            counts: WindowCounts::new(200_000.0, 200_000.0),
            burn: [WindowCounts::new(5_000.0, 5_000.0); 4],
            coverage: WindowCoverage::from_data_age(Some(age_days * 86_400.0), window),
        });
        SloMeasurement::Measured(Box::new(crate::verify::prom::SloReport {
            status,
            queries: Vec::new(),
            coverage: crate::verify::prom::CoverageQuery {
                promql: String::new(),
                age_seconds: Some(age_days * 86_400.0),
            },
            evaluated_at: None,
            source: "test".into(),
        }))
    }

    #[test]
    fn a_young_service_reads_as_a_partial_window_not_as_meeting() {
        let v = status_view(&measured(2.0));
        assert_eq!(v.class, "unsure");
        assert_eq!(v.label, "Partial window: 2.0 of 28 days of data");
        assert_eq!(
            v.budget.as_deref(),
            Some("100% of the error budget left over the 2.0 days with data")
        );
        assert_eq!(v.coverage.as_deref(), Some("2.0 of 28 days (7.1%)"));
        assert!(v.message.unwrap().starts_with("partial window: "));
        assert_eq!(v.burn[0], "1h 0×");

        let v = status_view(&measured(30.0));
        assert_eq!(
            (v.class, v.label.as_str()),
            ("meeting", "Meeting the objective")
        );
        assert_eq!(v.budget.as_deref(), Some("100% of the error budget left"));
        assert_eq!(v.coverage.as_deref(), Some("all 28 days"));
        assert_eq!(v.message, None);
    }
}
