//! Invalid manifests are refused at their line and column, changing nothing; only owners
//! of the service's team (and admins) may sync.

use super::{EXAMPLE, SYNC};
use crate::access::{ROOT, behind_proxy, gql_by, ok_by, refused_by};
use crate::helpers::{Backend, TestApp, code, field};
use crate::{dual_backend_test, dual_test};
use serde_json::json;

dual_test!(invalid_manifests_are_refused_with_line_and_column);
dual_backend_test!(only_owners_may_sync);

async fn invalid_manifests_are_refused_with_line_and_column(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER3").await;
    let bad = EXAMPLE.replace("objective_percent: 99.9\n", "objective_percent: 100\n");
    let body = app.gql(SYNC, json!({"s": "checkout", "y": bad})).await;
    assert_eq!(
        (code(&body), field(&body)),
        ("VALIDATION", "yaml"),
        "{body:#}"
    );
    let line = bad
        .lines()
        .position(|l| l.contains("objective_percent: 100"))
        .unwrap()
        + 1;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "orrery.yaml:{line}:24: slos[0].objective_percent:"
        )),
        "{message}"
    );

    let broken = format!("{EXAMPLE}  - item: [unclosed\n");
    let body = app.gql(SYNC, json!({"s": "checkout", "y": broken})).await;
    assert_eq!(code(&body), "VALIDATION");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid YAML"),
        "{body:#}"
    );

    let other = app.gql(SYNC, json!({"s": "ledger", "y": EXAMPLE})).await;
    assert_eq!(
        (code(&other), field(&other)),
        ("VALIDATION", "service.slug"),
        "{other:#}"
    );

    let tier = app
        .ok(
            "{ service(slug: \"checkout\") { tier slos { id } manifest { commit } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        tier["service"],
        json!({"tier": "TIER3", "slos": [], "manifest": null}),
        "nothing was applied"
    );
}

async fn only_owners_may_sync(backend: Backend) {
    let app = behind_proxy(backend).await;
    let admin = |q: &'static str| ok_by(&app, ROOT, &[], q, json!({}));
    admin("mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }")
        .await;
    admin("mutation { addTeamOwner(teamSlug: \"payments\", subject: \"olivia\") }").await;
    ok_by(&app, "olivia", &[], "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER3}) { slug } }", json!({})).await;
    let vars = json!({"s": "checkout", "y": EXAMPLE, "c": "abc"});
    refused_by(
        &app,
        "sam",
        &[],
        SYNC,
        vars.clone(),
        "sync its services' manifests",
    )
    .await;
    let body = gql_by(
        &app,
        "sam",
        &[],
        "{ service(slug: \"checkout\") { manifest { commit } } }",
        json!({}),
    )
    .await;
    assert_eq!(body["data"]["service"]["manifest"], json!(null));
    let r = ok_by(&app, "olivia", &[], SYNC, vars).await;
    assert_eq!(r["syncManifest"]["commit"], "abc");
}
