//! Logins are trimmed and compared case-insensitively; Orrery's own names cannot be claimed.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use crate::web::html::post;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

dual_test!(
    case_does_not_make_another_person,
    reserved_logins_cannot_be_claimed
);

async fn case_does_not_make_another_person(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    let request =
        "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id requestedBy } }";
    let input = json!({"reviewId": review, "itemKey": "change_management.ci",
        "reason": "CI migration in progress", "compensatingControl": "manual test run",
        "expiresAt": (Utc::now() + Duration::days(30)).to_rfc3339()});
    let waiver = app.ok_as("alice", request, json!({"i": input})).await["requestWaiver"].clone();
    assert_eq!(waiver["requestedBy"], "alice");
    let approve =
        "mutation($id: ID!) { approveWaiver(id: $id, expectedVersion: 1) { state approvedBy } }";
    for same_person in ["Alice", "ALICE", " alice "] {
        let body = app
            .gql_as(same_person, approve, json!({"id": waiver["id"]}))
            .await;
        assert_eq!(code(&body), "FORBIDDEN", "{same_person:?}: {body:#}");
    }
    let ok = app.ok_as("Bob", approve, json!({"id": waiver["id"]})).await;
    assert_eq!(ok["approveWaiver"]["approvedBy"], "bob", "stored canonical");
    let answered = app
        .ok_as(
            "Carol.Smith",
            "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: PASS, expectedVersion: 0) { respondedBy } }",
            json!({"r": review}),
        )
        .await;
    assert_eq!(answered["respondToItem"]["respondedBy"], "carol.smith");
}

async fn reserved_logins_cannot_be_claimed(app: TestApp) {
    for reserved in ["orrery", "Orrery", "anonymous", "ANONYMOUS"] {
        let body = app
            .gql_as(
                reserved,
                "mutation { createTeam(input: {slug: \"t\", name: \"T\"}) { slug } }",
                json!({}),
            )
            .await;
        assert_eq!(code(&body), "VALIDATION", "{reserved}: {body:#}");
        assert_eq!(field(&body), "x-orrery-actor");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("reserved"),
            "{body:#}"
        );
        let res = post(&app, "/me", &[("login", reserved), ("return_to", "/")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{reserved}");
        assert!(res.text().await.unwrap().contains("reserved"));
    }
    let teams = app.ok("{ teams { slug } }", json!({})).await;
    assert_eq!(teams["teams"], json!([]));
}
