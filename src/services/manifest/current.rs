//! Orrery's side of a sync: the service's fields as they are now, in the same shape as
//! [`declared_fields`](crate::domain::manifest::declared_fields) gives the manifest's.

use crate::domain::manifest::FieldMap;
use crate::domain::records;
use crate::error::AppResult;
use crate::store::entities::{capacity_plan, dependency, service, slo};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The rows a sync may change, with their compared values.
pub(super) struct Current {
    /// Field → value, for reconciliation.
    pub fields: FieldMap,
    /// SLO rows by name.
    pub slos: HashMap<String, slo::Model>,
    /// Dependency rows by target key (`service:<slug>`, `external:<name>`).
    pub dependencies: HashMap<String, dependency::Model>,
    /// The capacity plan, if any.
    pub capacity: Option<capacity_plan::Model>,
}

/// The compared value of a stored SLO (as `fields::slo_value` gives a declared one).
fn slo_value(r: &slo::Model) -> Value {
    json!({
        "description": r.description,
        "sli_kind": r.sli_kind.as_str(),
        "good_query": r.good_query,
        "total_query": r.total_query,
        "latency_metric": r.latency_metric,
        "latency_threshold_seconds": r.latency_threshold_seconds,
        "objective_percent": r.objective_percent,
        "window_days": r.window_days,
    })
}

fn dependency_value(r: &dependency::Model) -> Value {
    json!({
        "kind": r.kind.as_str(),
        "timeout_ms": r.timeout_ms,
        "retry_policy": r.retry_policy,
        "fallback": r.fallback,
    })
}

fn capacity_value(r: &capacity_plan::Model) -> Value {
    json!({
        "peak_rps": r.peak_rps,
        "unit_capacity_rps": r.unit_capacity_rps,
        "replicas": r.replicas,
        "growth_pct_per_month": r.growth_pct_per_month,
        "headroom_target_pct": r.headroom_target_pct,
        "planned_events": r.planned_events,
        "load_test_url": r.load_test_url,
        "reviewed_at": r.reviewed_at.map(|t| t.date_naive().to_string()),
    })
}

/// Loads the current state of `svc` (whose owning team's slug is `team`).
pub(super) async fn load<C: ConnectionTrait>(
    conn: &C,
    svc: &records::Service,
    team: &str,
) -> AppResult<Current> {
    let mut fields = FieldMap::new();
    let mut put = |k: &str, v: Value| {
        fields.insert(k.to_owned(), v);
    };
    put("service.name", json!(svc.name));
    put("service.description", json!(svc.description));
    put("service.team", json!(team));
    put("service.tier", json!(svc.tier.as_str()));
    put("service.lifecycle", json!(svc.lifecycle.as_str()));
    put("service.links", svc.links.clone());
    put(
        "service.monitoring",
        svc.monitoring.clone().unwrap_or(Value::Null),
    );
    let slos: HashMap<String, slo::Model> = slo::Entity::find()
        .filter(slo::Column::ServiceId.eq(svc.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.name.clone(), r))
        .collect();
    for (name, r) in &slos {
        fields.insert(format!("slos.{name}"), slo_value(r));
    }
    let rows = dependency::Entity::find()
        .filter(dependency::Column::ServiceId.eq(svc.id))
        .all(conn)
        .await?;
    let target_ids: Vec<i64> = rows.iter().filter_map(|r| r.target_service_id).collect();
    let slugs: HashMap<i64, String> = service::Entity::find()
        .filter(service::Column::Id.is_in(target_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.slug))
        .collect();
    let mut dependencies = HashMap::new();
    for r in rows {
        let key = match (r.target_service_id, &r.external_name) {
            (Some(id), _) => format!("service:{}", slugs.get(&id).cloned().unwrap_or_default()),
            (None, Some(name)) => format!("external:{name}"),
            (None, None) => continue,
        };
        fields.insert(format!("dependencies.{key}"), dependency_value(&r));
        dependencies.insert(key, r);
    }
    let capacity = capacity_plan::Entity::find()
        .filter(capacity_plan::Column::ServiceId.eq(svc.id))
        .one(conn)
        .await?;
    if let Some(c) = &capacity {
        fields.insert("capacity".into(), capacity_value(c));
    }
    Ok(Current {
        fields,
        slos,
        dependencies,
        capacity,
    })
}
