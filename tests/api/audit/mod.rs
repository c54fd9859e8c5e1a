//! Reading the audit log through GraphQL: `auditEvents(filter, first, after)`, its filters
//! (each one, the `service` and `review` scopes), its pages and its validation errors.

mod filters;
mod pages;
mod scopes;

use crate::helpers::TestApp;
use serde_json::{Value, json};

const EVENTS: &str = "query($f: AuditEventFilter, $n: Int, $a: String) {
    auditEvents(filter: $f, first: $n, after: $a) {
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { id occurredAt actor action entityType entityId before after } } } }";

/// One page of events matching `filter`: the connection as returned.
pub(crate) async fn page(app: &TestApp, filter: Value, first: i64, after: Option<&str>) -> Value {
    app.ok(EVENTS, json!({"f": filter, "n": first, "a": after}))
        .await["auditEvents"]
        .clone()
}

/// The actions of the events matching `filter`, newest first (up to 100).
pub(crate) async fn actions(app: &TestApp, filter: Value) -> Vec<String> {
    page(app, filter, 100, None).await["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect()
}
