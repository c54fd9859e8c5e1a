//! Audit events as the page shows them: when, who, what, the entity with a link to its
//! page, and the fields the change touched, old → new.

use crate::domain::audit::Subject;
use crate::domain::audit::diff::{ChangeKind, FieldChange, diff};
use crate::services::audit::AuditEntry;
use crate::web::format;
use serde_json::Value;

/// One event in the table.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// Event id (the cursor of the next page).
    pub id: i64,
    /// When, for people.
    pub at: String,
    /// When, for the `datetime` attribute.
    pub at_machine: String,
    /// Who.
    pub actor: String,
    /// What, e.g. `review.decide`.
    pub action: String,
    /// The entity in words, e.g. `review 12`.
    pub entity: String,
    /// The page showing the entity, if there is one.
    pub href: Option<String>,
    /// The fields that changed.
    pub changes: Vec<ChangeRow>,
    /// The changes in a few words, e.g. `3 fields changed`.
    pub summary: String,
    /// Whether each field says how it changed: not when all were set (a creation) or all
    /// removed (a deletion), which the summary already says.
    pub mixed: bool,
}

/// One changed field.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// Dotted path of the field (`(value)` for a snapshot compared whole).
    pub path: String,
    /// `added`, `removed` or `changed` (also the CSS modifier).
    pub kind: &'static str,
    /// The value before, as compact JSON.
    pub before: Option<String>,
    /// The value after, as compact JSON.
    pub after: Option<String>,
}

/// The rows of a page of entries.
pub fn event_rows(entries: Vec<AuditEntry>) -> Vec<EventRow> {
    entries.into_iter().map(event_row).collect()
}

fn event_row(entry: AuditEntry) -> EventRow {
    let e = entry.event;
    let changes: Vec<ChangeRow> = diff(e.before.as_ref(), e.after.as_ref())
        .into_iter()
        .map(change_row)
        .collect();
    let summary = summary(&changes);
    let mixed = changes.iter().any(|c| c.kind != changes[0].kind);
    let href = entry.subject.map(|s| match s {
        Subject::Service(slug) => format!("/services/{slug}"),
        Subject::Team(slug) => format!("/teams/{slug}"),
        Subject::Review(id) => match e.entity_type.as_str() {
            "item_response" => match e.entity_id.split_once('/') {
                Some((_, key)) => format!("/reviews/{id}#item-{key}"),
                None => format!("/reviews/{id}"),
            },
            _ => format!("/reviews/{id}"),
        },
        // Resolved by the use case when the service still exists; otherwise no link.
        Subject::ServiceId(_) => String::new(),
    });
    EventRow {
        id: e.id,
        at: format::instant(e.occurred_at),
        at_machine: format::machine(e.occurred_at),
        actor: e.actor,
        action: e.action,
        entity: format!("{} {}", e.entity_type.replace('_', " "), e.entity_id),
        href: href.filter(|h| !h.is_empty()),
        changes,
        summary,
        mixed,
    }
}

fn change_row(c: FieldChange) -> ChangeRow {
    ChangeRow {
        path: if c.path.is_empty() {
            "(value)".to_owned()
        } else {
            c.path
        },
        kind: match c.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        },
        before: c.before.as_ref().map(compact),
        after: c.after.as_ref().map(compact),
    }
}

/// A value as compact JSON: `"text"`, `12`, `{"job":"api"}`.
pub fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn summary(changes: &[ChangeRow]) -> String {
    let count = |kind: &str| changes.iter().filter(|c| c.kind == kind).count();
    let fields = |n: usize| if n == 1 { "field" } else { "fields" };
    let (added, removed) = (count("added"), count("removed"));
    match changes.len() {
        0 => "no field changed".to_owned(),
        n if added == n => format!("{n} {} set", fields(n)),
        n if removed == n => format!("{n} {} removed", fields(n)),
        n => format!("{n} {} changed", fields(n)),
    }
}

/// A form field's label.
pub fn label(field: &str) -> &'static str {
    match field {
        "actor" => "Who",
        "entity_type" => "Entity type",
        "entity_id" => "Entity id",
        "action" => "Action",
        "service" => "Service",
        "review" => "Review",
        "from" => "From",
        "to" => "To",
        _ => "Filter",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::AuditEvent;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn entry(entity_type: &str, entity_id: &str, subject: Option<Subject>) -> AuditEntry {
        AuditEntry {
            event: AuditEvent {
                id: 7,
                occurred_at: Utc.with_ymd_and_hms(2026, 12, 6, 9, 30, 0).unwrap(),
                actor: "alice".into(),
                action: "item.respond".into(),
                entity_type: entity_type.into(),
                entity_id: entity_id.into(),
                before: Some(json!({"outcome": "fail", "note": null, "version": 1})),
                after: Some(json!({"outcome": "pass", "evidence": {"url": "x"}, "version": 2})),
            },
            subject,
        }
    }

    #[test]
    fn rows_show_changed_fields_compactly_and_link_the_entity() {
        let row = event_row(entry(
            "item_response",
            "12/ops.runbook",
            Some(Subject::Review(12)),
        ));
        assert_eq!(row.entity, "item response 12/ops.runbook");
        assert_eq!(row.href.as_deref(), Some("/reviews/12#item-ops.runbook"));
        assert_eq!(row.summary, "4 fields changed");
        assert!(row.mixed, "added and removed fields are marked");
        let shown: Vec<_> = row
            .changes
            .iter()
            .map(|c| {
                (
                    c.path.as_str(),
                    c.kind,
                    c.before.as_deref(),
                    c.after.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("evidence", "added", None, Some(r#"{"url":"x"}"#)),
                ("note", "removed", Some("null"), None),
                ("outcome", "changed", Some(r#""fail""#), Some(r#""pass""#)),
                ("version", "changed", Some("1"), Some("2")),
            ]
        );
        let unlinked = event_row(entry("slo", "3", Some(Subject::ServiceId(3))));
        assert_eq!(unlinked.href, None);
        let template = event_row(entry("checklist_template", "1", None));
        assert_eq!(template.href, None);
    }
}
