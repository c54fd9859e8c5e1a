//! "Test query": the SLO as typed, measured against Prometheus right now, before anything
//! is saved — the counts its queries return, or what went wrong, in words.

use super::super::format;
use super::super::service::slo::{SloStatusView, status_view};
use crate::domain::records;
use crate::domain::slo_status::CountWindow;
use crate::services::Services;
use crate::services::catalog::slo_status::SloMeasurement;

/// How long a test waits for Prometheus.
const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// One query the test ran and what it returned.
#[derive(Debug, Clone)]
pub struct ProbeQuery {
    /// "Good events over the SLO window".
    pub what: String,
    /// The PromQL sent.
    pub promql: String,
    /// The count, or "no series matched".
    pub value: String,
}

/// What a test showed.
#[derive(Debug, Clone)]
pub struct ProbeView {
    /// `ok`, `warn` or `bad`.
    pub class: &'static str,
    /// The outcome in one sentence.
    pub headline: String,
    /// The status it implies, when Prometheus answered.
    pub status: Option<SloStatusView>,
    /// The SLO-window queries and their counts.
    pub queries: Vec<ProbeQuery>,
}

fn problem(class: &'static str, headline: impl Into<String>) -> ProbeView {
    ProbeView {
        class,
        headline: headline.into(),
        status: None,
        queries: Vec::new(),
    }
}

/// Measures the unsaved `slo` of `service` now.
pub async fn probe(s: &Services, slo: &records::Slo, service: &records::Service) -> ProbeView {
    if s.sources().metrics().is_err() {
        return problem(
            "warn",
            "No Prometheus is connected to this Orrery server, so the query cannot be tested \
             here. You can still save the SLO; its status shows once an administrator \
             connects Prometheus.",
        );
    }
    let measured =
        tokio::time::timeout(TEST_LIMIT, s.measure_slo(slo, service, Some(s.now()))).await;
    let m = match measured {
        Err(_) => {
            return problem(
                "bad",
                format!(
                    "Prometheus did not answer within {} seconds. Try again, or check that it \
                     is running.",
                    TEST_LIMIT.as_secs()
                ),
            );
        }
        Ok(m) => m,
    };
    match &m {
        SloMeasurement::NotMeasured(why) => problem("bad", format!("Not tested: {why}.")),
        SloMeasurement::Failed(e) => problem("bad", format!("Prometheus could not run it: {e}.")),
        SloMeasurement::Measured(r) => {
            let queries: Vec<ProbeQuery> = r
                .queries
                .iter()
                .filter(|q| q.window == CountWindow::Slo)
                .map(|q| ProbeQuery {
                    what: format!("{} events over {}", capital(&q.kind.to_string()), q.window),
                    promql: q.promql.clone(),
                    value: q
                        .value
                        .map_or_else(|| "no series matched".to_owned(), |v| format::number(v, 0)),
                })
                .collect();
            let empty = r.queries.iter().all(|q| q.value.is_none_or(|v| v == 0.0));
            let (class, headline) = if empty {
                (
                    "warn",
                    "Prometheus ran the queries but they count no events yet. Check the metric \
                     names and labels, or wait for traffic.",
                )
            } else {
                ("ok", "Prometheus ran the queries and counted events.")
            };
            ProbeView {
                class,
                headline: headline.to_owned(),
                status: Some(status_view(&m)),
                queries,
            }
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
