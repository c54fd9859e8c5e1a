//! Reviews from start to decision: answers, waivers, sign-offs, state rules, audit.

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

dual_test!(review_from_draft_to_approved, answer_rules, waiver_rules);

const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!, $n: String, $e: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, evidence: $e, expectedVersion: $v) { itemKey outcome source version respondedBy } }";
const REVIEW: &str =
    "query($r: ID!) { review(id: $r) { state version decision decidedBy requiredSignOffRoles
    signOffs { role signer decision reviewVersion } progress { total answered } } }";
const SIGN: &str = "mutation($r: ID!, $role: String!, $v: Int!, $d: SignOffDecision! = APPROVE, $c: String) {
    signOff(reviewId: $r, role: $role, decision: $d, comment: $c, expectedVersion: $v) { id role signer reviewVersion } }";
const DECIDE: &str = "mutation($r: ID!, $d: ReviewDecision!, $v: Int!) {
    decideReview(reviewId: $r, decision: $d, notes: \"launch review 2026-11-23\", expectedVersion: $v,
        override: {reason: \"Launch agreed in the meeting; the open items are tracked as follow-ups.\"}) { state decision decidedBy version } }";

async fn review(app: &TestApp, id: &str) -> Value {
    app.ok(REVIEW, json!({"r": id})).await["review"].clone()
}

async fn review_from_draft_to_approved(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER1").await;
    let start = "mutation { startReview(serviceSlug: \"checkout\", templateKey: \"orr-standard\") { id state } }";
    assert_eq!(code(&app.gql(start, json!({})).await), "CONFLICT");

    let a = app.ok(ANSWER, json!({"r": r, "k": "ownership.owner", "o": "PASS", "v": 0, "e": "https://github.com/acme/checkout/blob/main/CODEOWNERS"})).await;
    assert_eq!(
        a["respondToItem"],
        json!({"itemKey": "ownership.owner", "outcome": "PASS", "source": "MANUAL", "version": 1, "respondedBy": "alice"})
    );
    let v = review(&app, &r).await;
    assert_eq!(v["state"], "DRAFT");
    assert_eq!(v["version"], 2, "answering bumps the review version");
    assert_eq!(v["progress"]["answered"], 1);
    assert_eq!(
        v["requiredSignOffRoles"],
        json!(["service_owner", "sre", "security"])
    );

    assert_eq!(
        code(&app.gql(SIGN, json!({"r": r, "role": "sre", "v": 2})).await),
        "CONFLICT",
        "no sign-offs on drafts"
    );
    let submit = "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state version submittedAt } }";
    assert_eq!(
        code(&app.gql(submit, json!({"r": r, "v": 1})).await),
        "CONFLICT",
        "stale submit"
    );
    let s = app.ok(submit, json!({"r": r, "v": 2})).await;
    assert_eq!(s["submitReview"]["state"], "IN_REVIEW");
    assert_eq!(
        code(&app.gql(submit, json!({"r": r, "v": 3})).await),
        "CONFLICT",
        "already submitted"
    );

    let early = app
        .gql(DECIDE, json!({"r": r, "d": "APPROVED", "v": 3}))
        .await;
    assert_eq!(code(&early), "CONFLICT");
    assert!(
        early["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("sre"),
        "{early:#}"
    );

    let bad_role = app.gql(SIGN, json!({"r": r, "role": "ceo", "v": 3})).await;
    assert_eq!((code(&bad_role), field(&bad_role)), ("VALIDATION", "role"));
    assert_eq!(
        code(&app.gql(SIGN, json!({"r": r, "role": "sre", "v": 2})).await),
        "CONFLICT",
        "stale review version"
    );
    let reject_without_reason = app
        .gql(SIGN, json!({"r": r, "role": "sre", "v": 3, "d": "REJECT"}))
        .await;
    assert_eq!(field(&reject_without_reason), "comment");
    for (who, role) in [
        ("alice", "service_owner"),
        ("bob", "sre"),
        ("carol", "security"),
    ] {
        let signed = app
            .ok_as(who, SIGN, json!({"r": r, "role": role, "v": 3}))
            .await["signOff"]
            .clone();
        assert_eq!(signed["role"], role);
        assert_eq!(signed["signer"], who);
        assert_eq!(signed["reviewVersion"], 3);
        let id = signed["id"].as_str().unwrap();
        assert_eq!(app.audit_actions("sign_off", id).await, ["review.sign_off"]);
    }
    assert_eq!(
        code(&app.gql(SIGN, json!({"r": r, "role": "sre", "v": 3})).await),
        "CONFLICT",
        "role already signed"
    );

    let decided = app
        .ok_as("dave", DECIDE, json!({"r": r, "d": "APPROVED", "v": 3}))
        .await;
    assert_eq!(
        decided["decideReview"],
        json!({"state": "APPROVED", "decision": "APPROVED", "decidedBy": "dave", "version": 4})
    );
    let closed = app
        .gql(
            ANSWER,
            json!({"r": r, "k": "ownership.owner", "o": "FAIL", "v": 1}),
        )
        .await;
    assert_eq!(code(&closed), "CONFLICT");

    // A re-review starts a new draft, which becomes the current review.
    let next = app.ok(start, json!({})).await["startReview"].clone();
    assert_eq!(next["state"], "DRAFT");
    let svc = app
        .ok(
            "{ service(slug: \"checkout\") { currentReview { id } reviews { state } } }",
            json!({}),
        )
        .await;
    assert_eq!(svc["service"]["currentReview"]["id"], next["id"]);
    assert_eq!(
        svc["service"]["reviews"],
        json!([{"state": "DRAFT"}, {"state": "APPROVED"}])
    );

    assert_eq!(
        app.audit_actions("review", &r).await,
        ["review.decide", "review.submit", "review.start"],
    );
    assert_eq!(
        app.audit_actions("item_response", &format!("{r}/ownership.owner"))
            .await,
        ["item.respond"]
    );
}

async fn answer_rules(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER3").await;
    let na = app
        .gql(
            ANSWER,
            json!({"r": r, "k": "data_recovery.backups", "o": "NOT_APPLICABLE", "v": 0}),
        )
        .await;
    assert_eq!((code(&na), field(&na)), ("VALIDATION", "note"));
    app.ok(ANSWER, json!({"r": r, "k": "data_recovery.backups", "o": "NOT_APPLICABLE", "v": 0, "n": "stateless: no data of its own"})).await;
    let err = app
        .gql(
            ANSWER,
            json!({"r": r, "k": "ownership.owner", "o": "ERROR", "v": 0}),
        )
        .await;
    assert_eq!((code(&err), field(&err)), ("VALIDATION", "outcome"));
    let unknown = app
        .gql(
            ANSWER,
            json!({"r": r, "k": "ownership.nonexistent", "o": "PASS", "v": 0}),
        )
        .await;
    assert_eq!((code(&unknown), field(&unknown)), ("VALIDATION", "itemKey"));
    let malformed = app
        .gql(
            ANSWER,
            json!({"r": r, "k": "NOT A KEY", "o": "PASS", "v": 0}),
        )
        .await;
    assert_eq!(field(&malformed), "itemKey");
    // observability.slos applies to tier1 and tier2 only.
    let tier = app
        .gql(
            ANSWER,
            json!({"r": r, "k": "observability.slos", "o": "PASS", "v": 0}),
        )
        .await;
    assert_eq!(code(&tier), "VALIDATION");
    assert!(
        tier["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("tier3")
    );
    assert_eq!(
        code(
            &app.gql(
                ANSWER,
                json!({"r": "999999", "k": "ownership.owner", "o": "PASS", "v": 0})
            )
            .await
        ),
        "NOT_FOUND"
    );
    assert_eq!(
        code(
            &app.gql(
                ANSWER,
                json!({"r": r, "k": "ownership.owner", "o": "PASS", "v": 3})
            )
            .await
        ),
        "CONFLICT"
    );
    assert_eq!(
        code(
            &app.gql("{ review(id: \"424242\") { id } }", json!({}))
                .await
        ),
        "NOT_FOUND"
    );
    let items = app
        .ok(
            "query($r: ID!) { review(id: $r) { items { key } } }",
            json!({"r": r}),
        )
        .await;
    assert!(
        items["review"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["key"] != "observability.slos")
    );
    // Withdrawing an answer is an answer too.
    let back = app
        .ok(
            ANSWER,
            json!({"r": r, "k": "data_recovery.backups", "o": "UNANSWERED", "v": 1}),
        )
        .await;
    assert_eq!(back["respondToItem"]["version"], 2);
}

const REQUEST: &str = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id state version requestedBy expiresAt inForce } }";

async fn waiver_rules(app: TestApp) {
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER2").await;
    let expires = (Utc::now() + Duration::days(30)).to_rfc3339();
    let input = json!({"reviewId": r, "itemKey": "change_management.ci", "reason": "CI migration in progress",
        "compensatingControl": "manual test run before each deploy", "expiresAt": expires});
    let w = app.ok(REQUEST, json!({"i": input})).await["requestWaiver"].clone();
    assert_eq!(
        (
            w["state"].clone(),
            w["requestedBy"].clone(),
            w["inForce"].clone()
        ),
        (json!("REQUESTED"), json!("alice"), json!(false))
    );
    assert_eq!(
        code(&app.gql(REQUEST, json!({"i": input})).await),
        "CONFLICT",
        "one open waiver per item"
    );

    let mut past = input.clone();
    past["itemKey"] = json!("ownership.owner");
    past["expiresAt"] = json!((Utc::now() - Duration::hours(1)).to_rfc3339());
    let body = app.gql(REQUEST, json!({"i": past})).await;
    assert_eq!(
        (code(&body), field(&body)),
        ("VALIDATION", "input.expiresAt")
    );
    let mut no_reason = input.clone();
    no_reason["itemKey"] = json!("ownership.owner");
    no_reason["reason"] = json!(" ");
    assert_eq!(
        field(&app.gql(REQUEST, json!({"i": no_reason})).await),
        "input.reason"
    );

    let approve = "mutation($id: ID!, $v: Int!) { approveWaiver(id: $id, expectedVersion: $v) { state approvedBy inForce version } }";
    let own = app.gql(approve, json!({"id": w["id"], "v": 1})).await;
    assert_eq!(code(&own), "FORBIDDEN", "requester cannot approve: {own:#}");
    assert_eq!(
        code(
            &app.gql_as("bob", approve, json!({"id": w["id"], "v": 9}))
                .await
        ),
        "CONFLICT"
    );
    let ok = app
        .ok_as("bob", approve, json!({"id": w["id"], "v": 1}))
        .await;
    assert_eq!(
        ok["approveWaiver"],
        json!({"state": "APPROVED", "approvedBy": "bob", "inForce": true, "version": 2})
    );
    assert_eq!(
        code(
            &app.gql_as("carol", approve, json!({"id": w["id"], "v": 2}))
                .await
        ),
        "CONFLICT",
        "already decided"
    );

    let items = app
        .ok("query($r: ID!) { review(id: $r) { items(filter: {category: \"change_management\"}) { key outcome waived waiver { approvedBy } } waivers { state } } }", json!({"r": r}))
        .await;
    let ci = items["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "change_management.ci")
        .unwrap()
        .clone();
    assert_eq!(
        ci,
        json!({"key": "change_management.ci", "outcome": "UNANSWERED", "waived": true, "waiver": {"approvedBy": "bob"}})
    );
    let id = w["id"].as_str().unwrap();
    assert_eq!(
        app.audit_actions("waiver", id).await,
        ["waiver.approve", "waiver.request"]
    );

    let other = app.ok(REQUEST, json!({"i": {"reviewId": r, "itemKey": "ownership.owner", "reason": "r", "compensatingControl": "c", "expiresAt": expires}})).await;
    let reject = "mutation($id: ID!) { rejectWaiver(id: $id, expectedVersion: 1) { state } }";
    assert_eq!(
        app.ok_as("bob", reject, json!({"id": other["requestWaiver"]["id"]}))
            .await["rejectWaiver"]["state"],
        "REJECTED"
    );
}
