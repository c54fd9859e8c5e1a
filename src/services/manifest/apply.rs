//! Writing what a sync applies: each field through the same rows, versions and audit
//! actions as the matching use case in `services::catalog`.

use super::current::Current;
use crate::domain::manifest::{DependencySpec, DependencyTarget, Manifest, SloSpec};
use crate::domain::records;
use crate::domain::slo::Sli;
use crate::error::{AppError, AppResult};
use crate::services::write::{Change, Write};
use crate::services::{Actor, Services};
use crate::store::entities::{capacity_plan, dependency, service, slo};
use chrono::{DateTime, NaiveTime, Utc};
use sea_orm::{ActiveModelTrait, NotSet, Set};

/// A change the sync could not make, and why (reported, not fatal).
pub(super) type Skip = (String, String);

impl Services {
    /// Writes the `service.*` fields in `fields` to the service row (one versioned update).
    /// Moving the service to another team needs ownership of that team too.
    pub(super) async fn apply_service_fields(
        &self,
        w: &Write<'_>,
        actor: &Actor,
        before: &records::Service,
        m: &Manifest,
        fields: &[&str],
    ) -> AppResult<records::Service> {
        if fields.is_empty() {
            return Ok(before.clone());
        }
        let s = &m.service;
        let mut am = service::ActiveModel {
            updated_at: Set(w.now()),
            ..Default::default()
        };
        for field in fields {
            match *field {
                "service.name" => am.name = Set(s.name.clone()),
                "service.description" => am.description = Set(s.description.clone()),
                "service.tier" => am.tier = Set(s.tier),
                "service.lifecycle" => am.lifecycle = Set(s.lifecycle),
                "service.links" => am.links = Set(serde_json::to_value(&s.links)?),
                "service.monitoring" => {
                    am.monitoring = Set(s
                        .monitoring
                        .as_ref()
                        .map(serde_json::to_value)
                        .transpose()?);
                }
                "service.team" => {
                    let team =
                        self.find_team(w.txn(), s.team.as_str())
                            .await?
                            .ok_or_else(|| {
                                AppError::invalid(
                                    "service.team",
                                    format!(
                                        "no team with slug `{}`; create the team first",
                                        s.team
                                    ),
                                )
                            })?;
                    self.authorize_owner(w.txn(), actor, team.id, "move services to it")
                        .await?;
                    am.team_id = Set(team.id);
                }
                _ => {}
            }
        }
        let after = w
            .update::<service::Entity>("service", before.id, before.version, am)
            .await?;
        w.audit(
            Change::new("service.update", ("service", &after.slug))
                .before(before)
                .after(&after),
        )
        .await?;
        Ok(after.into())
    }

