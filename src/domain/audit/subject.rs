//! Which page shows an audited entity: read from the event's entity type and id, and from
//! the ids its snapshots hold.

use crate::domain::records::AuditEvent;

/// The page an audited entity lives on, as far as its event tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A service, by slug.
    Service(String),
    /// A service known only by id (an SLO's or a dependency's); the caller finds its slug.
    ServiceId(i64),
    /// A team, by slug.
    Team(String),
    /// A review (its checklist), by id.
    Review(i64),
}

/// Where the entity of `event` is shown: a service, its capacity plan and its manifest sync
/// on the service's page, a review and its answers, waivers, sign-offs and action items on
/// the review's checklist, an SLO or a dependency on its service's page (by id), a team on
/// its page.
/// `None` for entities without a page (checklist templates) or snapshots without the id.
pub fn subject(event: &AuditEvent) -> Option<Subject> {
    let id = event.entity_id.as_str();
    let snapshot_id = |key: &str| {
        [&event.after, &event.before]
            .into_iter()
            .flatten()
            .find_map(|s| s.get(key).and_then(serde_json::Value::as_i64))
    };
    match event.entity_type.as_str() {
        "service" | "capacity_plan" | "service_manifest" => Some(Subject::Service(id.to_owned())),
        "team" => Some(Subject::Team(id.to_owned())),
        "review" => id.parse().ok().map(Subject::Review),
        "item_response" => id
            .split_once('/')
            .and_then(|(review, _)| review.parse().ok())
            .map(Subject::Review),
        "waiver" | "sign_off" | "action_item" => snapshot_id("review_id").map(Subject::Review),
        "slo" | "dependency" => snapshot_id("service_id").map(Subject::ServiceId),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    fn event(entity_type: &str, entity_id: &str, after: serde_json::Value) -> AuditEvent {
        AuditEvent {
            id: 1,
            occurred_at: Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap(),
            actor: "alice".into(),
            action: "x.y".into(),
            entity_type: entity_type.into(),
            entity_id: entity_id.into(),
            before: Some(json!({"review_id": 4, "service_id": 8})),
            after: Some(after),
        }
    }

    #[test]
    fn subjects_point_at_the_page_showing_the_entity() {
        let none = json!(null);
        let cases = [
            (
                event("service", "checkout", none.clone()),
                Some(Subject::Service("checkout".into())),
            ),
            (
                event("capacity_plan", "checkout", none.clone()),
                Some(Subject::Service("checkout".into())),
            ),
            (
                event("team", "payments", none.clone()),
                Some(Subject::Team("payments".into())),
            ),
            (
                event("review", "12", none.clone()),
                Some(Subject::Review(12)),
            ),
            (
                event("item_response", "12/ops.runbook", none.clone()),
                Some(Subject::Review(12)),
            ),
            (
                event("waiver", "3", json!({"review_id": 5})),
                Some(Subject::Review(5)),
            ),
            (
                event("sign_off", "3", none.clone()),
                Some(Subject::Review(4)),
            ),
            (
                event("slo", "2", json!({"service_id": 9})),
                Some(Subject::ServiceId(9)),
            ),
            (
                event("dependency", "2", none.clone()),
                Some(Subject::ServiceId(8)),
            ),
            (event("checklist_template", "1", none.clone()), None),
            (event("review", "nope", none), None),
        ];
        for (e, expected) in cases {
            assert_eq!(subject(&e), expected, "{}", e.entity_type);
        }
    }
}
