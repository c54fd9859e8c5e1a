//! What an audited change changed: the fields that differ between an entity's snapshot
//! before and after, field by field.
//!
//! Objects are compared key by key and nested objects are walked, so a change to one link
//! of a service reads `links.runbook`, not the whole `links` value. Arrays and scalars are
//! compared whole. Numbers compare by value (`80` equals `80.0`: a database may hand back
//! either). A missing snapshot and a JSON `null` both mean "no entity": creating one adds
//! every field, deleting one removes every field.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// How a field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The field is new: it was not there before.
    Added,
    /// The field is gone: it is not there after.
    Removed,
    /// The field holds another value.
    Changed,
}

/// One changed field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Dotted path of the field (`name`, `links.runbook`); empty for a snapshot that is not
    /// an object, compared whole.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The value before (`None` when added).
    pub before: Option<Value>,
    /// The value after (`None` when removed).
    pub after: Option<Value>,
}

/// The changed fields between `before` and `after`, ordered by path; nothing when both are
/// missing or equal.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    fn present(v: Option<&Value>) -> Option<&Value> {
        v.filter(|v| !v.is_null())
    }
    let mut out = Vec::new();
    match (present(before), present(after)) {
        (None, None) => {}
        (Some(Value::Object(b)), None) => fields(&mut out, "", b, ChangeKind::Removed),
        (None, Some(Value::Object(a))) => fields(&mut out, "", a, ChangeKind::Added),
        (Some(b), Some(a)) => walk(&mut out, "", b, a),
        (b, a) => out.push(FieldChange {
            path: String::new(),
            kind: if b.is_none() {
                ChangeKind::Added
            } else {
                ChangeKind::Removed
            },
            before: b.cloned(),
            after: a.cloned(),
        }),
    }
    out
}

/// Every field of `object` as added or removed.
fn fields(out: &mut Vec<FieldChange>, prefix: &str, object: &Map<String, Value>, kind: ChangeKind) {
    for key in object.keys().collect::<BTreeSet<_>>() {
        let value = Some(object[key].clone());
        let (before, after) = match kind {
            ChangeKind::Added => (None, value),
            _ => (value, None),
        };
        out.push(FieldChange {
            path: join(prefix, key),
            kind,
            before,
            after,
        });
    }
}

