//! Teams and services: create, edit, archive, look up, list; validation and not-found.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::json;

dual_test!(
    teams_lifecycle,
    services_lifecycle,
    services_list_filters_and_pages,
    invalid_input_names_the_field
);

const CREATE_TEAM: &str =
    "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug name version contactChannel } }";
const UPDATE_TEAM: &str = "mutation($s: String!, $v: Int!, $i: UpdateTeamInput!) { updateTeam(slug: $s, expectedVersion: $v, input: $i) { slug name version contactChannel } }";

async fn teams_lifecycle(app: TestApp) {
    let created = app
        .ok(
            CREATE_TEAM,
            json!({"i": {"slug": "payments", "name": "Payments", "contactChannel": "#payments"}}),
        )
        .await;
    assert_eq!(
        created["createTeam"],
        json!({"slug": "payments", "name": "Payments", "version": 1, "contactChannel": "#payments"})
    );

    let dup = app
        .gql(
            CREATE_TEAM,
            json!({"i": {"slug": "payments", "name": "Again"}}),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");

    let updated = app
        .ok(
            UPDATE_TEAM,
            json!({"s": "payments", "v": 1, "i": {"name": "Payments Core", "contactChannel": ""}}),
        )
        .await;
    assert_eq!(
        updated["updateTeam"],
        json!({"slug": "payments", "name": "Payments Core", "version": 2, "contactChannel": null})
    );

    let missing = app
        .gql(
            UPDATE_TEAM,
            json!({"s": "nope", "v": 1, "i": {"name": "x"}}),
        )
        .await;
    assert_eq!(code(&missing), "NOT_FOUND");
    let missing = app
        .gql("{ team(slug: \"nope\") { slug } }", json!({}))
        .await;
    assert_eq!(code(&missing), "NOT_FOUND");

    let teams = app.ok("{ teams { slug } }", json!({})).await;
    assert_eq!(teams["teams"], json!([{"slug": "payments"}]));
    assert_eq!(
        app.audit_actions("team", "payments").await,
        ["team.update", "team.create"]
    );
}

const CREATE_SERVICE: &str = "mutation($i: CreateServiceInput!) { createService(input: $i) {
    slug name tier lifecycle repository version launchTarget
    monitoring { job namespace matchers selector }
    links { kind title url }
    team { slug }
    currentReview { id state template { key version } progress { total answered } }
} }";

