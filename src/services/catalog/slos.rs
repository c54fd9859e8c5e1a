//! Use cases for SLO definitions.

use crate::domain::records;
use crate::domain::slo::{Objective, Sli, SliKind, WindowDays};
use crate::domain::validation::{optional_prose, required_text};
use crate::error::{AppError, AppResult};
use crate::services::write::Change;
use crate::services::{Actor, Services, check_version};
use crate::store::entities::slo;
use crate::store::unique::{insert_unless_taken, is_unique_violation};
use crate::store::versioned::{Checked, update_checked};
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

/// The parts of an SLO definition; on update, `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct SloFields {
    /// Unique name within the service, e.g. `checkout-availability`.
    pub name: Option<String>,
    /// What the SLO protects.
    pub description: Option<String>,
    /// Ratio or latency.
    pub sli_kind: Option<SliKind>,
    /// PromQL counting good events (ratio SLIs).
    pub good_query: Option<String>,
    /// PromQL counting all events (ratio SLIs).
    pub total_query: Option<String>,
    /// Histogram metric name (latency SLIs).
    pub latency_metric: Option<String>,
    /// Latency threshold in seconds (latency SLIs).
    pub latency_threshold_seconds: Option<f64>,
    /// Objective in percent.
    pub objective_percent: Option<f64>,
    /// Rolling window in days.
    pub window_days: Option<i64>,
}

/// A fully validated definition.
struct ValidSlo {
    name: String,
    description: Option<String>,
    sli: Sli,
    objective: Objective,
    window: WindowDays,
}

fn validate(f: &SloFields) -> AppResult<ValidSlo> {
    let name = required_text("name", f.name.as_deref().unwrap_or(""), 100)?;
    let kind = f
        .sli_kind
        .ok_or_else(|| AppError::invalid("sli_kind", "is required"))?;
    let sli = Sli::parse(
        kind,
        f.good_query.as_deref(),
        f.total_query.as_deref(),
        f.latency_metric.as_deref(),
        f.latency_threshold_seconds,
    )?;
    let objective = Objective::parse(
        "objective_percent",
        f.objective_percent
            .ok_or_else(|| AppError::invalid("objective_percent", "is required"))?,
    )?;
    let window = WindowDays::parse("window_days", f.window_days.unwrap_or(28))?;
    Ok(ValidSlo {
        name,
        description: optional_prose("description", f.description.as_deref(), 4000)?,
        sli,
        objective,
        window,
    })
}

fn apply(v: ValidSlo, am: &mut slo::ActiveModel) {
    am.name = Set(v.name);
    am.description = Set(v.description);
    am.sli_kind = Set(v.sli.kind());
    let (good, total, metric, threshold) = match v.sli {
        Sli::Ratio {
            good_query,
            total_query,
        } => (Some(good_query), Some(total_query), None, None),
        Sli::Latency {
            metric,
            threshold_seconds,
        } => (None, None, Some(metric), Some(threshold_seconds)),
    };
    am.good_query = Set(good);
    am.total_query = Set(total);
    am.latency_metric = Set(metric);
    am.latency_threshold_seconds = Set(threshold);
    am.objective_percent = Set(v.objective.percent());
    am.window_days = Set(i32::from(v.window.days()));
}

/// The stored definition as editable fields, so an update can overlay changes on it.
fn fields_of(row: &slo::Model) -> SloFields {
    SloFields {
        name: Some(row.name.clone()),
        description: row.description.clone(),
        sli_kind: Some(row.sli_kind),
        good_query: row.good_query.clone(),
        total_query: row.total_query.clone(),
        latency_metric: row.latency_metric.clone(),
        latency_threshold_seconds: row.latency_threshold_seconds,
        objective_percent: Some(row.objective_percent),
        window_days: Some(i64::from(row.window_days)),
    }
}