    /// Creates, changes or (with `None`) deletes the SLO `name`.
    pub(super) async fn apply_slo(
        &self,
        w: &Write<'_>,
        service_id: i64,
        cur: &Current,
        name: &str,
        spec: Option<&SloSpec>,
    ) -> AppResult<()> {
        let existing = cur.slos.get(name);
        match (existing, spec) {
            (Some(before), None) => {
                w.delete::<slo::Entity>("slo", before.id, before.version)
                    .await?;
                w.audit(Change::new("slo.delete", ("slo", before.id)).before(before))
                    .await?;
            }
            (Some(before), Some(spec)) => {
                let mut am = slo::ActiveModel {
                    updated_at: Set(w.now()),
                    ..Default::default()
                };
                slo_fields(spec, &mut am);
                let after = w
                    .update::<slo::Entity>("slo", before.id, before.version, am)
                    .await?;
                w.audit(
                    Change::new("slo.update", ("slo", before.id))
                        .before(before)
                        .after(&after),
                )
                .await?;
            }
            (None, Some(spec)) => {
                let mut am = slo::ActiveModel {
                    id: NotSet,
                    service_id: Set(service_id),
                    version: Set(1),
                    created_at: Set(w.now()),
                    updated_at: Set(w.now()),
                    ..Default::default()
                };
                slo_fields(spec, &mut am);
                let created = am.insert(w.txn()).await?;
                w.audit(Change::new("slo.define", ("slo", created.id)).after(&created))
                    .await?;
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Adds, changes or (with `None`) removes the dependency on `key`; a target service
    /// missing from the catalog is skipped.
    pub(super) async fn apply_dependency(
        &self,
        w: &Write<'_>,
        service_id: i64,
        cur: &Current,
        key: &str,
        spec: Option<&DependencySpec>,
    ) -> AppResult<Option<Skip>> {
        let existing = cur.dependencies.get(key);
        let Some(spec) = spec else {
            if let Some(before) = existing {
                w.delete::<dependency::Entity>("dependency", before.id, before.version)
                    .await?;
                let change = Change::new("dependency.remove", ("dependency", before.id));
                w.audit(change.before(before)).await?;
            }
            return Ok(None);
        };
        let mut am = dependency::ActiveModel {
            kind: Set(spec.kind),
            timeout_ms: Set(spec.timeout_ms),
            retry_policy: Set(spec.retry_policy.clone()),
            fallback: Set(spec.fallback.clone()),
            ..Default::default()
        };
        if let Some(before) = existing {
            let after = w
                .update::<dependency::Entity>("dependency", before.id, before.version, am)
                .await?;
            let change = Change::new("dependency.update", ("dependency", before.id));
            w.audit(change.before(before).after(&after)).await?;
            return Ok(None);
        }
        match &spec.target {
            DependencyTarget::Service(slug) => {
                let Some(target) = self.find_service(w.txn(), slug.as_str()).await? else {
                    let why = format!("no service with slug `{slug}` in the catalog yet");
                    return Ok(Some((format!("dependencies.{key}"), why)));
                };
                am.target_service_id = Set(Some(target.id));
                am.external_name = Set(None);
            }
            DependencyTarget::External(name) => {
                am.target_service_id = Set(None);
                am.external_name = Set(Some(name.clone()));
            }
        }
        am.id = NotSet;
        am.service_id = Set(service_id);
        am.version = Set(1);
        am.created_at = Set(w.now());
        let created = am.insert(w.txn()).await?;
        w.audit(Change::new("dependency.add", ("dependency", created.id)).after(&created))
            .await?;
        Ok(None)
    }

    /// Creates or replaces the capacity plan.
    pub(super) async fn apply_capacity(
        &self,
        w: &Write<'_>,
        svc: &records::Service,
        cur: &Current,
        m: &Manifest,
    ) -> AppResult<()> {
        let Some(spec) = &m.capacity else {
            return Ok(());
        };
        let p = &spec.plan;
        let replicas = i32::try_from(p.replicas)
            .map_err(|_| AppError::invalid("capacity.replicas", "too large"))?;
        let mut am = capacity_plan::ActiveModel {
            peak_rps: Set(p.peak_rps),
            unit_capacity_rps: Set(p.unit_capacity_rps),
            replicas: Set(replicas),
            growth_pct_per_month: Set(p.growth_pct_per_month),
            headroom_target_pct: Set(p.headroom_target_pct),
            planned_events: Set(serde_json::to_value(&p.planned_events)?),
            load_test_url: Set(spec.load_test_url.clone()),
            reviewed_at: Set(spec.reviewed_at.map(midnight)),
            updated_at: Set(w.now()),
            ..Default::default()
        };
        let what = ("capacity_plan", &svc.slug);
        if let Some(before) = &cur.capacity {
            let after = w
                .update::<capacity_plan::Entity>("capacity plan", before.id, before.version, am)
                .await?;
            let change = Change::new("capacity_plan.update", what);
            w.audit(change.before(before).after(&after)).await?;
        } else {
            am.id = NotSet;
            am.service_id = Set(svc.id);
            am.version = Set(1);
            am.created_at = Set(w.now());
            let created = am.insert(w.txn()).await?;
            w.audit(Change::new("capacity_plan.create", what).after(&created))
                .await?;
        }
        Ok(())
    }
}

/// The start (UTC) of `date`.
pub(super) fn midnight(date: chrono::NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

fn slo_fields(s: &SloSpec, am: &mut slo::ActiveModel) {
    am.name = Set(s.name.clone());
    am.description = Set(s.description.clone());
    am.sli_kind = Set(s.sli.kind());
    let (good, total, metric, threshold) = match &s.sli {
        Sli::Ratio {
            good_query,
            total_query,
        } => (
            Some(good_query.clone()),
            Some(total_query.clone()),
            None,
            None,
        ),
        Sli::Latency {
            metric,
            threshold_seconds,
        } => (None, None, Some(metric.clone()), Some(*threshold_seconds)),
    };
    am.good_query = Set(good);
    am.total_query = Set(total);
    am.latency_metric = Set(metric);
    am.latency_threshold_seconds = Set(threshold);
    am.objective_percent = Set(s.objective.percent());
    am.window_days = Set(i32::from(s.window.days()));
}
