//! Readiness as code: a service follows its `orrery.yaml`. [`Services::sync_manifest`]
//! applies a parsed manifest in one write transaction — catalog fields, SLOs, dependencies,
//! the capacity plan, attestations as manual answers — and leaves alone every field changed
//! in Orrery since the last sync, reporting it as drift. What each sync applied is kept in
//! `service_manifests`, for the next sync and for the service page and GraphQL.

mod apply;
mod attest;
mod current;

use crate::domain::ids::Slug;
use crate::domain::manifest::{self, Drift, FieldMap, Manifest, declared_fields, reconcile};
use crate::error::{AppError, AppResult};
use crate::services::write::Change;
use crate::services::{Actor, Services};
use crate::store::entities::service_manifest;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// Longest commit reference stored (a SHA-256 commit id is 64 hex digits).
const MAX_COMMIT: usize = 64;

/// What one sync did.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncReport {
    /// The commit the manifest was read at.
    pub commit: String,
    /// Fields written, e.g. `service.tier`, `slos.availability` (deleted ones included).
    pub applied: Vec<String>,
    /// Fields changed in Orrery since the last sync, left as they are.
    pub drift: Vec<Drift>,
    /// Item keys answered from attestations.
    pub attested: Vec<String>,
    /// What the sync could not do, each with the reason: `(field, why)`.
    pub skipped: Vec<(String, String)>,
}

/// The last sync of a service, for its page and GraphQL.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestStatus {
    /// The commit the manifest was read at.
    pub commit: String,
    /// When the sync ran.
    pub synced_at: DateTime<Utc>,
    /// Who ran it.
    pub synced_by: String,
    /// Drift the sync reported.
    pub drift: Vec<Drift>,
}

/// A drift value as text: strings as they are, anything else as compact JSON; `None` when
/// the field is absent on that side.
pub fn show_value(v: Option<&serde_json::Value>) -> Option<String> {
    v.map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn drift_json(d: &[Drift]) -> serde_json::Value {
    d.iter()
        .map(|d| json!({"field": d.field, "in_manifest": d.in_manifest, "in_orrery": d.in_orrery}))
        .collect()
}

fn drift_of(v: &serde_json::Value) -> Vec<Drift> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|d| Drift {
            field: d["field"].as_str().unwrap_or_default().to_owned(),
            in_manifest: Some(d["in_manifest"].clone()).filter(|v| !v.is_null()),
            in_orrery: Some(d["in_orrery"].clone()).filter(|v| !v.is_null()),
        })
        .collect()
}

impl Services {
    /// Parses `yaml` (named `file_name` in errors) and syncs it: a manifest with problems
    /// is refused with `VALIDATION` on field `yaml`, the message listing every problem as
    /// `file:line:col: path: message`, one per line.
    pub async fn sync_manifest_yaml(
        &self,
        actor: &Actor,
        slug: &str,
        file_name: &str,
        yaml: &str,
        commit: &str,
    ) -> AppResult<SyncReport> {
        let m = manifest::parse(file_name, yaml).map_err(|errors| {
            let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
            AppError::invalid("yaml", all.join("\n"))
        })?;
        self.sync_manifest(actor, slug, &m, commit).await
    }

