//! Pull request checks over the API: the services of a repository and the verdict on a
//! change whose repository checks a CI job ran (`orrery check --server`). Nothing is stored.

mod types;

pub use types::{ChangeEvaluation, ChangeSideInput, CheckOutcomeInput, CheckResultInput};

use super::error::GqlResult;
use super::svc;
use super::types::Service;
use crate::domain::catalog::Repository;
use crate::error::AppError;
use async_graphql::{Context, Object, Result};

/// Most results one side of a change may carry.
const MAX_RESULTS: usize = 500;

/// Root fields for pull request checks.
#[derive(Default)]
pub struct PrCheckQuery;

#[Object]
impl PrCheckQuery {
    /// Services (not archived) whose repository is the GitHub repository `owner/name`
    /// (case-insensitive), for a CI job that checks every service of its repository.
    async fn services_by_repository(
        &self,
        ctx: &Context<'_>,
        repository: String,
    ) -> Result<Vec<Service>> {
        let (owner, name) = match Repository::parse("repository", &repository) {
            Ok(Repository::GitHub { owner, name }) => (owner, name),
            _ => {
                return Err(AppError::invalid(
                    "repository",
                    "must be a GitHub repository `owner/name`",
                ))
                .gql();
            }
        };
        let found = svc(ctx)
            .services_for_github_repo(&owner, &name)
            .await
            .gql()?;
        Ok(found.into_iter().map(Service).collect())
    }

    /// What a change does to a service's readiness: its repository checks' results at the
    /// base and at the head (run by the caller, e.g. `orrery check`), combined with the
    /// service's current review, scored and judged by its pull request policy.
    async fn evaluate_change(
        &self,
        ctx: &Context<'_>,
        service: String,
        base: ChangeSideInput,
        head: ChangeSideInput,
    ) -> Result<ChangeEvaluation> {
        let s = svc(ctx);
        let record = s.service(&service).await.gql_in(&["service"])?;
        let base = base.parse("base", MAX_RESULTS).gql()?;
        let head = head.parse("head", MAX_RESULTS).gql()?;
        let report = s.evaluate_change(&record, base, head).await.gql()?;
        let links = crate::domain::change::Links::under(s.public_url(), &record.slug);
        Ok(ChangeEvaluation::new(report, links))
    }
}
