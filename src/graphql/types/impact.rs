//! `TemplateImpact`: the what-if of a template change.

use super::{Scorecard, Service};
use crate::services::scoring::impact::{ServiceImpact as Inner, TemplateImpact as Report};
use async_graphql::Object;

/// How a proposed template version would change the portfolio.
pub struct TemplateImpact(pub Report);

#[Object]
impl TemplateImpact {
    /// Services whose current review uses the template.
    async fn evaluated(&self) -> i32 {
        self.0.evaluated as i32
    }
    /// How many would change maturity level.
    async fn level_changes(&self) -> i32 {
        self.0.changed.iter().filter(|i| i.level_changes()).count() as i32
    }
    /// How many would change gate decision.
    async fn gate_changes(&self) -> i32 {
        self.0.changed.iter().filter(|i| i.gate_changes()).count() as i32
    }
    /// The services that would change, by slug.
    async fn services(&self) -> Vec<ServiceImpact> {
        self.0.changed.iter().cloned().map(ServiceImpact).collect()
    }
}

/// One service's scorecard now and under the proposal.
pub struct ServiceImpact(pub Inner);

#[Object]
impl ServiceImpact {
    async fn service(&self) -> Service {
        Service(self.0.service.clone())
    }
    /// Scorecard now.
    async fn before(&self) -> Scorecard {
        Scorecard(self.0.before.clone())
    }
    /// Scorecard under the proposed template, with the same answers.
    async fn after(&self) -> Scorecard {
        Scorecard(self.0.after.clone())
    }
    async fn level_changes(&self) -> bool {
        self.0.level_changes()
    }
    async fn gate_changes(&self) -> bool {
        self.0.gate_changes()
    }
}
