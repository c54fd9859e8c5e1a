//! Every mutation × role, behind a trusted proxy: who may, and the reason others get —
//! catalog changes and role grants here, reviews in `reviews.rs`.
//!
//! The cast: `root` (configured admin); `olivia` and `otto` own team `payments`; `sam`
//! holds `sre`; `vic` holds `security` through the group `sec`; `eve` holds nothing.

use super::{ROOT, behind_proxy, gql_by, ok_by, refused_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use serde_json::{Value, json};

dual_backend_test!(catalog_changes_need_the_team, roles_are_granted_by_admins);

const OWNER_ONLY: &str = "only owners of team `payments` (or an admin)";

/// `root` makes the team, its owners and the sign-off roles.
pub async fn cast(app: &TestApp) {
    let admin = |q: &'static str, v: Value| ok_by(app, ROOT, &[], q, v);
    admin(
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
        json!({}),
    )
    .await;
    for owner in ["olivia", "otto"] {
        admin(
            "mutation($s: String!) { addTeamOwner(teamSlug: \"payments\", subject: $s) }",
            json!({"s": owner}),
        )
        .await;
    }
    admin(
        "mutation { assignSignOffRole(role: \"sre\", subject: \"sam\") { role subject } }",
        json!({}),
    )
    .await;
    admin("mutation { assignSignOffRole(role: \"security\", subject: \"group:sec\") { role subject } }", json!({})).await;
}

pub async fn service(app: &TestApp, by: &str) -> String {
    let data = ok_by(app, by, &[], "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER1}) { currentReview { id } version } }", json!({})).await;
    data["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn catalog_changes_need_the_team(backend: Backend) {
    let app = behind_proxy(backend).await;
    cast(&app).await;
    let create = "mutation { createService(input: {slug: \"checkout\", name: \"Checkout\", teamSlug: \"payments\", tier: TIER1}) { slug } }";
    refused_by(
        &app,
        "sam",
        &[],
        create,
        json!({}),
        &format!("{OWNER_ONLY} may register services for it"),
    )
    .await;
    service(&app, "olivia").await;

    let update = "mutation { updateService(slug: \"checkout\", expectedVersion: 1, input: {name: \"Till\"}) { version } }";
    refused_by(
        &app,
        "eve",
        &[],
        update,
        json!({}),
        &format!("{OWNER_ONLY} may edit its services"),
    )
    .await;
    ok_by(&app, "otto", &[], update, json!({})).await;

    let slo = "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"availability\", sliKind: RATIO, objectivePercent: 99.9, goodQuery: \"good\", totalQuery: \"total\"}) { id version } }";
    refused_by(
        &app,
        "sam",
        &["sec"],
        slo,
        json!({}),
        "may define its services' SLOs",
    )
    .await;
    let id = ok_by(&app, "olivia", &[], slo, json!({})).await["defineSlo"]["id"].clone();
    let upd = "mutation($id: ID!) { updateSlo(id: $id, expectedVersion: 1, input: {objectivePercent: 99.5}) { version } }";
    refused_by(
        &app,
        "eve",
        &[],
        upd,
        json!({"id": id}),
        "may change its services' SLOs",
    )
    .await;
    ok_by(&app, "otto", &[], upd, json!({"id": id})).await;
    let del = "mutation($id: ID!) { deleteSlo(id: $id, expectedVersion: 2) { id } }";
    refused_by(
        &app,
        "eve",
        &[],
        del,
        json!({"id": id}),
        "may delete its services' SLOs",
    )
    .await;

    let dep = "mutation { addDependency(input: {serviceSlug: \"checkout\", externalName: \"stripe\", kind: HARD}) { id } }";
    refused_by(&app, "eve", &[], dep, json!({}), "dependencies").await;
    ok_by(&app, "olivia", &[], dep, json!({})).await;

    let plan = json!({"i": {"serviceSlug": "checkout", "peakRps": 600.0, "unitCapacityRps": 250.0, "replicas": 4,
        "growthPctPerMonth": 10.0, "headroomTargetPct": 30.0}});
    let set_plan = "mutation($i: CapacityPlanInput!) { setCapacityPlan(input: $i) { version } }";
    refused_by(&app, "sam", &[], set_plan, plan.clone(), "capacity").await;
    ok_by(&app, "olivia", &[], set_plan, plan).await;

    let team = "mutation { updateTeam(slug: \"payments\", expectedVersion: 1, input: {name: \"Pay\"}) { version } }";
    refused_by(
        &app,
        "sam",
        &[],
        team,
        json!({}),
        &format!("{OWNER_ONLY} may edit the team"),
    )
    .await;
    ok_by(&app, "olivia", &[], team, json!({})).await;

    let archive = "mutation($v: Int!) { archiveService(slug: \"checkout\", expectedVersion: $v) { archivedAt } }";
    refused_by(
        &app,
        "vic",
        &["sec"],
        archive,
        json!({"v": 2}),
        "may archive its services",
    )
    .await;

    let start = "mutation { startReview(serviceSlug: \"checkout\") { id } }";
    refused_by(
        &app,
        "sam",
        &[],
        start,
        json!({}),
        "may start reviews of its services",
    )
    .await;
    let dep2 = "mutation { addDependency(input: {serviceSlug: \"checkout\", externalName: \"s3\", kind: SOFT}) { id } }";
    let dep_id = ok_by(&app, "olivia", &[], dep2, json!({})).await["addDependency"]["id"].clone();
    let remove = "mutation($id: ID!) { removeDependency(id: $id, expectedVersion: 1) { id } }";
    refused_by(
        &app,
        "sam",
        &[],
        remove,
        json!({"id": dep_id}),
        "dependencies",
    )
    .await;
    ok_by(&app, "olivia", &[], remove, json!({"id": dep_id})).await;

    // Whoever creates a team owns it, and may add owners; nobody else may.
    ok_by(
        &app,
        "eve",
        &[],
        "mutation { createTeam(input: {slug: \"growth\", name: \"Growth\"}) { owners } }",
        json!({}),
    )
    .await;
    let add = "mutation { addTeamOwner(teamSlug: \"growth\", subject: \"sam\") }";
    refused_by(
        &app,
        "olivia",
        &[],
        add,
        json!({}),
        "only owners of team `growth` (or an admin) may change its owners",
    )
    .await;
    ok_by(&app, "eve", &[], add, json!({})).await;
    let owners = ok_by(
        &app,
        "eve",
        &[],
        "{ team(slug: \"growth\") { owners } }",
        json!({}),
    )
    .await;
    assert_eq!(owners["team"]["owners"], json!(["eve", "sam"]));
}

async fn roles_are_granted_by_admins(backend: Backend) {
    let app = behind_proxy(backend).await;
    cast(&app).await;
    let assign = "mutation { assignSignOffRole(role: \"sre\", subject: \"eve\") { id } }";
    refused_by(
        &app,
        "olivia",
        &[],
        assign,
        json!({}),
        "only admins may assign sign-off roles",
    )
    .await;
    refused_by(
        &app,
        "sam",
        &[],
        "mutation { grantAdmin(subject: \"sam\") }",
        json!({}),
        "only admins may grant or revoke admin",
    )
    .await;
    refused_by(
        &app,
        "sam",
        &[],
        "mutation { reloadChecklists { loaded { key } } }",
        json!({}),
        "only admins may reload the checklist templates",
    )
    .await;
    refused_by(
        &app,
        "sam",
        &[],
        "mutation { createServiceAccount(login: \"ci-bot\", description: \"CI\") { login } }",
        json!({}),
        "only admins may create service accounts",
    )
    .await;

    let bad = gql_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"sorcerer\", subject: \"eve\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(
        bad["errors"][0]["extensions"]["code"], "VALIDATION",
        "{bad:#}"
    );
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a sign-off role")
    );
    let owner = gql_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"service_owner\", subject: \"eve\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(
        owner["errors"][0]["extensions"]["code"], "VALIDATION",
        "{owner:#}"
    );
    let twice = gql_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"sre\", subject: \"sam\") { id } }",
        json!({}),
    )
    .await;
    assert_eq!(
        twice["errors"][0]["extensions"]["code"], "CONFLICT",
        "{twice:#}"
    );

    // A granted admin may administer; revoked, no longer.
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { grantAdmin(subject: \"group:platform\") }",
        json!({}),
    )
    .await;
    ok_by(&app, "pat", &["platform"], assign, json!({})).await;
    let me = ok_by(
        &app,
        "pat",
        &["platform"],
        "{ me { login groups admin signOffRoles } }",
        json!({}),
    )
    .await;
    assert_eq!(
        me["me"],
        json!({"login": "pat", "groups": ["platform"], "admin": true, "signOffRoles": []})
    );
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { revokeAdmin(subject: \"group:platform\") }",
        json!({}),
    )
    .await;
    refused_by(
        &app,
        "pat",
        &["platform"],
        "mutation { unassignSignOffRole(role: \"sre\", subject: \"eve\") }",
        json!({}),
        "only admins",
    )
    .await;
    let me = ok_by(
        &app,
        "sam",
        &[],
        "{ me { admin signOffRoles ownedTeamIds } }",
        json!({}),
    )
    .await;
    assert_eq!(
        me["me"],
        json!({"admin": false, "signOffRoles": ["sre"], "ownedTeamIds": []})
    );

    // Grants are audited.
    let grants = ok_by(
        &app,
        "eve",
        &[],
        "{ roleGrants { role subject grantedBy } }",
        json!({}),
    )
    .await;
    assert!(
        grants["roleGrants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == &json!({"role": "sre", "subject": "sam", "grantedBy": "root"}))
    );
}
