//! The SLO form as typed: reading it into the fields `define_slo` and `update_slo` take,
//! with every problem found at once and put next to its field.

use super::super::form_errors::FormErrors;
use super::common::{number, required_number};
use crate::domain::FieldError;
use crate::domain::records;
use crate::domain::slo::{Objective, Sli, SliKind, WindowDays};
use crate::domain::validation::{optional_prose, required_text};
use crate::services::catalog::slos::SloFields;
use serde::Deserialize;

/// The SLO form's fields, in the order they appear.
pub const SLO_FIELDS: [&str; 9] = [
    "name",
    "description",
    "sli_kind",
    "good_query",
    "total_query",
    "latency_metric",
    "latency_threshold_seconds",
    "objective_percent",
    "window_days",
];

/// The form as typed (and as posted).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SloForm {
    pub name: String,
    pub description: String,
    /// `ratio` or `latency`.
    pub sli_kind: String,
    pub good_query: String,
    pub total_query: String,
    pub latency_metric: String,
    pub latency_threshold_seconds: String,
    pub objective_percent: String,
    pub window_days: String,
    /// The version being edited (edit form only).
    pub version: String,
    /// `test` when the "Test query" button sent the form.
    pub action: String,
}

impl SloForm {
    /// A blank form with the usual defaults.
    pub fn blank() -> Self {
        Self {
            sli_kind: "ratio".into(),
            objective_percent: "99.9".into(),
            window_days: "28".into(),
            ..Self::default()
        }
    }

    /// The stored SLO as the form shows it.
    pub fn from_slo(o: &records::Slo) -> Self {
        Self {
            name: o.name.clone(),
            description: o.description.clone().unwrap_or_default(),
            sli_kind: o.sli_kind.as_str().to_owned(),
            good_query: o.good_query.clone().unwrap_or_default(),
            total_query: o.total_query.clone().unwrap_or_default(),
            latency_metric: o.latency_metric.clone().unwrap_or_default(),
            latency_threshold_seconds: o
                .latency_threshold_seconds
                .map(|t| t.to_string())
                .unwrap_or_default(),
            objective_percent: o.objective_percent.to_string(),
            window_days: o.window_days.to_string(),
            version: o.version.to_string(),
            action: String::new(),
        }
    }

    /// Whether the latency fields are the ones in use.
    pub fn is_latency(&self) -> bool {
        self.sli_kind == "latency"
    }

    /// The fields as the use cases take them, and every problem with them. The fields of
    /// the other kind of indicator are left out, so what is saved is what the kind uses.
    pub fn parse(&self) -> (SloFields, FormErrors) {
        let mut errors = FormErrors::default();
        let mut note = |r: Result<(), FieldError>| {
            if let Err(e) = r {
                errors.add(e.field.clone(), e.message);
            }
        };
        note(required_text("name", &self.name, 100).map(drop));
        note(optional_prose("description", Some(&self.description), 4000).map(drop));
        let kind = match self.sli_kind.as_str() {
            "ratio" => Some(SliKind::Ratio),
            "latency" => Some(SliKind::Latency),
            _ => None,
        };
        if kind.is_none() {
            errors.add("sli_kind", "choose how the indicator is measured");
        }
        let threshold = if self.is_latency() {
            number::<f64>(
                &mut errors,
                "latency_threshold_seconds",
                &self.latency_threshold_seconds,
                "0.3",
            )
        } else {
            None
        };
        let objective = required_number::<f64>(
            &mut errors,
            "objective_percent",
            &self.objective_percent,
            "99.9",
        );
        let window = required_number::<i64>(&mut errors, "window_days", &self.window_days, "28");
        let ratio = kind == Some(SliKind::Ratio);
        let fields = SloFields {
            name: Some(self.name.trim().to_owned()),
            description: Some(self.description.trim().to_owned()),
            sli_kind: kind,
            good_query: ratio.then(|| self.good_query.trim().to_owned()),
            total_query: ratio.then(|| self.total_query.trim().to_owned()),
            latency_metric: (!ratio).then(|| self.latency_metric.trim().to_owned()),
            latency_threshold_seconds: threshold,
            objective_percent: objective,
            window_days: window,
        };
        if let Some(kind) = kind {
            let sli = Sli::parse(
                kind,
                fields.good_query.as_deref(),
                fields.total_query.as_deref(),
                fields.latency_metric.as_deref(),
                threshold,
            );
            // A threshold that was typed but is not a number is already explained.
            if let Err(e) = sli
                && errors.get(&e.field).is_none()
            {
                errors.add(e.field.clone(), plain(&e.message));
            }
        }
        if let Some(o) = objective
            && let Err(e) = Objective::parse("objective_percent", o)
        {
            errors.add(e.field, e.message);
        }
        if let Some(w) = window
            && let Err(e) = WindowDays::parse("window_days", w)
        {
            errors.add(e.field, e.message);
        }
        (fields, errors)
    }

