//! A manifest as per-field values, and the reconciliation that decides, field by field,
//! whether a sync applies the manifest or reports drift.
//!
//! Fields are named `service.name`, `service.team`, `service.links`, …, `slos.<name>`,
//! `dependencies.service:<slug>` / `dependencies.external:<name>` and `capacity`; each value
//! is the JSON Orrery stores or compares for it. The services layer builds the same map
//! from the database ([`FieldMap`]) so both sides compare like for like.

use super::{CapacitySpec, DependencySpec, Manifest, SloSpec};
use crate::domain::slo::Sli;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Field name → value.
pub type FieldMap = BTreeMap<String, Value>;

/// A field Orrery changed since the last sync; the sync kept Orrery's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The field, e.g. `service.tier` or `slos.availability`.
    pub field: String,
    /// What the manifest says (`None`: the manifest no longer declares it).
    pub in_manifest: Option<Value>,
    /// What Orrery has (`None`: it was deleted in Orrery).
    pub in_orrery: Option<Value>,
}

/// What a sync does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reconciliation {
    /// Fields to write: the manifest's value, or `None` to delete (an SLO or dependency
    /// the manifest stopped declaring).
    pub apply: Vec<(String, Option<Value>)>,
    /// Fields left as they are in Orrery.
    pub drift: Vec<Drift>,
    /// What to remember as applied after this sync.
    pub applied: FieldMap,
}

/// Whether a field the manifest stops declaring is deleted (SLOs, dependencies) rather
/// than left alone (the capacity plan).
fn removable(field: &str) -> bool {
    field.starts_with("slos.") || field.starts_with("dependencies.")
}

/// Decides each field. `declared` is the manifest, `current` Orrery now, and `last` what
/// the previous sync applied (`None` before the first sync).
///
/// - manifest and Orrery agree: nothing to write;
/// - Orrery still holds what the last sync applied (or the field was never synced):
///   the manifest's value is written;
/// - otherwise Orrery was changed since: drift, Orrery's value stays and the last applied
///   value is kept, so the drift is reported until the two agree again.
pub fn reconcile(
    declared: &FieldMap,
    current: &FieldMap,
    last: Option<&FieldMap>,
) -> Reconciliation {
    let mut out = Reconciliation::default();
    let mut fields: Vec<&String> = declared.keys().collect();
    if let Some(last) = last {
        fields.extend(
            last.keys()
                .filter(|k| !declared.contains_key(*k) && removable(k)),
        );
    }
    fields.sort();
    for field in fields {
        let m = declared.get(field);
        let c = current.get(field);
        let a = last.and_then(|l| l.get(field));
        if m == c {
            if let Some(m) = m {
                out.applied.insert(field.clone(), m.clone());
            }
        } else if let Some(a) = a
            && Some(a) != c
        {
            out.drift.push(Drift {
                field: field.clone(),
                in_manifest: m.cloned(),
                in_orrery: c.cloned(),
            });
            out.applied.insert(field.clone(), a.clone());
        } else {
            out.apply.push((field.clone(), m.cloned()));
            if let Some(m) = m {
                out.applied.insert(field.clone(), m.clone());
            }
        }
    }
    out
}

/// The compared value of an SLO.
pub fn slo_value(s: &SloSpec) -> Value {
    let (good, total, metric, threshold) = match &s.sli {
        Sli::Ratio {
            good_query,
            total_query,
        } => (Some(good_query), Some(total_query), None, None),
        Sli::Latency {
            metric,
            threshold_seconds,
        } => (None, None, Some(metric), Some(threshold_seconds)),
    };
    json!({
        "description": s.description,
        "sli_kind": s.sli.kind().as_str(),
        "good_query": good,
        "total_query": total,
        "latency_metric": metric,
        "latency_threshold_seconds": threshold,
        "objective_percent": s.objective.percent(),
        "window_days": s.window.days(),
    })
}

/// The compared value of a dependency (its target is in the field name).
pub fn dependency_value(d: &DependencySpec) -> Value {
    json!({
        "kind": d.kind.as_str(),
        "timeout_ms": d.timeout_ms,
        "retry_policy": d.retry_policy,
        "fallback": d.fallback,
    })
}

/// The compared value of a capacity plan (`reviewed_at` as a date).
pub fn capacity_value(c: &CapacitySpec) -> Value {
    let p = &c.plan;
    json!({
        "peak_rps": p.peak_rps,
        "unit_capacity_rps": p.unit_capacity_rps,
        "replicas": p.replicas,
        "growth_pct_per_month": p.growth_pct_per_month,
        "headroom_target_pct": p.headroom_target_pct,
        "planned_events": p.planned_events,
        "load_test_url": c.load_test_url,
        "reviewed_at": c.reviewed_at.map(|d| d.to_string()),
    })
}

