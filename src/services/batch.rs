//! Batched reads for GraphQL DataLoaders: each function answers for many keys with one
//! SQL statement, so list queries cost the same number of statements at any length.

use super::Services;
use crate::domain::records;
use crate::domain::review::ReviewState;
use crate::error::AppResult;
use crate::store::entities::{
    capacity_plan, dependency, item_response, review, service, sign_off, slo, team, waiver,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Rows grouped by `key`, as records, in query order.
fn group<K, R, V>(rows: Vec<R>, key: impl Fn(&R) -> K) -> HashMap<K, Vec<V>>
where
    K: std::hash::Hash + Eq,
    V: From<R>,
{
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for row in rows {
        map.entry(key(&row)).or_default().push(V::from(row));
    }
    map
}

/// Rows keyed by `key`, as records.
fn by<K, R, V>(rows: Vec<R>, key: impl Fn(&R) -> K) -> HashMap<K, V>
where
    K: std::hash::Hash + Eq,
    V: From<R>,
{
    rows.into_iter()
        .map(|row| (key(&row), V::from(row)))
        .collect()
}

impl Services {
    /// Teams by id.
    pub async fn teams_by_ids(&self, ids: &[i64]) -> AppResult<HashMap<i64, records::Team>> {
        let rows = team::Entity::find()
            .filter(team::Column::Id.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(by(rows, |t| t.id))
    }

    /// Services by id.
    pub async fn services_by_ids(&self, ids: &[i64]) -> AppResult<HashMap<i64, records::Service>> {
        let rows = service::Entity::find()
            .filter(service::Column::Id.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(by(rows, |s| s.id))
    }

    /// Unarchived services of each team, by slug.
    pub async fn services_by_team_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::Service>>> {
        let rows = service::Entity::find()
            .filter(service::Column::TeamId.is_in(ids.iter().copied()))
            .filter(service::Column::ArchivedAt.is_null())
            .order_by_asc(service::Column::Slug)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |s| s.team_id))
    }

    /// Dependencies declared by each service.
    pub async fn dependencies_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::Dependency>>> {
        let rows = dependency::Entity::find()
            .filter(dependency::Column::ServiceId.is_in(ids.iter().copied()))
            .order_by_asc(dependency::Column::Id)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |d| d.service_id))
    }

    /// Dependencies pointing at each service (who depends on it).
    pub async fn dependents_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::Dependency>>> {
        let rows = dependency::Entity::find()
            .filter(dependency::Column::TargetServiceId.is_in(ids.iter().copied()))
            .order_by_asc(dependency::Column::Id)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |d| d.target_service_id.unwrap_or_default()))
    }

    /// Capacity plan of each service.
    pub async fn capacity_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, records::CapacityPlan>> {
        let rows = capacity_plan::Entity::find()
            .filter(capacity_plan::Column::ServiceId.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(by(rows, |p| p.service_id))
    }

    /// SLOs of each service, by name.
    pub async fn slos_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::Slo>>> {
        let rows = slo::Entity::find()
            .filter(slo::Column::ServiceId.is_in(ids.iter().copied()))
            .order_by_asc(slo::Column::Name)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |s| s.service_id))
    }

    /// Every review of each service, newest first.
    pub async fn reviews_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::Review>>> {
        let rows = review::Entity::find()
            .filter(review::Column::ServiceId.is_in(ids.iter().copied()))
            .order_by_desc(review::Column::Id)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |r| r.service_id))
    }

    /// The current review (latest not rejected) of each service.
    pub async fn current_reviews_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, records::Review>> {
        let rows = review::Entity::find()
            .filter(review::Column::ServiceId.is_in(ids.iter().copied()))
            .filter(review::Column::State.ne(ReviewState::Rejected))
            .order_by_desc(review::Column::Id)
            .all(self.db.conn())
            .await?;
        let mut map = HashMap::new();
        for r in rows {
            map.entry(r.service_id).or_insert_with(|| r.into());
        }
        Ok(map)
    }

    /// Reviews by id.
    pub async fn reviews_by_ids(&self, ids: &[i64]) -> AppResult<HashMap<i64, records::Review>> {
        let rows = review::Entity::find()
            .filter(review::Column::Id.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(by(rows, |r| r.id))
    }

    /// Item responses of each review.
    pub async fn responses_by_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::ItemResponse>>> {
        let rows = item_response::Entity::find()
            .filter(item_response::Column::ReviewId.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |r| r.review_id))
    }

    /// Waivers of each review, newest first.
    pub async fn waivers_by_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::Waiver>>> {
        let rows = waiver::Entity::find()
            .filter(waiver::Column::ReviewId.is_in(ids.iter().copied()))
            .order_by_desc(waiver::Column::Id)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |w| w.review_id))
    }

    /// Sign-offs of each review.
    pub async fn sign_offs_by_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::SignOff>>> {
        let rows = sign_off::Entity::find()
            .filter(sign_off::Column::ReviewId.is_in(ids.iter().copied()))
            .order_by_asc(sign_off::Column::Role)
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |s| s.review_id))
    }
}

impl Services {
    /// Latest automated results of each review.
    pub async fn verifications_by_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Vec<records::VerificationResult>>> {
        use crate::store::entities::verification_result as vr;
        let rows = vr::Entity::find()
            .filter(vr::Column::ReviewId.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(group(rows, |r| r.review_id))
    }
}