async fn services_lifecycle(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_team("platform").await;
    let input = json!({
        "slug": "checkout", "name": "Checkout", "teamSlug": "payments", "tier": "TIER1",
        "lifecycle": "BETA", "repository": "https://github.com/acme/checkout.git",
        "monitoring": {"job": "checkout", "namespace": "shop", "matchers": ["app=\"web\""]},
        "links": [{"kind": "RUNBOOK", "title": "Runbook", "url": "https://wiki.example/checkout"}],
        "launchTarget": "2027-01-15"
    });
    let s = app.ok(CREATE_SERVICE, json!({"i": input})).await["createService"].clone();
    assert_eq!(s["repository"], "acme/checkout");
    assert_eq!(s["tier"], "TIER1");
    assert_eq!(s["lifecycle"], "BETA");
    assert_eq!(
        s["monitoring"]["selector"],
        "job=\"checkout\",namespace=\"shop\",app=\"web\""
    );
    assert_eq!(s["links"][0]["kind"], "RUNBOOK");
    assert_eq!(s["team"]["slug"], "payments");
    // Every new service gets a draft review from the default template.
    assert_eq!(s["currentReview"]["state"], "DRAFT");
    assert_eq!(
        s["currentReview"]["template"],
        json!({"key": "orr-standard", "version": 1})
    );
    assert!(s["currentReview"]["progress"]["total"].as_i64().unwrap() > 50);
    assert_eq!(s["currentReview"]["progress"]["answered"], 0);

    let update = "mutation($v: Int!, $i: UpdateServiceInput!) { updateService(slug: \"checkout\", expectedVersion: $v, input: $i) {
        version tier teamSlug: team { slug } monitoring { job } launchTarget repository } }";
    let u = app
        .ok(update, json!({"v": 1, "i": {"tier": "TIER2", "teamSlug": "platform", "monitoring": null, "launchTarget": null, "repository": "./tests/fixtures/repos/hpa-worker"}}))
        .await;
    // A local checkout (relative to the server's directory) is stored as its canonical path.
    let checkout = crate::helpers::fixture_repos()
        .join("hpa-worker")
        .canonicalize()
        .unwrap();
    assert_eq!(
        u["updateService"],
        json!({"version": 2, "tier": "TIER2", "teamSlug": {"slug": "platform"}, "monitoring": null, "launchTarget": null, "repository": format!("file:{}", checkout.display())})
    );

    let archive = "mutation($v: Int!) { archiveService(slug: \"checkout\", expectedVersion: $v) { version archivedAt } }";
    let a = app.ok(archive, json!({"v": 2})).await;
    assert_eq!(a["archiveService"]["version"], 3);
    assert!(a["archiveService"]["archivedAt"].is_string());
    assert_eq!(code(&app.gql(archive, json!({"v": 3})).await), "CONFLICT");
    let listed = app
        .ok("{ services { edges { node { slug } } } }", json!({}))
        .await;
    assert_eq!(listed["services"]["edges"], json!([]));
    let listed = app
        .ok(
            "{ services(filter: {includeArchived: true}) { edges { node { slug } } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["services"]["edges"][0]["node"]["slug"], "checkout");

    assert_eq!(
        code(
            &app.gql("{ service(slug: \"ghost\") { slug } }", json!({}))
                .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        code(
            &app.gql(
                archive.replace("checkout", "ghost").as_str(),
                json!({"v": 1})
            )
            .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        app.audit_actions("service", "checkout").await,
        ["service.archive", "service.update", "service.create"]
    );
}

async fn services_list_filters_and_pages(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_team("search").await;
    for (slug, team, tier) in [
        ("alpha", "payments", "TIER1"),
        ("beta", "payments", "TIER3"),
        ("gamma", "search", "TIER3"),
        ("delta", "search", "TIER2"),
    ] {
        app.seed_service(slug, team, tier).await;
    }
    let page = "query($f: Int, $a: String, $filter: ServiceFilter) { services(first: $f, after: $a, filter: $filter) {
        edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage endCursor } } }";
    let slugs = |v: &serde_json::Value| -> Vec<String> {
        v["services"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let p1 = app.ok(page, json!({"f": 2})).await;
    assert_eq!(slugs(&p1), ["alpha", "beta"]);
    assert_eq!(p1["services"]["pageInfo"]["hasNextPage"], true);
    let cursor = p1["services"]["pageInfo"]["endCursor"].clone();
    let p2 = app.ok(page, json!({"f": 2, "a": cursor})).await;
    assert_eq!(slugs(&p2), ["delta", "gamma"]);
    assert_eq!(p2["services"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(p2["services"]["pageInfo"]["hasPreviousPage"], true);

    assert_eq!(
        slugs(&app.ok(page, json!({"filter": {"team": "search"}})).await),
        ["delta", "gamma"]
    );
    assert_eq!(
        slugs(&app.ok(page, json!({"filter": {"tier": "TIER3"}})).await),
        ["beta", "gamma"]
    );
    assert_eq!(
        slugs(
            &app.ok(page, json!({"filter": {"lifecycle": "PRODUCTION"}}))
                .await
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        slugs(&app.ok(page, json!({"filter": {"search": "ELT"}})).await),
        ["delta"]
    );
    assert_eq!(
        slugs(&app.ok(page, json!({"filter": {"search": "%"}})).await),
        Vec::<String>::new()
    );
    assert_eq!(
        slugs(&app.ok(page, json!({"filter": {"team": "nobody"}})).await),
        Vec::<String>::new()
    );

    let too_many = app.gql(page, json!({"f": 101})).await;
    assert_eq!(code(&too_many), "VALIDATION");
    assert_eq!(field(&too_many), "first");
}

async fn invalid_input_names_the_field(app: TestApp) {
    app.seed_team("payments").await;
    let base = json!({"slug": "ok-slug", "name": "Name", "teamSlug": "payments", "tier": "TIER1"});
    let cases = [
        ("slug", json!("Not A Slug"), "input.slug"),
        ("name", json!("   "), "input.name"),
        ("teamSlug", json!("nobody"), "input.teamSlug"),
        ("repository", json!("not a repo"), "input.repository"),
        (
            "links",
            json!([{"kind": "RUNBOOK", "title": "Runbook", "url": "wiki/page"}]),
            "input.links[0].url",
        ),
        ("monitoring", json!({"job": "a\"b"}), "input.monitoring.job"),
    ];
    for (key, value, expected_field) in cases {
        let mut input = base.clone();
        input[key] = value;
        let body = app.gql(CREATE_SERVICE, json!({"i": input})).await;
        assert_eq!(code(&body), "VALIDATION", "{key}: {body:#}");
        assert_eq!(field(&body), expected_field, "{key}");
    }
    // A value the GraphQL type system rejects is reported as VALIDATION too.
    let mut input = base.clone();
    input["tier"] = json!("GOLD");
    let body = app.gql(CREATE_SERVICE, json!({"i": input})).await;
    assert_eq!(code(&body), "VALIDATION");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("tier"),
        "{body:#}"
    );
    // Nothing was written by any of the failed attempts.
    let listed = app
        .ok(
            "{ services(filter: {includeArchived: true}) { edges { node { slug } } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["services"]["edges"], json!([]));
}
