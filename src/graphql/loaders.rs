//! DataLoaders: one per relation, each answering a batch of keys with one SQL statement.
//! Created per request, so nothing is cached across requests (a mutation's result is read
//! after the mutation, so the per-request cache never serves data older than the request).

use crate::domain::records;
use crate::domain::scoring::Scorecard;
use crate::error::AppError;
use crate::services::Services;
use crate::services::manifest::ManifestStatus;
use crate::services::reviews::sheet::ReviewSheet;
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

loader!(/** Team by id. */ TeamById => one records::Team, teams_by_ids);
loader!(/** Service by id. */ ServiceById => one records::Service, services_by_ids);
loader!(/** Services of a team. */ ServicesByTeam => many records::Service, services_by_team_ids);
loader!(/** Dependencies a service declares. */ DependenciesByService => many records::Dependency, dependencies_by_service_ids);
loader!(/** Dependencies on a service. */ DependentsByService => many records::Dependency, dependents_by_service_ids);
loader!(/** Capacity plan of a service. */ CapacityByService => one records::CapacityPlan, capacity_by_service_ids);
loader!(/** Last manifest sync of a service. */ ManifestByService => one ManifestStatus, manifest_statuses_by_service_ids);
loader!(/** SLOs of a service. */ SlosByService => many records::Slo, slos_by_service_ids);
loader!(/** Reviews of a service. */ ReviewsByService => many records::Review, reviews_by_service_ids);
loader!(/** Current review of a service. */ CurrentReviewByService => one records::Review, current_reviews_by_service_ids);
loader!(/** Review by id. */ ReviewById => one records::Review, reviews_by_ids);
loader!(/** Waivers of a review. */ WaiversByReview => many records::Waiver, waivers_by_review_ids);
loader!(/** Scorecard of a service's current review. */ ScorecardByService => one Scorecard, scorecards_for_services);
loader!(/** Scorecard of a review. */ ScorecardByReview => one Scorecard, scorecards_for_review_ids);
loader!(/** Sign-offs of a review. */ SignOffsByReview => many records::SignOff, sign_offs_by_review_ids);
loader!(/** Action items of a review. */ ActionItemsByReview => many records::ActionItem, action_items_by_review_ids);

/// The review sheet of a review (answers, results, waivers and engine state per item).
pub struct SheetByReview(pub Services);

impl Loader<i64> for SheetByReview {
    type Value = Arc<ReviewSheet>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let sheets = self.0.review_sheets_by_ids(keys).await.map_err(Arc::new)?;
        Ok(sheets.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

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
    /// Last manifest syncs.
    pub manifest: Cached<ManifestByService>,
    /// SLOs.
    pub slos: Cached<SlosByService>,
    /// Reviews of a service.
    pub reviews: Cached<ReviewsByService>,
    /// Current review of a service.
    pub current_review: Cached<CurrentReviewByService>,
    /// Review by id.
    pub review: Cached<ReviewById>,
    /// Waivers.
    pub waivers: Cached<WaiversByReview>,
    /// Sign-offs.
    pub sign_offs: Cached<SignOffsByReview>,
    /// Action items.
    pub action_items: Cached<ActionItemsByReview>,
    /// Scorecards of services.
    pub service_scorecard: Cached<ScorecardByService>,
    /// Scorecards of reviews.
    pub review_scorecard: Cached<ScorecardByReview>,
    /// Review sheets.
    pub sheet: Cached<SheetByReview>,
    /// Score history.
    pub history: DataLoader<HistoryLoader>,
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
            manifest: dl(ManifestByService(s.clone())),
            slos: dl(SlosByService(s.clone())),
            reviews: dl(ReviewsByService(s.clone())),
            current_review: dl(CurrentReviewByService(s.clone())),
            review: dl(ReviewById(s.clone())),
            waivers: dl(WaiversByReview(s.clone())),
            sign_offs: dl(SignOffsByReview(s.clone())),
            action_items: dl(ActionItemsByReview(s.clone())),
            service_scorecard: dl(ScorecardByService(s.clone())),
            review_scorecard: dl(ScorecardByReview(s.clone())),
            sheet: dl(SheetByReview(s.clone())),
            history: DataLoader::new(HistoryLoader(s.clone()), tokio::spawn).delay(BATCH_WINDOW),
        }
    }
}

/// Key of a score-history lookup: a service and an optional time range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HistoryKey {
    /// Service id.
    pub service_id: i64,
    /// Inclusive start.
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Inclusive end.
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

/// Score snapshots of services; one statement per distinct time range in a batch.
pub struct HistoryLoader(pub Services);

impl Loader<HistoryKey> for HistoryLoader {
    type Value = Vec<records::ScoreSnapshot>;
    type Error = Arc<AppError>;

    async fn load(
        &self,
        keys: &[HistoryKey],
    ) -> Result<HashMap<HistoryKey, Self::Value>, Self::Error> {
        let mut ranges: HashMap<_, Vec<i64>> = HashMap::new();
        for k in keys {
            ranges.entry((k.from, k.to)).or_default().push(k.service_id);
        }
        let mut out = HashMap::new();
        for ((from, to), ids) in ranges {
            let mut found = self
                .0
                .snapshots_between(&ids, from, to)
                .await
                .map_err(Arc::new)?;
            for id in ids {
                out.insert(
                    HistoryKey {
                        service_id: id,
                        from,
                        to,
                    },
                    found.remove(&id).unwrap_or_default(),
                );
            }
        }
        Ok(out)
    }
}
