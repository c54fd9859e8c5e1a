//! Control characters: refused in every text input with `VALIDATION` naming the field (in
//! GraphQL and in forms, on both databases); line breaks normalised where text may span lines.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use crate::web::html::{by_id, get, post, text};
use reqwest::StatusCode;
use serde_json::{Value, json};

dual_test!(
    graphql_refuses_control_characters_everywhere,
    prose_keeps_line_breaks_and_names_stay_on_one_line,
    forms_show_the_error_next_to_the_field,
    urls_with_control_characters_are_not_found
);

fn assert_field(body: &Value, expected: &str) {
    assert_eq!(code(body), "VALIDATION", "{body:#}");
    assert_eq!(field(body), expected, "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("control character"), "{message}");
}

async fn graphql_refuses_control_characters_everywhere(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    // Inline literals and variables, at any depth, in writes and in reads.
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "mutation { createTeam(input: {slug: \"a\", name: \"x\\u0000y\"}) { slug } }",
            json!({}),
            "input.name",
        ),
        (
            "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }",
            json!({"i": {"slug": "b", "name": "ok", "description": "bell\u{7}"}}),
            "input.description",
        ),
        (
            "mutation($r: ID!, $n: String) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: PASS, note: $n, expectedVersion: 0) { version } }",
            json!({"r": review, "n": "fine\u{0}"}),
            "note",
        ),
        (
            "query($s: String!) { service(slug: $s) { slug } }",
            json!({"s": "check\u{0}out"}),
            "slug",
        ),
        (
            "query($i: String!) { auditEvents(filter: {entityType: \"service\", entityId: $i}) { edges { node { action } } } }",
            json!({"i": "\u{0}"}),
            "filter.entityId",
        ),
        (
            "query($a: String) { services(first: 5, after: $a) { edges { node { slug } } } }",
            json!({"a": "YQ\u{0}=="}),
            "after",
        ),
        (
            "mutation($i: CreateServiceInput!) { createService(input: $i) { slug } }",
            json!({"i": {"slug": "s", "name": "S", "teamSlug": "payments", "tier": "TIER3",
                "links": [{"kind": "RUNBOOK", "title": "R", "url": "https://x/\u{1b}"}]}}),
            "input.links[0].url",
        ),
    ];
    for (query, variables, expected) in cases {
        assert_field(&app.gql(query, variables).await, expected);
    }
    // Nothing was written on either database.
    let teams = app.ok("{ teams { slug } }", json!({})).await;
    assert_eq!(teams["teams"], json!([{"slug": "payments"}]));
    let progress = app
        .ok(
            "query($r: ID!) { review(id: $r) { progress { answered } } }",
            json!({"r": review}),
        )
        .await;
    assert_eq!(progress["review"]["progress"]["answered"], 0);
}

async fn prose_keeps_line_breaks_and_names_stay_on_one_line(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER2").await;
    let saved = app
        .ok(
            "mutation($r: ID!, $n: String) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: PASS, note: $n, expectedVersion: 0) { note } }",
            json!({"r": review, "n": "first line\r\nsecond\tline\rthird"}),
        )
        .await;
    assert_eq!(
        saved["respondToItem"]["note"],
        "first line\nsecond\tline\nthird"
    );
    let body = app
        .gql(
            "mutation { createTeam(input: {slug: \"two\", name: \"two\\nlines\"}) { slug } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&body), "VALIDATION");
    assert_eq!(field(&body), "input.name");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("one line")
    );
}

async fn forms_show_the_error_next_to_the_field(app: TestApp) {
    app.seed_team("payments").await;
    let res = post(
        &app,
        "/services/new",
        &[
            ("slug", "checkout"),
            ("name", "Check\u{0}out"),
            ("team", "payments"),
            ("tier", "tier2"),
            ("lifecycle", "beta"),
            ("description", "line one\r\nline two"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let error = text(&by_id(&html, "f-name-error").expect("error next to the name"));
    assert!(error.contains("control character U+0000"), "{error}");

    let review = app.seed_service("legacy", "payments", "TIER2").await;
    let res = post(
        &app,
        &format!("/reviews/{review}/items/ownership.owner"),
        &[
            ("outcome", "pass"),
            ("note", "ok\u{0}"),
            ("expected_version", "0"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("control character U+0000"),
        "the note's error is shown"
    );
    let (status, _) = get(&app, "/services/checkout").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was registered");
}

async fn urls_with_control_characters_are_not_found(app: TestApp) {
    app.seed_team("payments").await;
    for path in [
        "/services/check%00out",
        "/teams/pay%00ments",
        "/services/%0d%0a/edit",
    ] {
        let (status, _) = get(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}