fn overlay(base: SloFields, c: SloFields) -> SloFields {
    SloFields {
        name: c.name.or(base.name),
        description: c.description.or(base.description),
        sli_kind: c.sli_kind.or(base.sli_kind),
        good_query: c.good_query.or(base.good_query),
        total_query: c.total_query.or(base.total_query),
        latency_metric: c.latency_metric.or(base.latency_metric),
        latency_threshold_seconds: c
            .latency_threshold_seconds
            .or(base.latency_threshold_seconds),
        objective_percent: c.objective_percent.or(base.objective_percent),
        window_days: c.window_days.or(base.window_days),
    }
}

impl Services {
    /// Defines a new SLO for a service.
    pub async fn define_slo(
        &self,
        actor: &Actor,
        service_slug: &str,
        fields: SloFields,
    ) -> AppResult<records::Slo> {
        let valid = validate(&fields)?;
        let w = self.write(actor).await?;
        let now = w.now();
        let service = self.service_in(w.txn(), service_slug).await?;
        self.authorize_owner(w.txn(), actor, service.team_id, "define its services' SLOs")
            .await?;
        let name = valid.name.clone();
        let mut am = slo::ActiveModel {
            id: NotSet,
            service_id: Set(service.id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(valid, &mut am);
        // Also refuses an SLO of the same name defined concurrently, precisely.
        let key = [slo::Column::ServiceId, slo::Column::Name];
        let Some(created) = insert_unless_taken(w.txn(), am, key).await? else {
            return Err(AppError::conflict(format!(
                "service `{service_slug}` already has an SLO named `{name}`"
            )));
        };
        w.done(
            Change::new("slo.define", ("slo", created.id)).after(&created),
            Some(created.service_id),
        )
        .await?;
        Ok(created.into())
    }

    /// Changes an SLO if `expected_version` is still current.
    pub async fn update_slo(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        changes: SloFields,
    ) -> AppResult<records::Slo> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let before = slo::Entity::find_by_id(id)
            .one(w.txn())
            .await?
            .ok_or_else(|| AppError::not_found("slo", id.to_string()))?;
        self.authorize_service_owner(
            w.txn(),
            actor,
            before.service_id,
            "change its services' SLOs",
        )
        .await?;
        let valid = validate(&overlay(fields_of(&before), changes))?;
        let name = valid.name.clone();
        let taken = || AppError::conflict(format!("the service already has an SLO named `{name}`"));
        if valid.name != before.name {
            let clash = slo::Entity::find()
                .filter(slo::Column::ServiceId.eq(before.service_id))
                .filter(slo::Column::Name.eq(valid.name.as_str()))
                .one(w.txn())
                .await?;
            if clash.is_some() {
                return Err(taken());
            }
        }
        let mut am = slo::ActiveModel {
            updated_at: Set(w.now()),
            ..Default::default()
        };
        apply(valid, &mut am);
        let checked = update_checked::<slo::Entity, _>(w.txn(), id, expected, am)
            .await
            // A concurrent rename or definition took the name after the check above.
            .map_err(|e| {
                if is_unique_violation(&e) {
                    taken()
                } else {
                    e.into()
                }
            })?;
        let after = match checked {
            Checked::Done(after) => after,
            Checked::Stale(now) => return Err(AppError::stale("slo", expected, now.version)),
            Checked::Missing => return Err(AppError::not_found("slo", id.to_string())),
        };
        w.done(
            Change::new("slo.update", ("slo", id))
                .before(&before)
                .after(&after),
            None,
        )
        .await?;
        Ok(after.into())
    }

    /// Deletes an SLO if `expected_version` is still current.
    pub async fn delete_slo(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
    ) -> AppResult<records::Slo> {
        let expected = check_version(expected_version)?;
        let w = self.write(actor).await?;
        let owner = slo::Entity::find_by_id(id)
            .one(w.txn())
            .await?
            .ok_or_else(|| AppError::not_found("slo", id.to_string()))?
            .service_id;
        self.authorize_service_owner(w.txn(), actor, owner, "delete its services' SLOs")
            .await?;
        let before = w.delete::<slo::Entity>("slo", id, expected).await?;
        w.done(
            Change::new("slo.delete", ("slo", id)).before(&before),
            Some(before.service_id),
        )
        .await?;
        Ok(before.into())
    }
}
