//! The risk section of `portfolioReport`.

use super::types::ServiceFigure;
use crate::domain::report as r;
use crate::graphql::types::slo_status::SloState;
use async_graphql::{Enum, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

/// A waiver at risk.
#[derive(SimpleObject)]
pub struct WaiverRisk {
    /// The service's slug.
    pub service: String,
    /// The waived item.
    pub item_key: String,
    /// When it expires (or expired).
    pub expires_at: DateTime<Utc>,
}

/// An open action item past its due date.
#[derive(SimpleObject)]
pub struct ActionItemRisk {
    /// The service's slug.
    pub service: String,
    /// What is to be done.
    pub title: String,
    /// Who does it.
    pub owner: String,
    /// When it was due.
    pub due_date: NaiveDate,
}

fn waiver_risks(list: &[r::WaiverRisk]) -> Vec<WaiverRisk> {
    list.iter()
        .map(|w| WaiverRisk {
            service: w.service.clone(),
            item_key: w.item_key.clone(),
            expires_at: w.expires_at,
        })
        .collect()
}

/// Why an approved review is due for re-review.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum OverdueReason {
    /// Approved a year ago or more.
    Age,
    /// The gate fell to `NO_GO` after an approval that did not override it.
    Drift,
}

/// An approved review due for re-review.
#[derive(SimpleObject)]
pub struct OverdueReview {
    /// The service's slug.
    pub service: String,
    /// When the review was approved.
    pub approved_at: DateTime<Utc>,
    /// When it fell (or falls) due by age: a year after approval.
    pub due_at: DateTime<Utc>,
    /// Why it is due.
    pub reason: OverdueReason,
}

/// An SLO at risk, as last measured.
#[derive(SimpleObject)]
pub struct SloRisk {
    /// The service's slug.
    pub service: String,
    /// The SLO's name.
    pub slo: String,
    /// When it was last measured (by a page, the API, or the background pass).
    pub measured_at: DateTime<Utc>,
    /// Where it stood then.
    pub state: SloState,
    /// Error budget remaining then (1 untouched, at or below 0 spent).
    pub budget_remaining: Option<f64>,
    /// Burn rate over the hour before (1 spends the budget exactly over the window).
    #[graphql(name = "burnRate1h")]
    pub burn_rate_1h: Option<f64>,
    /// Burn rate over the six hours before.
    #[graphql(name = "burnRate6h")]
    pub burn_rate_6h: Option<f64>,
}

fn slo_risks(list: &[r::SloRow]) -> Vec<SloRisk> {
    list.iter()
        .map(|s| SloRisk {
            service: s.service.clone(),
            slo: s.slo.clone(),
            measured_at: s.measured_at,
            state: s.verdict.into(),
            budget_remaining: s.budget_remaining,
            burn_rate_1h: s.burn_1h,
            burn_rate_6h: s.burn_6h,
        })
        .collect()
}

/// Risks at the report's reference instant (`to`, default now).
pub struct Risk<'a>(pub(super) &'a r::Risk);

#[Object]
impl<'a> Risk<'a> {
    /// Approved waivers expiring within 30 days, soonest first.
    async fn waivers_expiring(&self) -> Vec<WaiverRisk> {
        waiver_risks(&self.0.waivers_expiring)
    }

    /// Their services.
    async fn waivers_expiring_services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.waivers_expiring_services)
    }

    /// Approved waivers expired and not renewed by another approved waiver in force, most
    /// recently expired first.
    async fn waivers_expired(&self) -> Vec<WaiverRisk> {
        waiver_risks(&self.0.waivers_expired)
    }

    /// Their services.
    async fn waivers_expired_services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.waivers_expired_services)
    }

    /// Open action items past their due date, oldest due first.
    async fn overdue_action_items(&self) -> Vec<ActionItemRisk> {
        self.0
            .overdue_action_items
            .iter()
            .map(|a| ActionItemRisk {
                service: a.service.clone(),
                title: a.title.clone(),
                owner: a.owner.clone(),
                due_date: a.due_date,
            })
            .collect()
    }

    /// Their services.
    async fn overdue_action_items_services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.overdue_action_items_services)
    }

    /// Approved reviews due for re-review: a year after approval, or at once when the gate
    /// has fallen to `NO_GO` since (drift first, then longest overdue first).
    async fn reviews_overdue(&self) -> Vec<OverdueReview> {
        self.0
            .reviews_overdue
            .iter()
            .map(|o| OverdueReview {
                service: o.service.clone(),
                approved_at: o.approved_at,
                due_at: o.due_at,
                reason: match o.reason {
                    r::OverdueReason::Age => OverdueReason::Age,
                    r::OverdueReason::Drift => OverdueReason::Drift,
                },
            })
            .collect()
    }

    /// Their services.
    async fn reviews_overdue_services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.reviews_overdue_services)
    }

    /// SLOs whose error budget is spent (remaining at or below 0) as last measured, with
    /// enough events to judge; least remaining first.
    async fn slos_exhausted(&self) -> Vec<SloRisk> {
        slo_risks(&self.0.slos.exhausted)
    }

    /// Their services.
    async fn slos_exhausted_services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.slos.exhausted_services)
    }

    /// SLOs burning their budget at a paging rate as last measured: 14.4 or more over one
    /// hour (2 % of a 30-day budget) or 6 or more over six hours (5 %); fastest first.
    async fn slos_burning_fast(&self) -> Vec<SloRisk> {
        slo_risks(&self.0.slos.burning_fast)
    }

    /// Their services.
    async fn slos_burning_fast_services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.slos.burning_fast_services)
    }
}
