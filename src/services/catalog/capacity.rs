//! Use case: set (create or replace) a service's capacity plan.

use crate::domain::capacity::{CapacityPlan, PlannedEvent};
use crate::domain::records;
use crate::domain::validation::optional_text;
use crate::error::{AppError, AppResult};
use crate::services::write::Change;
use crate::services::{Actor, Services};
use crate::store::entities::capacity_plan;
use crate::store::unique::insert_unless_taken;
use crate::store::versioned::Checked;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

/// Input for a capacity plan.
#[derive(Debug, Clone)]
pub struct CapacityPlanInput {
    /// Service the plan is for.
    pub service_slug: String,
    /// Version of the existing plan; `None` (or 0) when creating the first one.
    pub expected_version: Option<i64>,
    /// Peak demand, rps.
    pub peak_rps: f64,
    /// Capacity of one replica, rps.
    pub unit_capacity_rps: f64,
    /// Replicas.
    pub replicas: i64,
    /// Monthly growth, percent.
    pub growth_pct_per_month: f64,
    /// Targeted headroom at peak, percent.
    pub headroom_target_pct: f64,
    /// Known traffic events.
    pub planned_events: Vec<PlannedEvent>,
    /// Link to the load-test evidence.
    pub load_test_url: Option<String>,
    /// When the plan was last reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// Parses a stored plan back into the domain type (for derived figures).
pub fn plan_of(row: &records::CapacityPlan) -> Option<CapacityPlan> {
    let events: Vec<PlannedEvent> =
        serde_json::from_value(row.planned_events.clone()).unwrap_or_default();
    CapacityPlan::parse(
        row.peak_rps,
        row.unit_capacity_rps,
        i64::from(row.replicas),
        row.growth_pct_per_month,
        row.headroom_target_pct,
        events,
    )
    .ok()
}

impl Services {
    /// Creates the plan, or replaces it if `expected_version` matches the stored one.
    pub async fn set_capacity_plan(
        &self,
        actor: &Actor,
        input: CapacityPlanInput,
    ) -> AppResult<records::CapacityPlan> {
        let plan = CapacityPlan::parse(
            input.peak_rps,
            input.unit_capacity_rps,
            input.replicas,
            input.growth_pct_per_month,
            input.headroom_target_pct,
            input.planned_events,
        )?;
        let load_test_url =
            match optional_text("load_test_url", input.load_test_url.as_deref(), 500)? {
                Some(u) => Some(crate::domain::validation::http_url("load_test_url", &u)?),
                None => None,
            };
        let w = self.write(actor).await?;
        let now = w.now();
        let service = self.service_in(w.txn(), &input.service_slug).await?;
        self.authorize_owner(
            w.txn(),
            actor,
            service.team_id,
            "plan its services' capacity",
        )
        .await?;
        let existing = capacity_plan::Entity::find()
            .filter(capacity_plan::Column::ServiceId.eq(service.id))
            .one(w.txn())
            .await?;
        let replicas =
            i32::try_from(plan.replicas).map_err(|_| AppError::invalid("replicas", "too large"))?;
        let mut am = capacity_plan::ActiveModel {
            peak_rps: Set(plan.peak_rps),
            unit_capacity_rps: Set(plan.unit_capacity_rps),
            replicas: Set(replicas),
            growth_pct_per_month: Set(plan.growth_pct_per_month),
            headroom_target_pct: Set(plan.headroom_target_pct),
            planned_events: Set(serde_json::to_value(&plan.planned_events)?),
            load_test_url: Set(load_test_url),
            reviewed_at: Set(input.reviewed_at),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = match (existing, input.expected_version.filter(|v| *v != 0)) {
            (None, None) => {
                am.id = NotSet;
                am.service_id = Set(service.id);
                am.version = Set(1);
                am.created_at = Set(now);
                let key = [capacity_plan::Column::ServiceId];
                let Some(created) = insert_unless_taken(w.txn(), am, key).await? else {
                    // Another first plan won while this insert waited for it.
                    let winner = capacity_plan::Entity::find()
                        .filter(capacity_plan::Column::ServiceId.eq(service.id))
                        .one(w.txn())
                        .await?
                        .ok_or_else(|| {
                            AppError::Internal(anyhow::anyhow!(
                                "capacity plan of {} neither inserted nor found",
                                service.slug
                            ))
                        })?;
                    return Err(plan_exists(&service.slug, &winner));
                };
                let change = Change::new("capacity_plan.create", ("capacity_plan", &service.slug));
                w.audit(change.after(&created)).await?;
                created
            }
            // An expected version, but no plan to be at it.
            (None, Some(_)) => {
                return Err(AppError::not_found("capacity plan", service.slug));
            }
            (Some(before), None) => return Err(plan_exists(&service.slug, &before)),
            (Some(before), Some(expected)) => {
                let after = match w
                    .update_checked::<capacity_plan::Entity>(before.id, expected, am)
                    .await?
                {
                    Checked::Done(after) => after,
                    Checked::Stale(now) => {
                        return Err(AppError::stale("capacity plan", expected, now.version));
                    }
                    Checked::Missing => {
                        return Err(AppError::not_found("capacity plan", service.slug));
                    }
                };
                let change = Change::new("capacity_plan.update", ("capacity_plan", &service.slug));
                w.audit(change.before(&before).after(&after)).await?;
                after
            }
        };
        w.commit().await?;
        Ok(after.into())
    }
}

/// The conflict a first plan gets when the service already has one.
fn plan_exists(service_slug: &str, current: &capacity_plan::Model) -> AppError {
    AppError::Conflict {
        message: format!(
            "service `{service_slug}` already has a capacity plan (version {}, last changed {}); pass expectedVersion to replace it",
            current.version,
            current.updated_at.format("%Y-%m-%d %H:%M UTC")
        ),
        current_version: Some(current.version),
    }
}
