//! Measuring a service's SLOs against Prometheus.

use crate::domain::records;
use crate::services::Services;
use crate::services::verification::monitoring_of;
use crate::verify::placeholders::ServiceFields;
use crate::verify::prom::{SloDefinition, SloError, SloReport, slo_status};
use chrono::{DateTime, Utc};

/// What measuring one SLO gave.
#[derive(Debug, Clone)]
pub enum SloMeasurement {
    /// Prometheus answered; the status says whether the data suffices.
    Measured(Box<SloReport>),
    /// Nothing was asked: no Prometheus is configured, or the stored SLO no longer parses.
    NotMeasured(String),
    /// Prometheus could not be asked or refused the queries.
    Failed(SloError),
}

impl Services {
    /// Measures `slo` of `service` at `at`, or at the current instant when `None` (and then
    /// records the status as the SLO's latest observation, for reports): every
    /// query of one status read runs at the same instant, so good and total events (and the
    /// burn rates) come from the same moment rather than from whenever each query ran.
    pub async fn measure_slo(
        &self,
        slo: &records::Slo,
        service: &records::Service,
        at: Option<DateTime<Utc>>,
    ) -> SloMeasurement {
        let metrics = match self.sources().metrics() {
            Ok(m) => m,
            Err(reason) => return SloMeasurement::NotMeasured(reason),
        };
        let def = match SloDefinition::from_model(slo) {
            Ok(def) => def,
            Err(e) => {
                return SloMeasurement::NotMeasured(format!(
                    "the stored SLO is not valid ({}: {})",
                    e.field, e.message
                ));
            }
        };
        let fields = ServiceFields::new(&service.slug, &monitoring_of(service));
        let now = at.is_none();
        let at = at.unwrap_or_else(|| self.now());
        let measurement = match slo_status(&def, &fields, metrics.as_ref(), Some(at)).await {
            Ok(report) => SloMeasurement::Measured(Box::new(report)),
            Err(e) => {
                tracing::debug!(slo = %slo.name, service = %service.slug, error = %e, "SLO not measured");
                SloMeasurement::Failed(e)
            }
        };
        // Only the present is the SLO's latest status; a look at a past instant is not.
        if now {
            self.record_slo_observation(slo, &measurement, at).await;
        }
        measurement
    }
}
