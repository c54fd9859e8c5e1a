//! Each filter of `auditEvents` on its own, and the validation errors that name the field.

use super::{actions, page};
use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::{Value, json};

dual_test!(
    each_filter_narrows_the_log,
    invalid_filters_name_their_field
);

/// `payments` by alice, `checkout` by alice then updated by bob, `search` by carol.
async fn seed(app: &TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER3").await;
    app.ok_as(
        "bob",
        "mutation { updateService(slug: \"checkout\", expectedVersion: 1, input: {name: \"Checkout\"}) { version } }",
        json!({}),
    )
    .await;
    app.ok_as(
        "carol",
        "mutation { createTeam(input: {slug: \"search\", name: \"Search\"}) { slug } }",
        json!({}),
    )
    .await;
}

async fn each_filter_narrows_the_log(app: TestApp) {
    seed(&app).await;
    let all = actions(&app, json!({})).await;
    assert_eq!(
        all,
        [
            "role.grant",
            "team.create",
            "service.update",
            "review.start",
            "service.create",
            "role.grant",
            "team.create",
            "template.version"
        ],
        "the template loaded at start-up comes first"
    );
    assert_eq!(
        actions(&app, Value::Null).await,
        all,
        "no filter: everything"
    );

    // Who: logins are case-insensitive.
    assert_eq!(
        actions(&app, json!({"actor": "BOB"})).await,
        ["service.update"]
    );
    assert!(actions(&app, json!({"actor": "mallory"})).await.is_empty());
    assert_eq!(
        actions(&app, json!({"actor": "orrery"})).await,
        ["template.version"]
    );

    // Which entity.
    assert_eq!(
        actions(&app, json!({"entityType": "team"})).await,
        ["team.create", "team.create"]
    );
    let search = page(
        &app,
        json!({"entityType": "team", "entityId": "search"}),
        10,
        None,
    )
    .await;
    let node = &search["edges"][0]["node"];
    assert_eq!(
        (node["actor"].clone(), node["entityId"].clone()),
        (json!("carol"), json!("search"))
    );
    assert_eq!(search["edges"].as_array().unwrap().len(), 1);
    assert_eq!(
        actions(&app, json!({"entityId": "checkout"})).await,
        ["service.update", "service.create"]
    );

    // Actions: exact, or a prefix ending in a dot.
    assert_eq!(
        actions(&app, json!({"action": "service.update"})).await,
        ["service.update"]
    );
    assert_eq!(
        actions(&app, json!({"action": "service."})).await,
        ["service.update", "service.create"]
    );
    assert!(
        actions(&app, json!({"action": "service"})).await.is_empty(),
        "without the dot it is an exact action"
    );
    assert!(actions(&app, json!({"action": "servic."})).await.is_empty());

    // When: both ends inclusive.
    let newest = page(&app, json!({}), 1, None).await["edges"][0]["node"].clone();
    let at = newest["occurredAt"].as_str().unwrap();
    assert_eq!(
        actions(&app, json!({"from": at})).await,
        ["role.grant", "team.create"],
        "from the newest change's instant (the team and its first owner, one transaction)"
    );
    assert_eq!(
        actions(&app, json!({"from": at, "to": at})).await,
        ["role.grant", "team.create"]
    );
    assert_eq!(
        actions(&app, json!({"to": at})).await,
        all,
        "up to the newest event's instant"
    );
    assert!(
        actions(&app, json!({"to": "2000-01-01T00:00:00Z"}))
            .await
            .is_empty()
    );
    assert_eq!(
        actions(
            &app,
            json!({"from": "2000-01-01T00:00:00Z", "to": "2999-01-01T00:00:00Z"})
        )
        .await,
        all
    );

    // Everything given must match.
    assert_eq!(
        actions(&app, json!({"actor": "alice", "action": "service."})).await,
        ["service.create"]
    );
    // Snapshots come along: the update's before and after.
    let update =
        page(&app, json!({"action": "service.update"}), 1, None).await["edges"][0]["node"].clone();
    assert_eq!(
        (
            update["before"]["name"].clone(),
            update["after"]["name"].clone()
        ),
        (json!("Svc"), json!("Checkout"))
    );
}

async fn invalid_filters_name_their_field(app: TestApp) {
    seed(&app).await;
    let long = "x".repeat(65);
    let cases: Vec<(Value, i64, Option<&str>, &str)> = vec![
        (
            json!({"from": "2026-12-07T00:00:00Z", "to": "2026-12-06T00:00:00Z"}),
            20,
            None,
            "filter.from",
        ),
        (json!({"action": "review%"}), 20, None, "filter.action"),
        (
            json!({"action": "review..start"}),
            20,
            None,
            "filter.action",
        ),
        (json!({"service": "Not A Slug"}), 20, None, "filter.service"),
        (json!({"review": "abc"}), 20, None, "filter.review"),
        (json!({"review": "0"}), 20, None, "filter.review"),
        (json!({"entityId": long}), 20, None, "filter.entityId"),
        (json!({"entityType": "a\nb"}), 20, None, "filter.entityType"),
        (json!({}), 101, None, "first"),
        (json!({}), -1, None, "first"),
        (json!({}), 20, Some("not-a-cursor"), "after"),
        (json!({}), 20, Some("-5"), "after"),
    ];
    for (filter, first, after, expected) in cases {
        let body = app
            .gql(
                "query($f: AuditEventFilter, $n: Int, $a: String) {
                    auditEvents(filter: $f, first: $n, after: $a) { edges { cursor } } }",
                json!({"f": filter, "n": first, "a": after}),
            )
            .await;
        assert_eq!(code(&body), "VALIDATION", "{filter} {body:#}");
        assert_eq!(field(&body), expected, "{filter} {body:#}");
    }
    let body = app
        .gql(
            "{ auditEvents(filter: {from: \"2026-12-07T00:00:00Z\", to: \"2026-12-06T00:00:00Z\"}) { edges { cursor } } }",
            json!({}),
        )
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("must not be after `to`"), "{message}");
}