/// Every field the manifest declares, with its value.
pub fn declared_fields(m: &Manifest) -> FieldMap {
    let s = &m.service;
    let mut f = FieldMap::new();
    let mut put = |k: String, v: Value| {
        f.insert(k, v);
    };
    put("service.name".into(), json!(s.name));
    put("service.description".into(), json!(s.description));
    put("service.team".into(), json!(s.team.as_str()));
    put("service.tier".into(), json!(s.tier.as_str()));
    put("service.lifecycle".into(), json!(s.lifecycle.as_str()));
    put("service.links".into(), json!(s.links));
    put("service.monitoring".into(), json!(s.monitoring));
    for slo in &m.slos {
        put(format!("slos.{}", slo.name), slo_value(slo));
    }
    for d in &m.dependencies {
        put(
            format!("dependencies.{}", d.target.key()),
            dependency_value(d),
        );
    }
    if let Some(c) = &m.capacity {
        put("capacity".into(), capacity_value(c));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> FieldMap {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn first_sync_applies_everything_that_differs() {
        let declared = map(&[("service.tier", json!("tier1")), ("slos.a", json!(1))]);
        let current = map(&[("service.tier", json!("tier1")), ("slos.b", json!(2))]);
        let r = reconcile(&declared, &current, None);
        assert_eq!(r.apply, vec![("slos.a".to_owned(), Some(json!(1)))]);
        assert!(r.drift.is_empty());
        assert_eq!(
            r.applied, declared,
            "slos.b was never the manifest's: left alone"
        );
    }

    #[test]
    fn a_field_changed_in_orrery_is_drift_and_kept() {
        let last = map(&[
            ("service.tier", json!("tier2")),
            ("service.name", json!("A")),
        ]);
        let declared = map(&[
            ("service.tier", json!("tier2")),
            ("service.name", json!("B")),
        ]);
        let current = map(&[
            ("service.tier", json!("tier1")),
            ("service.name", json!("A")),
        ]);
        let r = reconcile(&declared, &current, Some(&last));
        assert_eq!(r.apply, vec![("service.name".to_owned(), Some(json!("B")))]);
        assert_eq!(
            r.drift,
            vec![Drift {
                field: "service.tier".into(),
                in_manifest: Some(json!("tier2")),
                in_orrery: Some(json!("tier1")),
            }]
        );
        assert_eq!(
            r.applied["service.tier"],
            json!("tier2"),
            "still the last applied"
        );
        // Once the manifest says what Orrery has, the drift is gone.
        let declared = map(&[
            ("service.tier", json!("tier1")),
            ("service.name", json!("B")),
        ]);
        let current = map(&[
            ("service.tier", json!("tier1")),
            ("service.name", json!("B")),
        ]);
        let r = reconcile(&declared, &current, Some(&r.applied));
        assert!(r.apply.is_empty() && r.drift.is_empty());
    }

    #[test]
    fn removed_from_the_manifest_deletes_unless_changed_in_orrery() {
        let last = map(&[
            ("slos.a", json!(1)),
            ("slos.b", json!(2)),
            ("capacity", json!(3)),
        ]);
        let current = map(&[
            ("slos.a", json!(1)),
            ("slos.b", json!(20)),
            ("capacity", json!(3)),
        ]);
        let r = reconcile(&FieldMap::new(), &current, Some(&last));
        assert_eq!(r.apply, vec![("slos.a".to_owned(), None)]);
        assert_eq!(r.drift.len(), 1);
        assert_eq!(r.drift[0].in_manifest, None);
        assert!(
            !r.applied.contains_key("capacity"),
            "an omitted plan is left alone"
        );
    }

    #[test]
    fn deleted_in_orrery_is_drift() {
        let last = map(&[("slos.a", json!(1))]);
        let r = reconcile(&last, &FieldMap::new(), Some(&last));
        assert!(r.apply.is_empty());
        assert_eq!(r.drift[0].in_orrery, None);
    }

    #[test]
    fn the_example_declares_its_fields() {
        let m = super::super::parse(
            "orrery.yaml",
            include_str!("../../../tests/fixtures/manifest/orrery.yaml"),
        )
        .unwrap();
        let f = declared_fields(&m);
        assert_eq!(f["service.team"], json!("payments"));
        assert_eq!(
            f["slos.checkout-availability"]["objective_percent"],
            json!(99.9)
        );
        assert_eq!(f["dependencies.external:Stripe API"]["kind"], json!("soft"));
        assert_eq!(f["capacity"]["reviewed_at"], json!("2026-11-20"));
        assert_eq!(f.len(), 7 + 2 + 2 + 1);
    }
}
