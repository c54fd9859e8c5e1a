//! Snapshots of shapes a reviewer wants to read whole: the GraphQL error of each code, a
//! scorecard with its gate, and a small checklist page. Each test runs on SQLite and on
//! PostgreSQL against the same `.snap` file in `snapshots/`, so both databases must give the
//! same answer; volatile parts (ids, instants, asset fingerprints) are normalised first.

use crate::dual_test;
use crate::helpers::TestApp;
use crate::web::html::get;
use chrono::{Duration, Utc};
use regex::Regex;
use reqwest::StatusCode;
use serde_json::{Value, json};

dual_test!(error_of_each_code, scorecard_with_gate, checklist_page);

const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!, $n: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, expectedVersion: $v) { version } }";

/// The first error of a response that must have failed: message, path and extensions.
fn first_error(body: &Value) -> Value {
    let error = &body["errors"][0];
    assert!(error.is_object(), "expected an error: {body:#}");
    json!({
        "message": error["message"],
        "path": error["path"],
        "extensions": error["extensions"],
    })
}

/// One error per code, each from the simplest request that provokes it.
async fn error_of_each_code(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;

    let not_found = app
        .gql("{ service(slug: \"ghost\") { slug } }", json!({}))
        .await;

    let update = "mutation($v: Int!) { updateService(slug: \"checkout\", expectedVersion: $v,
        input: {name: \"Checkout\"}) { version } }";
    app.ok(update, json!({"v": 1})).await;
    let stale = app.gql(update, json!({"v": 1})).await;

    let validation = app
        .gql(
            ANSWER,
            json!({"r": review, "k": "data_recovery.backups", "o": "NOT_APPLICABLE", "v": 0}),
        )
        .await;

    let request = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id } }";
    let expires = (Utc::now() + Duration::days(30)).to_rfc3339();
    let waiver = app
        .ok(
            request,
            json!({"i": {"reviewId": review, "itemKey": "change_management.ci",
                "reason": "CI migration in progress",
                "compensatingControl": "manual test run before each deploy", "expiresAt": expires}}),
        )
        .await["requestWaiver"]["id"]
        .clone();
    let approve = "mutation($id: ID!) { approveWaiver(id: $id, expectedVersion: 1) { state } }";
    let own_approval = app.gql(approve, json!({"id": waiver})).await;

    let errors = json!({
        "NOT_FOUND": first_error(&not_found),
        "CONFLICT": first_error(&stale),
        "VALIDATION": first_error(&validation),
        "FORBIDDEN": first_error(&own_approval),
    });
    insta::assert_json_snapshot!("error_of_each_code", errors);
}

/// A tier2 review answered but for a failing blocker, a failing item and two open ones:
/// score, level, next level, next steps, the gate with its reasons, and the categories.
async fn scorecard_with_gate(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    let items = app
        .ok(
            "query($r: ID!) { review(id: $r) { items { key } } }",
            json!({"r": review}),
        )
        .await["review"]["items"]
        .as_array()
        .unwrap()
        .clone();
    for item in &items {
        let key = item["key"].as_str().unwrap();
        let (outcome, note) = match key {
            "security.audit_and_retention" | "capacity.cost_alerts" => continue,
            "change_management.ci" | "observability.tracing" => ("FAIL", None),
            _ if key.starts_with("data_recovery.") => {
                ("NOT_APPLICABLE", Some("stateless: no data of its own"))
            }
            _ => ("PASS", None),
        };
        app.ok(
            ANSWER,
            json!({"r": review, "k": key, "o": outcome, "v": 0, "n": note}),
        )
        .await;
    }
    let data = app
        .ok(
            "{ service(slug: \"checkout\") { scorecard {
                score level { number name } nextLevel { number name missingItems } nextSteps
                gate { decision reasons { code message itemKey entity blocking } }
                categories { key score passed failed waived notApplicable unanswered } } } }",
            json!({}),
        )
        .await;
    let scorecard = &data["service"]["scorecard"];
    insta::assert_json_snapshot!("scorecard_with_gate", scorecard);
}

/// The checklist page of a tier3 review with two answered items, failing items only.
async fn checklist_page(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER3").await;
    for (key, outcome) in [
        ("ownership.owner", "PASS"),
        ("change_management.ci", "FAIL"),
    ] {
        app.ok_as(
            "bob",
            ANSWER,
            json!({"r": review, "k": key, "o": outcome, "v": 0}),
        )
        .await;
    }
    let (status, html) = get(&app, &format!("/reviews/{review}?filter=failing")).await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_snapshot!("checklist_page", normalise_html(&html, &review));
}

/// The page with what changes from run to run replaced by placeholders: the review id, dates
/// and instants, the fingerprints in asset names and the app's version.
fn normalise_html(html: &str, review: &str) -> String {
    let html = html
        .replace(&format!("/reviews/{review}"), "/reviews/[id]")
        .replace(&format!("data-review=\"{review}\""), "data-review=\"[id]\"")
        .replace(&format!("/audit?review={review}\""), "/audit?review=[id]\"");
    let patterns = [
        (
            r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}| UTC)?)?",
            "[date]",
        ),
        (
            r"/static/([a-z_-]+)\.[0-9a-f]{6,}\.(css|js|svg)",
            "/static/$1.[hash].$2",
        ),
        (r"Orrery \d+\.\d+\.\d+", "Orrery [version]"),
    ];
    patterns
        .into_iter()
        .fold(html, |html, (pattern, placeholder)| {
            Regex::new(pattern)
                .unwrap()
                .replace_all(&html, placeholder)
                .into_owned()
        })
}