    /// The fields as an SLO row, for measuring before anything is saved.
    pub fn as_row(
        &self,
        fields: &SloFields,
        service_id: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> records::Slo {
        records::Slo {
            id: 0,
            service_id,
            name: fields.name.clone().unwrap_or_default(),
            description: None,
            sli_kind: fields.sli_kind.unwrap_or(SliKind::Ratio),
            good_query: fields.good_query.clone(),
            total_query: fields.total_query.clone(),
            latency_metric: fields.latency_metric.clone(),
            latency_threshold_seconds: fields.latency_threshold_seconds,
            objective_percent: fields.objective_percent.unwrap_or(99.0),
            window_days: fields
                .window_days
                .and_then(|w| i32::try_from(w).ok())
                .unwrap_or(28),
            version: 0,
            created_at: now,
            updated_at: now,
        }
    }
}

/// A domain message for people: "is required for a ratio SLI (must not be empty)" reads
/// "is required for a ratio indicator".
fn plain(message: &str) -> String {
    message
        .replace(" SLI", " indicator")
        .replace(" (must not be empty)", "")
}

/// The label of an SLO form field, for the error summary.
pub fn slo_label(field: &str) -> String {
    match field {
        "name" => "Name",
        "description" => "What it protects",
        "sli_kind" => "Indicator",
        "good_query" => "Good events",
        "total_query" => "All events",
        "latency_metric" => "Latency histogram",
        "latency_threshold_seconds" => "Latency threshold",
        "objective_percent" => "Objective",
        "window_days" => "Window",
        _ => "Form",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio() -> SloForm {
        SloForm {
            name: "availability".into(),
            good_query: "http_requests_total{code!~\"5..\"}".into(),
            total_query: "http_requests_total".into(),
            ..SloForm::blank()
        }
    }

    #[test]
    fn a_good_ratio_form_reads_into_fields() {
        let (f, e) = ratio().parse();
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(f.sli_kind, Some(SliKind::Ratio));
        assert_eq!(f.objective_percent, Some(99.9));
        assert_eq!(f.window_days, Some(28));
        assert_eq!(f.latency_metric, None);
    }

    #[test]
    fn every_problem_is_put_next_to_its_field() {
        let form = SloForm {
            name: " ".into(),
            sli_kind: "latency".into(),
            latency_threshold_seconds: "fast".into(),
            objective_percent: "100".into(),
            window_days: "400".into(),
            ..SloForm::default()
        };
        let (_, e) = form.parse();
        assert!(e.get("name").is_some());
        assert!(
            e.get("latency_metric")
                .unwrap()
                .contains("latency indicator")
        );
        assert!(
            e.get("latency_threshold_seconds")
                .unwrap()
                .contains("not a number")
        );
        assert!(e.get("objective_percent").unwrap().contains("99.9"));
        assert!(e.get("window_days").unwrap().contains("90 days"));
        let (_, e) = SloForm {
            good_query: String::new(),
            ..ratio()
        }
        .parse();
        assert_eq!(
            e.get("good_query"),
            Some("is required for a ratio indicator")
        );
    }
}
