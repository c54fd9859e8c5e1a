//! The last measured status of each SLO: recorded whenever an SLO is measured at the
//! current instant (a page, the API, the background pass), read by reports.

use super::slo_status::SloMeasurement;
use crate::domain::records;
use crate::domain::report::SloRow;
use crate::domain::slo_status::{BurnWindow, Verdict};
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::{slo, slo_observation};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};
use std::collections::HashMap;

/// The stored code of a verdict.
fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Meeting => "meeting",
        Verdict::PartialWindow => "partial_window",
        Verdict::Breaching => "breaching",
        Verdict::TooFewEvents => "too_few_events",
        Verdict::NoData => "no_data",
    }
}

fn parse_verdict(code: &str) -> Option<Verdict> {
    [
        Verdict::Meeting,
        Verdict::PartialWindow,
        Verdict::Breaching,
        Verdict::TooFewEvents,
        Verdict::NoData,
    ]
    .into_iter()
    .find(|v| verdict_code(*v) == code)
}

/// What one background pass over every SLO did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ObservePass {
    /// SLOs measured and recorded.
    pub measured: usize,
    /// SLOs Prometheus could not measure (their last observation stays as it was).
    pub failed: usize,
}

impl Services {
    /// Records `measurement` of `slo` taken at `at` as its latest observation. Only a
    /// measured status is recorded; a failure leaves the previous observation (and its
    /// date) in place. A failure to write is logged: observations are derived data.
    pub(crate) async fn record_slo_observation(
        &self,
        slo: &records::Slo,
        measurement: &SloMeasurement,
        at: DateTime<Utc>,
    ) {
        let SloMeasurement::Measured(report) = measurement else {
            return;
        };
        let status = &report.status;
        let row = slo_observation::ActiveModel {
            id: NotSet,
            slo_id: Set(slo.id),
            service_id: Set(slo.service_id),
            measured_at: Set(at),
            verdict: Set(verdict_code(status.verdict()).to_owned()),
            attainment: Set(status.attainment),
            budget_remaining: Set(status.budget.as_ref().map(|b| b.remaining)),
            burn_1h: Set(status.burn_rate(BurnWindow::OneHour).rate),
            burn_6h: Set(status.burn_rate(BurnWindow::SixHours).rate),
        };
        use slo_observation::Column as C;
        let upsert = slo_observation::Entity::insert(row)
            .on_conflict(
                OnConflict::column(C::SloId)
                    .update_columns([
                        C::MeasuredAt,
                        C::Verdict,
                        C::Attainment,
                        C::BudgetRemaining,
                        C::Burn1h,
                        C::Burn6h,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(self.db.conn())
            .await;
        if let Err(e) = upsert {
            tracing::warn!(slo = %slo.name, error = %e, "could not record the SLO's status");
        }
    }

    /// Measures every SLO of every active service now, `concurrency` at a time, recording
    /// each status. Does nothing without a Prometheus.
    pub async fn observe_slos(&self, concurrency: usize) -> AppResult<ObservePass> {
        if self.sources().metrics().is_err() {
            return Ok(ObservePass::default());
        }
        let services = self.active_services().await?;
        let ids: Vec<i64> = services.iter().map(|s| s.id).collect();
        let mut slos = self.slos_by_service_ids(&ids).await?;
        // Owned work items: the futures outlive no borrow, which a spawned pass requires.
        let work: Vec<(records::Slo, records::Service)> = services
            .iter()
            .flat_map(|s| {
                let slos = slos.remove(&s.id).unwrap_or_default();
                slos.into_iter().map(move |o| (o, s.clone()))
            })
            .collect();
        let outcomes: Vec<bool> = futures_util::stream::iter(work)
            .map(|(slo, service)| {
                let this = self.clone();
                async move {
                    let m = this.measure_slo(&slo, &service, None).await;
                    matches!(m, SloMeasurement::Measured(_))
                }
            })
            .buffer_unordered(concurrency.max(1))
            .collect()
            .await;
        let measured = outcomes.iter().filter(|ok| **ok).count();
        Ok(ObservePass {
            measured,
            failed: outcomes.len() - measured,
        })
    }

    /// The latest observation of every SLO of these services, with the SLO's name and the
    /// service's slug from `slug_of` (one statement).
    pub(crate) async fn slo_rows(
        &self,
        service_ids: &[i64],
        slug_of: &HashMap<i64, &str>,
    ) -> AppResult<Vec<SloRow>> {
        if service_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = slo_observation::Entity::find()
            .find_also_related(slo::Entity)
            .filter(slo_observation::Column::ServiceId.is_in(service_ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(o, s)| {
                Some(SloRow {
                    service: (*slug_of.get(&o.service_id)?).to_owned(),
                    slo: s?.name,
                    measured_at: o.measured_at,
                    verdict: parse_verdict(&o.verdict)?,
                    budget_remaining: o.budget_remaining,
                    burn_1h: o.burn_1h,
                    burn_6h: o.burn_6h,
                })
            })
            .collect())
    }
}

/// Background observation: a pass over every SLO at start-up, then one every `every`, until
/// `stop` flips to true. Every replica may run it (each pass only refreshes the latest
/// observation of each SLO).
pub async fn run(
    services: Services,
    every: std::time::Duration,
    concurrency: usize,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let pass = tokio::select! {
            pass = services.observe_slos(concurrency) => pass,
            _ = stop.changed() => return,
        };
        match pass {
            Ok(p) if p.failed > 0 => {
                tracing::warn!(
                    measured = p.measured,
                    failed = p.failed,
                    "some SLOs could not be measured"
                );
            }
            Ok(p) => tracing::debug!(measured = p.measured, "SLO statuses recorded"),
            Err(e) => tracing::warn!(error = %e, "SLO observation pass failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_codes_round_trip() {
        for v in [
            Verdict::Meeting,
            Verdict::PartialWindow,
            Verdict::Breaching,
            Verdict::TooFewEvents,
            Verdict::NoData,
        ] {
            assert_eq!(parse_verdict(verdict_code(v)), Some(v));
        }
        assert_eq!(parse_verdict("MEETING"), None);
    }
}