/// The changes from `b` to `a` at `path`: objects key by key, anything else whole.
fn walk(out: &mut Vec<FieldChange>, path: &str, b: &Value, a: &Value) {
    let (Value::Object(bo), Value::Object(ao)) = (b, a) else {
        if !same(b, a) {
            out.push(FieldChange {
                path: path.to_owned(),
                kind: ChangeKind::Changed,
                before: Some(b.clone()),
                after: Some(a.clone()),
            });
        }
        return;
    };
    let keys: BTreeSet<&String> = bo.keys().chain(ao.keys()).collect();
    for key in keys {
        let at = join(path, key);
        match (bo.get(key), ao.get(key)) {
            (Some(b), Some(a)) => walk(out, &at, b, a),
            (None, Some(a)) => out.push(FieldChange {
                path: at,
                kind: ChangeKind::Added,
                before: None,
                after: Some(a.clone()),
            }),
            (Some(b), None) => out.push(FieldChange {
                path: at,
                kind: ChangeKind::Removed,
                before: Some(b.clone()),
                after: None,
            }),
            (None, None) => {}
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Equality with numbers compared by value, at any depth.
fn same(b: &Value, a: &Value) -> bool {
    match (b, a) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => b == a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(path: &str, kind: ChangeKind, b: Option<Value>, a: Option<Value>) -> FieldChange {
        FieldChange {
            path: path.into(),
            kind,
            before: b,
            after: a,
        }
    }

    #[test]
    fn changed_fields_only() {
        let b = json!({"name": "Checkout", "tier": "tier2", "version": 1});
        let a = json!({"name": "Checkout", "tier": "tier1", "version": 2});
        assert_eq!(
            diff(Some(&b), Some(&a)),
            [
                change(
                    "tier",
                    ChangeKind::Changed,
                    Some(json!("tier2")),
                    Some(json!("tier1"))
                ),
                change(
                    "version",
                    ChangeKind::Changed,
                    Some(json!(1)),
                    Some(json!(2))
                ),
            ]
        );
    }

    #[test]
    fn added_and_removed_fields_are_marked() {
        let b = json!({"old": 1, "same": true});
        let a = json!({"new": "x", "same": true});
        assert_eq!(
            diff(Some(&b), Some(&a)),
            [
                change("new", ChangeKind::Added, None, Some(json!("x"))),
                change("old", ChangeKind::Removed, Some(json!(1)), None),
            ]
        );
    }

    #[test]
    fn creating_adds_every_field_and_deleting_removes_every_field() {
        let row = json!({"b": 2, "a": {"x": 1}});
        let added = diff(None, Some(&row));
        assert_eq!(
            added,
            [
                change("a", ChangeKind::Added, None, Some(json!({"x": 1}))),
                change("b", ChangeKind::Added, None, Some(json!(2))),
            ]
        );
        let removed = diff(Some(&row), Some(&Value::Null));
        assert_eq!(removed.len(), 2);
        assert!(
            removed
                .iter()
                .all(|c| c.kind == ChangeKind::Removed && c.after.is_none())
        );
    }

    #[test]
    fn nested_objects_are_walked() {
        let b = json!({"monitoring": {"job": "api", "labels": {"env": "prod"}}});
        let a = json!({"monitoring": {"job": "api", "labels": {"env": "staging", "team": "pay"}}});
        assert_eq!(
            diff(Some(&b), Some(&a)),
            [
                change(
                    "monitoring.labels.env",
                    ChangeKind::Changed,
                    Some(json!("prod")),
                    Some(json!("staging"))
                ),
                change(
                    "monitoring.labels.team",
                    ChangeKind::Added,
                    None,
                    Some(json!("pay"))
                ),
            ]
        );
        // An object replacing a scalar (or the reverse) is one change of the whole value.
        let c = json!({"monitoring": null});
        assert_eq!(
            diff(Some(&c), Some(&b)),
            [change(
                "monitoring",
                ChangeKind::Changed,
                Some(Value::Null),
                Some(b["monitoring"].clone())
            )]
        );
    }

    #[test]
    fn arrays_compare_whole() {
        let b = json!({"links": [{"url": "a"}, {"url": "b"}], "tags": [1, 2]});
        let a = json!({"links": [{"url": "a"}], "tags": [1.0, 2.0]});
        assert_eq!(
            diff(Some(&b), Some(&a)),
            [change(
                "links",
                ChangeKind::Changed,
                Some(b["links"].clone()),
                Some(a["links"].clone())
            )]
        );
    }

    #[test]
    fn nothing_when_both_are_null_or_equal() {
        assert!(diff(None, None).is_empty());
        assert!(diff(Some(&Value::Null), None).is_empty());
        assert!(diff(Some(&json!({"a": null})), Some(&json!({"a": null}))).is_empty());
        assert!(diff(Some(&json!({"n": 80})), Some(&json!({"n": 80.0}))).is_empty());
        let same = json!({"a": [1, {"b": 2}]});
        assert!(diff(Some(&same), Some(&same)).is_empty());
    }

    #[test]
    fn snapshots_that_are_not_objects_compare_whole() {
        assert_eq!(
            diff(Some(&json!(1)), Some(&json!("one"))),
            [change(
                "",
                ChangeKind::Changed,
                Some(json!(1)),
                Some(json!("one"))
            )]
        );
        assert_eq!(
            diff(None, Some(&json!([1]))),
            [change("", ChangeKind::Added, None, Some(json!([1])))]
        );
        assert_eq!(
            diff(Some(&json!("x")), None),
            [change("", ChangeKind::Removed, Some(json!("x")), None)]
        );
    }
}
