//! Every mutation × role, behind a trusted proxy: who may, and the reason others get.
//!
//! The cast: `root` (configured admin); `olivia` and `otto` own team `payments`; `sam`
//! holds `sre`; `vic` holds `security` through the group `sec`; `eve` holds nothing.

use super::{ROOT, behind_proxy, gql_by, ok_by, refused_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

dual_backend_test!(
    catalog_changes_need_the_team,
    reviews_need_the_right_roles,
    roles_are_granted_by_admins
);

const OWNER_ONLY: &str = "only owners of team `payments` (or an admin)";

/// `root` makes the team, its owners and the sign-off roles.
async fn cast(app: &TestApp) {
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

async fn service(app: &TestApp, by: &str) -> String {
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
    let del = "mutation($id: ID!) { deleteSlo(id: $id, expectedVersion: 1) { id } }";
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

async fn reviews_need_the_right_roles(backend: Backend) {
    let app = behind_proxy(backend).await;
    cast(&app).await;
    let r = service(&app, "olivia").await;

    let answer = "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: PASS, evidence: \"CODEOWNERS\", expectedVersion: 0) { version } }";
    refused_by(
        &app,
        "sam",
        &[],
        answer,
        json!({"r": r}),
        "may answer its services' checklists",
    )
    .await;
    ok_by(&app, "olivia", &[], answer, json!({"r": r})).await;

    let waiver = "mutation($r: ID!, $e: DateTime!) { requestWaiver(input: {reviewId: $r, itemKey: \"ownership.design_doc\", reason: \"Runbook is being rewritten\", compensatingControl: \"On-call pairs with the author\", expiresAt: $e}) { id version } }";
    let expires = (Utc::now() + Duration::days(30)).to_rfc3339();
    refused_by(
        &app,
        "eve",
        &[],
        waiver,
        json!({"r": r, "e": expires}),
        "may request waivers",
    )
    .await;
    let w = ok_by(&app, "olivia", &[], waiver, json!({"r": r, "e": expires})).await["requestWaiver"]["id"].clone();
    let approve =
        "mutation($w: ID!) { approveWaiver(id: $w, expectedVersion: 1) { state approvedBy } }";
    refused_by(
        &app,
        "olivia",
        &[],
        approve,
        json!({"w": w}),
        "olivia requested this waiver and cannot decide it",
    )
    .await;
    refused_by(
        &app,
        "otto",
        &[],
        approve,
        json!({"w": w}),
        "only a reviewer",
    )
    .await;
    let approved = ok_by(&app, "sam", &[], approve, json!({"w": w})).await;
    assert_eq!(approved["approveWaiver"]["approvedBy"], "sam");

    let verify = "mutation { verifyService(slug: \"checkout\") { reviewId } }";
    refused_by(
        &app,
        "eve",
        &[],
        verify,
        json!({}),
        "may re-run its services' automated checks",
    )
    .await;

    let submit =
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }";
    let v = version(&app, &r).await;
    refused_by(
        &app,
        "sam",
        &[],
        submit,
        json!({"r": r, "v": v}),
        "may submit its services' reviews",
    )
    .await;
    ok_by(&app, "otto", &[], submit, json!({"r": r, "v": v})).await;

    let sign = "mutation($r: ID!, $role: String!, $v: Int!) { signOff(reviewId: $r, role: $role, decision: APPROVE, expectedVersion: $v) { signer } }";
    let v = version(&app, &r).await;
    refused_by(
        &app,
        "olivia",
        &[],
        sign,
        json!({"r": r, "role": "sre", "v": v}),
        "only the sre role may sign as sre",
    )
    .await;
    refused_by(
        &app,
        "sam",
        &[],
        sign,
        json!({"r": r, "role": "service_owner", "v": v}),
        "only owners of the service's team may sign as service_owner",
    )
    .await;
    refused_by(
        &app,
        "eve",
        &[],
        sign,
        json!({"r": r, "role": "security", "v": v}),
        "only the security role may sign as security",
    )
    .await;
    ok_by(
        &app,
        "olivia",
        &[],
        sign,
        json!({"r": r, "role": "service_owner", "v": v}),
    )
    .await;
    ok_by(
        &app,
        "sam",
        &[],
        sign,
        json!({"r": r, "role": "sre", "v": v}),
    )
    .await;
    // Holding a role through a group counts; holding two roles does not let one person sign both.
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"security\", subject: \"sam\") { id } }",
        json!({}),
    )
    .await;
    refused_by(
        &app,
        "sam",
        &[],
        sign,
        json!({"r": r, "role": "security", "v": v}),
        "one person cannot sign two roles",
    )
    .await;
    ok_by(
        &app,
        "vic",
        &["sec"],
        sign,
        json!({"r": r, "role": "security", "v": v}),
    )
    .await;

    let item = "mutation($r: ID!) { addActionItem(reviewId: $r, input: {title: \"Write the runbook\", owner: \"olivia\", dueDate: \"2027-01-15\"}) { id version } }";
    refused_by(
        &app,
        "eve",
        &[],
        item,
        json!({"r": r}),
        "may add action items",
    )
    .await;
    let a = ok_by(&app, "sam", &[], item, json!({"r": r})).await["addActionItem"]["id"].clone();
    let done =
        "mutation($a: ID!) { setActionItemDone(id: $a, done: true, expectedVersion: 1) { done } }";
    refused_by(
        &app,
        "eve",
        &[],
        done,
        json!({"a": a}),
        "the person it is assigned to",
    )
    .await;

    let decide = "mutation($r: ID!, $v: Int!) { decideReview(reviewId: $r, decision: REJECTED, notes: \"Not yet\", expectedVersion: $v) { state decidedBy } }";
    let v = version(&app, &r).await;
    let owner_reason = "a review is decided by someone holding a sign-off role other than service_owner, or by an admin";
    refused_by(
        &app,
        "olivia",
        &[],
        decide,
        json!({"r": r, "v": v}),
        owner_reason,
    )
    .await;
    let decided = ok_by(&app, "vic", &["sec"], decide, json!({"r": r, "v": v})).await;
    assert_eq!(decided["decideReview"]["decidedBy"], "vic");
    // The assignee completes their own action item.
    ok_by(&app, "olivia", &[], done, json!({"a": a})).await;
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

async fn version(app: &TestApp, review: &str) -> i64 {
    let data = ok_by(
        app,
        ROOT,
        &[],
        "query($r: ID!) { review(id: $r) { version } }",
        json!({"r": review}),
    )
    .await;
    data["review"]["version"].as_i64().unwrap()
}
