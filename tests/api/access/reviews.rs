//! Reviews by role, behind a trusted proxy: answers, waivers, sign-offs, decisions, action
//! items, overrides of a NO-GO and not-applicable verdicts (the cast is in `roles.rs`).

use super::roles::{cast, service};
use super::{ROOT, behind_proxy, gql_by, ok_by, refused_by};
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use chrono::{Duration, Utc};
use serde_json::json;

dual_backend_test!(
    reviews_need_the_right_roles,
    overrides_and_not_applicable_need_the_right_people
);

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

    // Allowed (nothing to check without a repository, but not refused).
    let ran = gql_by(&app, "sam", &[], verify, json!({})).await;
    assert_ne!(
        ran["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{ran:#}"
    );
    let reject = "mutation($w: ID!) { rejectWaiver(id: $w, expectedVersion: 2) { state } }";
    refused_by(
        &app,
        "olivia",
        &[],
        reject,
        json!({"w": w}),
        "cannot decide it",
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

async fn overrides_and_not_applicable_need_the_right_people(backend: Backend) {
    let app = behind_proxy(backend).await;
    cast(&app).await;
    // rita reviews as sre but owns the team: an insider.
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { assignSignOffRole(role: \"sre\", subject: \"rita\") { id } }",
        json!({}),
    )
    .await;
    ok_by(
        &app,
        ROOT,
        &[],
        "mutation { addTeamOwner(teamSlug: \"payments\", subject: \"rita\") }",
        json!({}),
    )
    .await;
    let data = ok_by(&app, "olivia", &[], "mutation { createService(input: {slug: \"batch\", name: \"Batch\", teamSlug: \"payments\", tier: TIER4}) { currentReview { id } } }", json!({})).await;
    let r = data["createService"]["currentReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A blocker marked not applicable needs another reviewer.
    let na = "mutation($r: ID!) { respondToItem(reviewId: $r, itemKey: \"ownership.owner\", outcome: NOT_APPLICABLE, note: \"Batch job with no users\", expectedVersion: 0) { version } }";
    ok_by(&app, "olivia", &[], na, json!({"r": r})).await;
    let accept = "mutation($r: ID!) { acceptNotApplicable(reviewId: $r, itemKey: \"ownership.owner\", comment: \"Agreed\", expectedVersion: 1) { naAcceptance naDecidedBy } }";
    let reject = "mutation($r: ID!) { rejectNotApplicable(reviewId: $r, itemKey: \"ownership.owner\", comment: \"We page them\", expectedVersion: 1) { naAcceptance } }";
    refused_by(
        &app,
        "olivia",
        &[],
        reject,
        json!({"r": r}),
        "the person who marked an item not applicable",
    )
    .await;
    refused_by(&app, "eve", &[], reject, json!({"r": r}), "only a reviewer").await;
    refused_by(
        &app,
        "olivia",
        &[],
        accept,
        json!({"r": r}),
        "the person who marked an item not applicable",
    )
    .await;
    refused_by(
        &app,
        "otto",
        &[],
        accept,
        json!({"r": r}),
        "only a reviewer",
    )
    .await;
    let accepted = ok_by(&app, "sam", &[], accept, json!({"r": r})).await;
    assert_eq!(
        accepted["acceptNotApplicable"],
        json!({"naAcceptance": "ACCEPTED", "naDecidedBy": "sam"})
    );

    // Still NO-GO (everything else unanswered): approving needs an override, from an admin
    // or a reviewer outside the owning team.
    let v = version(&app, &r).await;
    ok_by(
        &app,
        "olivia",
        &[],
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }",
        json!({"r": r, "v": v}),
    )
    .await;
    let approve = "mutation($r: ID!, $v: Int!, $o: OverrideInput) { decideReview(reviewId: $r, decision: APPROVED, expectedVersion: $v, override: $o) { state approvedOverNoGo overrideReason decidedBy } }";
    let v = version(&app, &r).await;
    let bare = gql_by(&app, "sam", &[], approve, json!({"r": r, "v": v})).await;
    assert_eq!(
        bare["errors"][0]["extensions"]["code"], "CONFLICT",
        "{bare:#}"
    );
    assert_eq!(bare["errors"][0]["extensions"]["reason"], "GATE_NO_GO");
    let over = json!({"reason": "Launch is behind a feature flag for one internal user only."});
    refused_by(
        &app,
        "rita",
        &[],
        approve,
        json!({"r": r, "v": v, "o": over}),
        "outside the owning team `payments`",
    )
    .await;
    refused_by(
        &app,
        "otto",
        &[],
        approve,
        json!({"r": r, "v": v, "o": over}),
        "other than service_owner",
    )
    .await;
    let approved = ok_by(
        &app,
        "sam",
        &[],
        approve,
        json!({"r": r, "v": v, "o": over}),
    )
    .await;
    assert_eq!(approved["decideReview"]["approvedOverNoGo"], true);
    assert_eq!(approved["decideReview"]["decidedBy"], "sam");
}
