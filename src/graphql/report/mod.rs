//! `portfolioReport`: the leadership report over a filtered portfolio.

mod risk;
mod services;
mod trend;
mod types;

use super::enums::{Lifecycle, Tier};
use super::error::GqlResult;
use super::svc;
use crate::services::report::{Period, ReportFilter as Filter};
use async_graphql::{Context, InputObject, Object, Result};
use chrono::{DateTime, Utc};
pub use types::PortfolioReport;

/// Which services a report covers; an empty or missing list does not restrict.
#[derive(InputObject, Default)]
pub struct ReportFilter {
    /// Owning teams' slugs; an unknown slug is a `VALIDATION` error naming it.
    pub teams: Option<Vec<String>>,
    /// Tiers.
    pub tiers: Option<Vec<Tier>>,
    /// Lifecycle stages.
    pub lifecycles: Option<Vec<Lifecycle>>,
}

/// Report queries (merged into the root query).
#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// The reliability report of the services `filter` selects (archived ones left out).
    /// Readiness, heat map and what to fix reflect now (gates and levels from the latest
    /// score snapshots); approvals over `NO_GO` are those decided between `from` and `to`;
    /// waiver and action-item risks are judged at `to` (default now). The trend and movers
    /// replay score history over `from` (default 12 weeks before `to`) to `to`. Every figure
    /// lists the slugs of the services behind it.
    async fn portfolio_report(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReportFilter>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<PortfolioReport> {
        let f = filter.unwrap_or_default();
        let filter = Filter {
            teams: f.teams.unwrap_or_default(),
            tiers: f
                .tiers
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            lifecycles: f
                .lifecycles
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
        };
        svc(ctx)
            .portfolio_report(&filter, Period { from, to })
            .await
            .map(PortfolioReport)
            .gql()
    }
}
