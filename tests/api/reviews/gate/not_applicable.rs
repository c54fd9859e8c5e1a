//! Not applicable needs a second pair of eyes: on a blocker (and on items the template
//! marks) it counts as unanswered until someone other than the answerer accepts it.

use super::{answer, card, codes, item, service_on_small_template};
use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::{Value, json};

dual_test!(
    not_applicable_on_a_blocker_needs_another_person,
    marked_non_blockers_need_acceptance_too,
    nothing_applicable_means_no_score
);

const ACCEPT: &str = "mutation($r: ID!, $k: String!, $c: String, $v: Int!) {
    acceptNotApplicable(reviewId: $r, itemKey: $k, comment: $c, expectedVersion: $v) {
      version naAcceptance naDecidedBy naComment } }";
const REJECT: &str = "mutation($r: ID!, $k: String!, $c: String!, $v: Int!) {
    rejectNotApplicable(reviewId: $r, itemKey: $k, comment: $c, expectedVersion: $v) {
      version naAcceptance naDecidedBy naComment } }";

async fn verdict(
    app: &TestApp,
    who: &str,
    accept: bool,
    review: &str,
    key: &str,
    c: &str,
) -> Value {
    let v = item(&card(app, review).await, key)["version"].clone();
    let q = if accept { ACCEPT } else { REJECT };
    app.gql_as(who, q, json!({"r": review, "k": key, "c": c, "v": v}))
        .await
}