    /// Makes service `slug` follow `manifest`, read at `commit`. Owners of the service's
    /// team, admins and the system actor may sync. Everything is one write transaction:
    /// either the whole sync lands, audited field by field, or nothing does.
    pub async fn sync_manifest(
        &self,
        actor: &Actor,
        slug: &str,
        manifest: &Manifest,
        commit: &str,
    ) -> AppResult<SyncReport> {
        let commit = commit.trim();
        if commit.is_empty() || commit.len() > MAX_COMMIT || commit.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "commit",
                format!("must be a commit id of 1 to {MAX_COMMIT} characters"),
            ));
        }
        let declared_slug = &manifest.service.slug;
        if Slug::parse("slug", slug).ok().as_ref() != Some(declared_slug) {
            return Err(AppError::invalid(
                "service.slug",
                format!("the manifest describes `{declared_slug}`, not `{slug}`"),
            ));
        }
        let mut w = self.write(actor).await?;
        let svc = self.service_in(w.txn(), slug).await?;
        self.authorize_owner(w.txn(), actor, svc.team_id, "sync its services' manifests")
            .await?;
        let team = self.team_slug(w.txn(), svc.team_id).await?;
        let cur = current::load(w.txn(), &svc, &team).await?;
        let last_row = last_sync(w.txn(), svc.id).await?;
        let last: Option<FieldMap> = last_row
            .as_ref()
            .and_then(|r| serde_json::from_value(r.applied.clone()).ok());
        let declared = declared_fields(manifest);
        let mut plan = reconcile(&declared, &cur.fields, last.as_ref());
        let mut report = SyncReport {
            commit: commit.to_owned(),
            applied: Vec::new(),
            drift: plan.drift.clone(),
            attested: Vec::new(),
            skipped: Vec::new(),
        };
        let service_fields: Vec<&str> = plan
            .apply
            .iter()
            .map(|(f, _)| f.as_str())
            .filter(|f| f.starts_with("service."))
            .collect();
        let svc = self
            .apply_service_fields(&w, actor, &svc, manifest, &service_fields)
            .await?;
        for (field, _) in &plan.apply {
            if let Some(name) = field.strip_prefix("slos.") {
                let spec = manifest.slos.iter().find(|s| s.name == name);
                self.apply_slo(&w, svc.id, &cur, name, spec).await?;
            } else if let Some(key) = field.strip_prefix("dependencies.") {
                let spec = manifest.dependencies.iter().find(|d| d.target.key() == key);
                if let Some(skip) = self.apply_dependency(&w, svc.id, &cur, key, spec).await? {
                    plan.applied.remove(field);
                    report.skipped.push(skip);
                    continue;
                }
            } else if field == "capacity" {
                self.apply_capacity(&w, &svc, &cur, manifest).await?;
            }
            report.applied.push(field.clone());
        }
        let attested = self
            .record_attestations(&w, actor, &svc, &manifest.attestations)
            .await?;
        report.attested = attested.recorded;
        report.skipped.extend(attested.skipped);
        self.store_sync(&w, &svc.slug, svc.id, last_row, &report, &plan.applied)
            .await?;
        w.rescore(svc.id);
        w.commit().await?;
        Ok(report)
    }

    async fn store_sync(
        &self,
        w: &crate::services::write::Write<'_>,
        slug: &str,
        service_id: i64,
        last: Option<service_manifest::Model>,
        report: &SyncReport,
        applied: &FieldMap,
    ) -> AppResult<()> {
        let mut am = service_manifest::ActiveModel {
            commit_sha: Set(report.commit.clone()),
            applied: Set(serde_json::to_value(applied)?),
            drift: Set(drift_json(&report.drift)),
            synced_by: Set(w.actor().login().to_owned()),
            synced_at: Set(w.now()),
            ..Default::default()
        };
        let change = Change::new("manifest.sync", ("service_manifest", slug));
        let change = match last {
            Some(before) => {
                let after = w
                    .update::<service_manifest::Entity>("manifest", before.id, before.version, am)
                    .await?;
                change.before(&before).after(&after)
            }
            None => {
                am.id = NotSet;
                am.service_id = Set(service_id);
                am.version = Set(1);
                change.after(&am.insert(w.txn()).await?)
            }
        };
        w.audit(change).await
    }

    /// The last manifest sync of service `service_id`, if it was ever synced.
    pub async fn manifest_status(&self, service_id: i64) -> AppResult<Option<ManifestStatus>> {
        Ok(last_sync(self.db.conn(), service_id).await?.map(status_of))
    }

    /// The last manifest sync of each of `ids` that was ever synced (one query).
    pub async fn manifest_statuses_by_service_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, ManifestStatus>> {
        let rows = service_manifest::Entity::find()
            .filter(service_manifest::Column::ServiceId.is_in(ids.iter().copied()))
            .all(self.db.conn())
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.service_id, status_of(r)))
            .collect())
    }
}

fn status_of(r: service_manifest::Model) -> ManifestStatus {
    ManifestStatus {
        commit: r.commit_sha,
        synced_at: r.synced_at,
        synced_by: r.synced_by,
        drift: drift_of(&r.drift),
    }
}

async fn last_sync<C: ConnectionTrait>(
    conn: &C,
    service_id: i64,
) -> AppResult<Option<service_manifest::Model>> {
    Ok(service_manifest::Entity::find()
        .filter(service_manifest::Column::ServiceId.eq(service_id))
        .one(conn)
        .await?)
}
