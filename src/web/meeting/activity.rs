//! The review's recent activity in words, from its audit events.

use super::super::format;
use super::sections::ItemIndex;
use crate::domain::records;

/// One audit event in words.
#[derive(Debug, Clone)]
pub struct ActivityView {
    pub at: String,
    pub at_machine: String,
    pub actor: String,
    pub what: String,
}

/// Audit events in words.
pub fn activity_views(events: &[records::AuditEvent], items: &ItemIndex<'_>) -> Vec<ActivityView> {
    events
        .iter()
        .map(|e| {
            let after = |field: &str| {
                e.after
                    .as_ref()
                    .and_then(|a| a.get(field))
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let title = |key: &str| {
                items
                    .get(key)
                    .map_or_else(|| key.to_owned(), |i| i.title.clone())
            };
            let what = match e.action.as_str() {
                "review.start" => "started the review".to_owned(),
                "review.submit" => "submitted the review for the meeting".to_owned(),
                "review.decide" => format!(
                    "decided the review: {}",
                    after("decision").replace('_', " ")
                ),
                "item.respond" => format!(
                    "answered \"{}\": {}",
                    title(e.entity_id.split_once('/').map_or("", |(_, k)| k)),
                    outcome_words(&after("outcome"))
                ),
                "waiver.request" => {
                    format!("requested a waiver for \"{}\"", title(&after("item_key")))
                }
                "waiver.approve" => {
                    format!("approved the waiver for \"{}\"", title(&after("item_key")))
                }
                "waiver.reject" => {
                    format!("rejected the waiver for \"{}\"", title(&after("item_key")))
                }
                "review.sign_off" => {
                    format!(
                        "signed off as {}: {}",
                        super::role_label(&after("role")),
                        after("decision").replace('_', " ")
                    )
                }
                "action_item.add" => format!("added action item \"{}\"", after("title")),
                "action_item.done" => format!("marked \"{}\" done", after("title")),
                "action_item.reopen" => format!("reopened \"{}\"", after("title")),
                other => other.replace(['.', '_'], " "),
            };
            ActivityView {
                at: format::instant(e.occurred_at),
                at_machine: format::machine(e.occurred_at),
                actor: e.actor.clone(),
                what,
            }
        })
        .collect()
}

/// A recorded outcome as people say it.
fn outcome_words(raw: &str) -> String {
    match raw {
        "pass" => "pass".into(),
        "fail" => "fail".into(),
        "not_applicable" => "not applicable".into(),
        "unanswered" => "unanswered".into(),
        other => other.replace('_', " "),
    }
}
