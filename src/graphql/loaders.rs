//! DataLoaders: one per relation, each answering a batch of keys with one SQL statement.
//! Created per request, so nothing is cached across requests (a mutation's result is read
//! after the mutation, so the per-request cache never serves data older than the request).

use crate::error::AppError;
use crate::services::Services;
use crate::store::entities::{
    capacity_plan, dependency, item_response, review, service, sign_off, slo, team, waiver,
};
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long a loader waits for more keys before querying.
const BATCH_WINDOW: Duration = Duration::from_millis(2);

// Every requested key gets an entry (an empty list, or `None`), so the per-request cache
// also remembers "nothing there" and never asks twice for the same key.
macro_rules! loader {
    ($(#[$doc:meta])* $name:ident => many $model:ty, $method:ident) => {
        loader!(@impl $(#[$doc])* $name, Vec<$model>, $method, |v: Vec<$model>| v, Vec::new());
    };
    ($(#[$doc:meta])* $name:ident => one $model:ty, $method:ident) => {
        loader!(@impl $(#[$doc])* $name, Option<$model>, $method, Some, None);
    };
    (@impl $(#[$doc:meta])* $name:ident, $value:ty, $method:ident, $wrap:expr, $empty:expr) => {
        $(#[$doc])*
        pub struct $name(pub Services);

        impl Loader<i64> for $name {
            type Value = $value;
            type Error = Arc<AppError>;

            async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, $value>, Self::Error> {
                let mut found = self.0.$method(keys).await.map_err(Arc::new)?;
                Ok(keys.iter().map(|k| (*k, found.remove(k).map_or($empty, $wrap))).collect())
            }
        }
    };
}

loader!(/** Team by id. */ TeamById => one team::Model, teams_by_ids);
loader!(/** Service by id. */ ServiceById => one service::Model, services_by_ids);
loader!(/** Services of a team. */ ServicesByTeam => many service::Model, services_by_team_ids);
loader!(/** Dependencies a service declares. */ DependenciesByService => many dependency::Model, dependencies_by_service_ids);
loader!(/** Dependencies on a service. */ DependentsByService => many dependency::Model, dependents_by_service_ids);
loader!(/** Capacity plan of a service. */ CapacityByService => one capacity_plan::Model, capacity_by_service_ids);
loader!(/** SLOs of a service. */ SlosByService => many slo::Model, slos_by_service_ids);
loader!(/** Reviews of a service. */ ReviewsByService => many review::Model, reviews_by_service_ids);
loader!(/** Current review of a service. */ CurrentReviewByService => one review::Model, current_reviews_by_service_ids);
loader!(/** Review by id. */ ReviewById => one review::Model, reviews_by_ids);
loader!(/** Responses of a review. */ ResponsesByReview => many item_response::Model, responses_by_review_ids);
loader!(/** Waivers of a review. */ WaiversByReview => many waiver::Model, waivers_by_review_ids);
loader!(/** Sign-offs of a review. */ SignOffsByReview => many sign_off::Model, sign_offs_by_review_ids);

/// A loader with a per-request cache.
pub type Cached<L> = DataLoader<L, HashMapCache>;

/// All loaders of one request.
pub struct Loaders {
    /// Team by id.
    pub team: Cached<TeamById>,
    /// Service by id.
    pub service: Cached<ServiceById>,
    /// Services of a team.
    pub team_services: Cached<ServicesByTeam>,
    /// Dependencies a service declares.
    pub dependencies: Cached<DependenciesByService>,
    /// Dependencies on a service.
    pub dependents: Cached<DependentsByService>,
    /// Capacity plans.
    pub capacity: Cached<CapacityByService>,
    /// SLOs.
    pub slos: Cached<SlosByService>,
    /// Reviews of a service.
    pub reviews: Cached<ReviewsByService>,
    /// Current review of a service.
    pub current_review: Cached<CurrentReviewByService>,
    /// Review by id.
    pub review: Cached<ReviewById>,
    /// Item responses.
    pub responses: Cached<ResponsesByReview>,
    /// Waivers.
    pub waivers: Cached<WaiversByReview>,
    /// Sign-offs.
    pub sign_offs: Cached<SignOffsByReview>,
}

impl Loaders {
    /// Fresh loaders for one request.
    pub fn new(s: &Services) -> Self {
        fn dl<L: Loader<i64>>(l: L) -> Cached<L> {
            // Per-request cache: a key asked for by several resolvers is fetched once.
            DataLoader::with_cache(l, tokio::spawn, HashMapCache::default()).delay(BATCH_WINDOW)
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
