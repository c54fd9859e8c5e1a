//! DataLoaders: one per relation, each answering a batch of keys with one SQL statement.
//! Created per request, so nothing is cached across requests.

use crate::error::AppError;
use crate::services::Services;
use crate::store::entities::{capacity_plan, dependency, item_response, review, service, sign_off, slo, team, waiver};
use async_graphql::dataloader::{DataLoader, Loader};
use std::collections::HashMap;
use std::sync::Arc;

macro_rules! loader {
    ($(#[$doc:meta])* $name:ident => $value:ty, $method:ident) => {
        $(#[$doc])*
        pub struct $name(pub Services);

        impl Loader<i64> for $name {
            type Value = $value;
            type Error = Arc<AppError>;

            async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, $value>, Self::Error> {
                self.0.$method(keys).await.map_err(Arc::new)
            }
        }
    };
}

loader!(/** Team by id. */ TeamById => team::Model, teams_by_ids);
loader!(/** Service by id. */ ServiceById => service::Model, services_by_ids);
loader!(/** Services of a team. */ ServicesByTeam => Vec<service::Model>, services_by_team_ids);
loader!(/** Dependencies a service declares. */ DependenciesByService => Vec<dependency::Model>, dependencies_by_service_ids);
loader!(/** Dependencies on a service. */ DependentsByService => Vec<dependency::Model>, dependents_by_service_ids);
loader!(/** Capacity plan of a service. */ CapacityByService => capacity_plan::Model, capacity_by_service_ids);
loader!(/** SLOs of a service. */ SlosByService => Vec<slo::Model>, slos_by_service_ids);
loader!(/** Reviews of a service. */ ReviewsByService => Vec<review::Model>, reviews_by_service_ids);
loader!(/** Current review of a service. */ CurrentReviewByService => review::Model, current_reviews_by_service_ids);
loader!(/** Review by id. */ ReviewById => review::Model, reviews_by_ids);
loader!(/** Responses of a review. */ ResponsesByReview => Vec<item_response::Model>, responses_by_review_ids);
loader!(/** Waivers of a review. */ WaiversByReview => Vec<waiver::Model>, waivers_by_review_ids);
loader!(/** Sign-offs of a review. */ SignOffsByReview => Vec<sign_off::Model>, sign_offs_by_review_ids);

/// All loaders of one request.
pub struct Loaders {
    /// Team by id.
    pub team: DataLoader<TeamById>,
    /// Service by id.
    pub service: DataLoader<ServiceById>,
    /// Services of a team.
    pub team_services: DataLoader<ServicesByTeam>,
    /// Dependencies a service declares.
    pub dependencies: DataLoader<DependenciesByService>,
    /// Dependencies on a service.
    pub dependents: DataLoader<DependentsByService>,
    /// Capacity plans.
    pub capacity: DataLoader<CapacityByService>,
    /// SLOs.
    pub slos: DataLoader<SlosByService>,
    /// Reviews of a service.
    pub reviews: DataLoader<ReviewsByService>,
    /// Current review of a service.
    pub current_review: DataLoader<CurrentReviewByService>,
    /// Review by id.
    pub review: DataLoader<ReviewById>,
    /// Item responses.
    pub responses: DataLoader<ResponsesByReview>,
    /// Waivers.
    pub waivers: DataLoader<WaiversByReview>,
    /// Sign-offs.
    pub sign_offs: DataLoader<SignOffsByReview>,
}

impl Loaders {
    /// Fresh loaders for one request.
    pub fn new(s: &Services) -> Self {
        fn dl<L: Loader<i64>>(l: L) -> DataLoader<L> {
            DataLoader::new(l, tokio::spawn)
        }
        Self {
            team: dl(TeamById(s.clone())),
            service: dl(ServiceById(s.clone())),
            team_services: dl(ServicesByTeam(s.clone())),
            dependencies: dl(DependenciesByService(s.clone())),
            dependents: dl(DependentsByService(s.clone())),
            capacity: dl(CapacityByService(s.clone())),
            slos: dl(SlosByService(s.clone())),
            reviews: dl(ReviewsByService(s.clone())),
            current_review: dl(CurrentReviewByService(s.clone())),
            review: dl(ReviewById(s.clone())),
            responses: dl(ResponsesByReview(s.clone())),
            waivers: dl(WaiversByReview(s.clone())),
            sign_offs: dl(SignOffsByReview(s.clone())),
        }
    }
}
