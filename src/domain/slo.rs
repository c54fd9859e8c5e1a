//! Service level objective definitions (the math of SLO status arrives with verification).

use super::numbers::echo;
use super::validation::required_prose;
use super::{FieldError, FieldResult};

crate::string_enum!(
    /// How the service level indicator is measured.
    SliKind { Ratio => "ratio", Latency => "latency" }
);

/// The indicator: a good/total event ratio, or the share of requests under a latency threshold.
#[derive(Debug, Clone, PartialEq)]
pub enum Sli {
    /// `good_query` counts good events, `total_query` all events (PromQL counters).
    Ratio {
        good_query: String,
        total_query: String,
    },
    /// A histogram metric (without `_bucket`) and the threshold a good request stays under.
    Latency {
        metric: String,
        threshold_seconds: f64,
    },
}

impl Sli {
    /// Builds the SLI of `kind` from whichever optional fields it needs, naming missing ones.
    pub fn parse(
        kind: SliKind,
        good_query: Option<&str>,
        total_query: Option<&str>,
        latency_metric: Option<&str>,
        threshold_seconds: Option<f64>,
    ) -> FieldResult<Self> {
        let need = |field: &str, v: Option<&str>| {
            required_prose(field, v.unwrap_or(""), 4000).map_err(|e| {
                FieldError::new(
                    e.field,
                    format!("is required for a {kind} SLI ({})", e.message),
                )
            })
        };
        match kind {
            SliKind::Ratio => Ok(Self::Ratio {
                good_query: need("good_query", good_query)?,
                total_query: need("total_query", total_query)?,
            }),
            SliKind::Latency => {
                let metric = need("latency_metric", latency_metric)?;
                let t = threshold_seconds.ok_or_else(|| {
                    FieldError::new("latency_threshold_seconds", "is required for a latency SLI")
                })?;
                if !(t.is_finite() && t > 0.0 && t <= 3600.0) {
                    return Err(FieldError::new(
                        "latency_threshold_seconds",
                        "must be greater than 0 and at most 3600",
                    ));
                }
                Ok(Self::Latency {
                    metric,
                    threshold_seconds: t,
                })
            }
        }
    }

    /// Which kind of SLI this is.
    pub fn kind(&self) -> SliKind {
        match self {
            Self::Ratio { .. } => SliKind::Ratio,
            Self::Latency { .. } => SliKind::Latency,
        }
    }
}

/// An objective in percent, from [`Objective::MIN`] to [`Objective::MAX`] with at most
/// [`Objective::DECIMALS`] decimals, so that every accepted objective reads exactly as
/// entered (99.99999999999999 would read "100%", leaving no error budget in words).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Objective(f64);

impl Objective {
    /// The lowest objective: below half the events good, an SLO promises nothing.
    pub const MIN: f64 = 50.0;
    /// The highest objective: 99.9999% (about 2.6 s of full outage in 30 days).
    pub const MAX: f64 = 99.9999;
    /// Decimals an objective may have.
    pub const DECIMALS: usize = 4;

    /// Parses a percentage such as `99.9`.
    pub fn parse(field: &str, percent: f64) -> FieldResult<Self> {
        let steps = (percent * 10_000.0).round();
        let in_range = (Self::MIN..=Self::MAX).contains(&percent);
        if in_range && steps / 10_000.0 == percent {
            Ok(Self(percent))
        } else {
            Err(FieldError::new(
                field,
                format!(
                    "must be a percentage from {} to {} with at most {} decimals, e.g. 99.9 (got {})",
                    Self::MIN,
                    Self::MAX,
                    Self::DECIMALS,
                    echo(percent)
                ),
            ))
        }
    }

    /// The percentage.
    pub fn percent(self) -> f64 {
        self.0
    }

    /// The error budget as a fraction of events, e.g. 0.001 for 99.9%.
    pub fn error_budget_fraction(self) -> f64 {
        (100.0 - self.0) / 100.0
    }
}

/// A rolling SLO window in whole days (1 to 90).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WindowDays(u16);

impl WindowDays {
    /// Parses a day count.
    pub fn parse(field: &str, days: i64) -> FieldResult<Self> {
        match u16::try_from(days) {
            Ok(d @ 1..=90) => Ok(Self(d)),
            _ => Err(FieldError::new(
                field,
                format!("must be between 1 and 90 days (got {days})"),
            )),
        }
    }

    /// Number of days.
    pub fn days(self) -> u16 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objectives() {
        assert!(Objective::parse("o", 99.9).is_ok());
        assert!(
            (Objective::parse("o", 99.9).unwrap().error_budget_fraction() - 0.001).abs() < 1e-12
        );
        for good in [50.0, 90.0, 99.0, 99.95, 99.999, 99.9999, 75.1234] {
            assert_eq!(Objective::parse("o", good).unwrap().percent(), good);
        }
        let bad = [
            0.0,
            100.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            150.0,
            1.5,
            49.9999,
            99.99999,
            99.99999999999999,
            5e-324,
            99.12345,
        ];
        for bad in bad {
            let e = Objective::parse("objective_percent", bad).unwrap_err();
            assert_eq!(e.field, "objective_percent");
            assert!(e.message.contains("from 50 to 99.9999"), "{}", e.message);
            assert!(e.message.contains("at most 4 decimals"), "{}", e.message);
        }
    }

    #[test]
    fn windows() {
        assert_eq!(WindowDays::parse("w", 28).unwrap().days(), 28);
        assert!(WindowDays::parse("w", 0).is_err());
        assert!(WindowDays::parse("w", 91).is_err());
    }

    #[test]
    fn sli_requires_fields_per_kind() {
        let e = Sli::parse(SliKind::Ratio, Some("a"), None, None, None).unwrap_err();
        assert_eq!(e.field, "total_query");
        let e = Sli::parse(
            SliKind::Latency,
            None,
            None,
            Some("http_duration_seconds"),
            None,
        )
        .unwrap_err();
        assert_eq!(e.field, "latency_threshold_seconds");
        let ok = Sli::parse(SliKind::Latency, None, None, Some("h"), Some(0.3)).unwrap();
        assert_eq!(ok.kind(), SliKind::Latency);
    }
}