async fn not_applicable_on_a_blocker_needs_another_person(app: TestApp) {
    let review = service_on_small_template(&app, "ledger").await;
    answer(&app, "alice", &review, "ops.runbook", "PASS").await;
    answer(&app, "alice", &review, "ops.pentest", "PASS").await;
    let a = answer(&app, "alice", &review, "ops.owner", "NOT_APPLICABLE").await;
    assert_eq!(a["naAcceptance"], "PENDING");

    // Open, scored as unanswered (5 of 10 in the denominator with no credit), NO_GO.
    let c = card(&app, &review).await;
    let owner = item(&c, "ops.owner");
    assert_eq!(owner["state"], "NOT_APPLICABLE_UNACCEPTED");
    assert_eq!(owner["open"], true);
    assert_eq!(owner["naRequiresAcceptance"], true);
    assert_eq!(
        owner["notApplicableClaim"],
        json!({"state": "PENDING", "claimedBy": "alice", "decidedBy": null, "comment": null})
    );
    assert_eq!(c["scorecard"]["score"], 50.0);
    assert_eq!(c["scorecard"]["gate"]["decision"], "NO_GO");
    let reason = &c["scorecard"]["gate"]["reasons"][0];
    assert_eq!(reason["code"], "NOT_APPLICABLE_UNACCEPTED");
    assert_eq!(reason["itemKey"], "ops.owner");
    assert_eq!(reason["blocking"], true);

    // The answerer cannot accept (nor reject) their own claim.
    let own = verdict(&app, "alice", true, &review, "ops.owner", "").await;
    assert_eq!(code(&own), "FORBIDDEN");
    assert!(
        own["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("the person who marked an item not applicable cannot accept it"),
        "{own:#}"
    );

    // Rejecting needs a comment; a rejection reopens the item with the comment shown.
    let bare = verdict(&app, "bob", false, &review, "ops.owner", " ").await;
    assert_eq!((code(&bare), field(&bare)), ("VALIDATION", "comment"));
    let rejected = verdict(
        &app,
        "bob",
        false,
        &review,
        "ops.owner",
        "We do page this team.",
    )
    .await;
    assert_eq!(
        rejected["data"]["rejectNotApplicable"]["naAcceptance"], "REJECTED",
        "{rejected:#}"
    );
    let c = card(&app, &review).await;
    let owner = item(&c, "ops.owner");
    assert_eq!(owner["state"], "NOT_APPLICABLE_UNACCEPTED");
    assert_eq!(
        owner["notApplicableClaim"],
        json!({"state": "REJECTED", "claimedBy": "alice", "decidedBy": "bob",
               "comment": "We do page this team."})
    );
    assert!(
        c["scorecard"]["gate"]["reasons"][0]["message"]
            .as_str()
            .unwrap()
            .contains("bob rejected")
    );
    let again = verdict(&app, "carol", true, &review, "ops.owner", "").await;
    assert_eq!(
        code(&again),
        "CONFLICT",
        "a rejected claim takes no verdict"
    );

    // The owner re-answers: a new, pending claim, which someone else accepts.
    let a = answer(&app, "alice", &review, "ops.owner", "NOT_APPLICABLE").await;
    assert_eq!(a["naAcceptance"], "PENDING");
    let accepted = verdict(&app, "bob", true, &review, "ops.owner", "").await;
    assert_eq!(
        accepted["data"]["acceptNotApplicable"],
        json!({"version": 4, "naAcceptance": "ACCEPTED", "naDecidedBy": "bob", "naComment": null}),
        "{accepted:#}"
    );
    let c = card(&app, &review).await;
    let owner = item(&c, "ops.owner");
    assert_eq!(owner["state"], "NOT_APPLICABLE");
    assert_eq!(owner["open"], false);
    assert_eq!(owner["notApplicableClaim"]["state"], "ACCEPTED");
    assert_eq!(c["scorecard"]["score"], 100.0);
    assert_eq!(c["scorecard"]["gate"]["decision"], "GO");

    // Any new answer resets the acceptance.
    let a = answer(&app, "alice", &review, "ops.owner", "PASS").await;
    assert_eq!(a["naAcceptance"], Value::Null);
    let c = card(&app, &review).await;
    assert_eq!(item(&c, "ops.owner")["notApplicableClaim"], Value::Null);

    let key = format!("{review}/ops.owner");
    assert_eq!(
        app.audit_actions("item_response", &key).await,
        [
            "item.respond",
            "item.na_accept",
            "item.respond",
            "item.na_reject",
            "item.respond"
        ]
    );
}

async fn marked_non_blockers_need_acceptance_too(app: TestApp) {
    let review = service_on_small_template(&app, "ledger").await;
    answer(&app, "alice", &review, "ops.owner", "PASS").await;
    answer(&app, "alice", &review, "ops.runbook", "NOT_APPLICABLE").await;
    answer(&app, "alice", &review, "ops.pentest", "NOT_APPLICABLE").await;

    // The minor item marked `na_requires_acceptance` stays open as a condition; the major
    // one without the mark leaves the score at once.
    let c = card(&app, &review).await;
    assert_eq!(item(&c, "ops.runbook")["state"], "NOT_APPLICABLE");
    assert_eq!(item(&c, "ops.runbook")["notApplicableClaim"], Value::Null);
    assert_eq!(
        item(&c, "ops.pentest")["state"],
        "NOT_APPLICABLE_UNACCEPTED"
    );
    assert_eq!(c["scorecard"]["score"], 100.0 * 5.0 / 7.0);
    assert_eq!(c["scorecard"]["gate"]["decision"], "GO_WITH_CONDITIONS");
    assert_eq!(codes(&c), ["NOT_APPLICABLE_UNACCEPTED"]);
    assert_eq!(c["scorecard"]["gate"]["reasons"][0]["blocking"], false);

    // An item that needs no acceptance has nothing to accept.
    let unneeded = verdict(&app, "bob", true, &review, "ops.runbook", "").await;
    assert_eq!(code(&unneeded), "CONFLICT");

    let ok = verdict(
        &app,
        "bob",
        true,
        &review,
        "ops.pentest",
        "Internal batch job.",
    )
    .await;
    assert!(ok.get("errors").is_none(), "{ok:#}");
    let c = card(&app, &review).await;
    assert_eq!(c["scorecard"]["gate"]["decision"], "GO");
    assert_eq!(c["scorecard"]["score"], 100.0);
}

async fn nothing_applicable_means_no_score(app: TestApp) {
    let review = service_on_small_template(&app, "ledger").await;
    for key in ["ops.owner", "ops.runbook", "ops.pentest"] {
        answer(&app, "alice", &review, key, "NOT_APPLICABLE").await;
    }
    for key in ["ops.owner", "ops.pentest"] {
        let ok = verdict(&app, "bob", true, &review, key, "").await;
        assert!(ok.get("errors").is_none(), "{ok:#}");
    }
    let c = card(&app, &review).await;
    assert_eq!(c["scorecard"]["score"], Value::Null);
    assert_eq!(c["scorecard"]["level"]["number"], 0);
    assert_eq!(c["scorecard"]["gate"]["decision"], "NO_GO");
    assert_eq!(codes(&c), ["NOTHING_ASSESSED"]);

    // The history records the missing score, and the portfolio still lists the service.
    let s = app
        .ok(
            "{ service(slug: \"ledger\") { scorecard { score } scoreHistory { score gate } } }",
            json!({}),
        )
        .await;
    let history = s["service"]["scoreHistory"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap(),
        &json!({"score": null, "gate": "NO_GO"})
    );
    let sorted = app
        .ok(
            "{ services(orderBy: SCORE_DESC) { edges { node { slug } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        sorted["services"]["edges"],
        json!([{"node": {"slug": "ledger"}}])
    );
}
