//! A new review starts from the previous one's answers, marked carried over until
//! reconfirmed: outcomes, evidence, notes, who and when (so freshness runs from the original
//! answer), N/A verdicts; items the new template no longer has are left behind.

use crate::dual_test;
use crate::helpers::TestApp;
use serde_json::{Value, json};

dual_test!(answers_carry_into_the_next_review);

const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!, $n: String, $e: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, evidence: $e, expectedVersion: $v) { version } }";
const ITEMS: &str = "query($r: ID!) { review(id: $r) { progress { answered }
    items { key response { outcome evidence note respondedBy respondedAt source carriedFromReview version } } } }";

async fn answered(app: &TestApp, review: &str) -> (Value, Vec<Value>) {
    let v = app.ok(ITEMS, json!({"r": review})).await["review"].clone();
    let items = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["response"].is_null())
        .cloned()
        .collect();
    (v["progress"]["answered"].clone(), items)
}

async fn answers_carry_into_the_next_review(app: TestApp) {
    app.seed_team("payments").await;
    let first = app.seed_service("checkout", "payments", "TIER2").await;
    let evidence = "https://github.com/acme/checkout/blob/main/CODEOWNERS";
    for (key, outcome, note, ev) in [
        ("ownership.owner", "PASS", None, Some(evidence)),
        (
            "ownership.dependencies",
            "FAIL",
            Some("the list is missing timeouts"),
            None,
        ),
    ] {
        app.ok_as(
            "alice",
            ANSWER,
            json!({"r": first, "k": key, "o": outcome, "v": 0, "n": note, "e": ev}),
        )
        .await;
    }
    let (_, before) = answered(&app, &first).await;
    assert_eq!(before.len(), 2);

    // The first review is decided; a new one starts from its answers.
    let submit = "mutation($r: ID!) { submitReview(reviewId: $r, expectedVersion: 3) { version } }";
    app.ok(submit, json!({"r": first})).await;
    let reject = "mutation($r: ID!) { decideReview(reviewId: $r, decision: REJECTED, notes: \"not yet\", expectedVersion: 4) { state } }";
    assert_eq!(
        app.ok_as("dave", reject, json!({"r": first})).await["decideReview"]["state"],
        "REJECTED"
    );
    let start = "mutation { startReview(serviceSlug: \"checkout\") { id } }";
    let second = app.ok(start, json!({})).await["startReview"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (count, after) = answered(&app, &second).await;
    assert_eq!(count, 2, "carried answers count as answered");
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old["key"], new["key"]);
        let (o, n) = (&old["response"], &new["response"]);
        for f in [
            "outcome",
            "evidence",
            "note",
            "respondedBy",
            "respondedAt",
            "source",
        ] {
            assert_eq!(o[f], n[f], "{f} of {} carried as it was", old["key"]);
        }
        assert_eq!(n["carriedFromReview"], json!(first));
        assert_eq!(n["version"], 1);
        assert!(o["carriedFromReview"].is_null());
    }
    assert_eq!(
        app.audit_actions("review", &second).await,
        ["review.carry_over", "review.start"]
    );

    // Answering again reconfirms: the mark goes, the rest is the new answer.
    let re = app
        .ok_as(
            "bob",
            ANSWER,
            json!({"r": second, "k": "ownership.owner", "o": "PASS", "v": 1, "e": evidence}),
        )
        .await;
    assert_eq!(re["respondToItem"]["version"], 2);
    let (_, now) = answered(&app, &second).await;
    let owner = now.iter().find(|i| i["key"] == "ownership.owner").unwrap();
    assert!(owner["response"]["carriedFromReview"].is_null(), "{owner}");
    assert_eq!(owner["response"]["respondedBy"], "bob");
    let deps = now
        .iter()
        .find(|i| i["key"] == "ownership.dependencies")
        .unwrap();
    assert_eq!(deps["response"]["carriedFromReview"], json!(first));

    // The first review's own answers are untouched.
    let (_, old) = answered(&app, &first).await;
    assert_eq!(old, before);
}
