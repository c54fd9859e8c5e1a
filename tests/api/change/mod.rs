//! Judging a change: `evaluateChange` over the API and `orrery check` in a CI job, offline
//! and against a running server, on git repositories built for the test.

mod cli;

use crate::dual_test;
use crate::helpers::{TestApp, code, field};
use serde_json::{Value, json};

dual_test!(
    a_change_that_fixes_one_item_and_breaks_a_blocker_fails,
    the_policy_decides_the_conclusion,
    hostile_results_are_refused_with_the_field,
    a_monorepo_service_is_verified_inside_its_directory
);

pub(crate) const EVALUATE: &str = "query($s: String!, $b: ChangeSideInput!, $h: ChangeSideInput!) {
    evaluateChange(service: $s, base: $b, head: $h) {
        title conclusion conclusionReason policy baseCommit headCommit
        before { score gate { decision } } after { score gate { decision } }
        broken { key severity waived base { outcome } head { outcome path line summary } }
        fixed { key } preExisting { key }
        annotations { path line level title message }
        summaryMarkdown
    } }";

const BASE: &str = "1111111111111111111111111111111111111111";
const HEAD: &str = "2222222222222222222222222222222222222222";

/// Item key, outcome and the file and line the finding points at.
type Reported<'a> = (&'a str, &'a str, Option<(&'a str, u32)>);

fn side(commit: &str, results: &[Reported<'_>]) -> Value {
    let results: Vec<Value> = results
        .iter()
        .map(|(key, outcome, at)| {
            json!({
                "itemKey": key,
                "outcome": outcome,
                "summary": format!("{key} is {outcome}"),
                "path": at.map(|a| a.0),
                "line": at.map(|a| a.1),
            })
        })
        .collect();
    json!({"commit": commit, "results": results})
}

fn sides() -> (Value, Value) {
    let base = side(
        BASE,
        &[
            ("security.non_root", "PASS", Some(("Dockerfile", 2))),
            ("ownership.readme", "FAIL", None),
            ("incident_response.runbooks", "FAIL", None),
        ],
    );
    let head = side(
        HEAD,
        &[
            ("security.non_root", "FAIL", Some(("Dockerfile", 3))),
            ("ownership.readme", "PASS", Some(("README.md", 1))),
            ("incident_response.runbooks", "FAIL", None),
        ],
    );
    (base, head)
}

async fn a_change_that_fixes_one_item_and_breaks_a_blocker_fails(app: TestApp) {
    app.seed_team("pay").await;
    app.seed_service("pay-api", "pay", "TIER3").await;
    let (b, h) = sides();
    let data = app
        .ok(EVALUATE, json!({"s": "pay-api", "b": b, "h": h}))
        .await;
    let e = &data["evaluateChange"];
    assert_eq!(e["conclusion"], "FAILURE", "{e:#}");
    assert_eq!(e["policy"], "BLOCK_REGRESSIONS");
    assert_eq!(e["baseCommit"], BASE);
    let keys = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&e["broken"]), ["security.non_root"]);
    assert_eq!(keys(&e["fixed"]), ["ownership.readme"]);
    assert_eq!(keys(&e["preExisting"]), ["incident_response.runbooks"]);
    assert_eq!(e["broken"][0]["severity"], "BLOCKER");
    assert_eq!(e["broken"][0]["head"]["line"], 3);
    // Unanswered blockers keep both sides NO-GO; the score moves with the two items.
    let (before, after) = (
        e["before"]["score"].as_f64().unwrap(),
        e["after"]["score"].as_f64().unwrap(),
    );
    let title = e["title"].as_str().unwrap();
    assert!(title.starts_with("NO-GO · "), "{title}");
    assert!(
        title.contains(&format!("{before:.1} → {after:.1}")),
        "{title}"
    );
    assert_eq!(e["annotations"].as_array().unwrap().len(), 1);
    assert_eq!(e["annotations"][0]["path"], "Dockerfile");
    assert_eq!(e["annotations"][0]["line"], 3);
    assert_eq!(e["annotations"][0]["level"], "FAILURE");
    let md = e["summaryMarkdown"].as_str().unwrap();
    for section in [
        "### Broken by this change (1)",
        "### Fixed by this change (1)",
        "### Failing before this change (not caused by it) (1)",
        "| Gate | NO-GO | NO-GO |",
        "### What blocks launch at the head",
    ] {
        assert!(md.contains(section), "`{section}` missing from:\n{md}");
    }
    // Nothing was stored: the service's own scorecard has no automated answers.
    let card = app
        .ok(
            "{ service(slug: \"pay-api\") { currentReview { items { key outcome } } } }",
            json!({}),
        )
        .await;
    let answered = card["service"]["currentReview"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["outcome"] != "UNANSWERED")
        .count();
    assert_eq!(answered, 0);
}

async fn the_policy_decides_the_conclusion(app: TestApp) {
    app.seed_team("pay").await;
    app.seed_service("pay-api", "pay", "TIER3").await;
    let set = "mutation($p: PrCheckPolicy!) { updateService(slug: \"pay-api\", expectedVersion: 1, input: {prCheckPolicy: $p}) { prCheckPolicy version } }";
    let data = app.ok(set, json!({"p": "INFORMATIONAL"})).await;
    assert_eq!(data["updateService"]["prCheckPolicy"], "INFORMATIONAL");
    let (b, h) = sides();
    let e = app
        .ok(EVALUATE, json!({"s": "pay-api", "b": b, "h": h}))
        .await;
    assert_eq!(e["evaluateChange"]["conclusion"], "NEUTRAL");
    assert_eq!(e["evaluateChange"]["annotations"][0]["level"], "WARNING");

    // BLOCK_NO_GO fails on a NO-GO head even when the change breaks nothing.
    let set2 = "mutation { updateService(slug: \"pay-api\", expectedVersion: 2, input: {prCheckPolicy: BLOCK_NO_GO}) { prCheckPolicy } }";
    app.ok(set2, json!({})).await;
    let same = side(BASE, &[("ownership.readme", "PASS", None)]);
    let e = app
        .ok(EVALUATE, json!({"s": "pay-api", "b": same, "h": side(HEAD, &[("ownership.readme", "PASS", None)])}))
        .await;
    assert_eq!(e["evaluateChange"]["conclusion"], "FAILURE");
    assert!(
        e["evaluateChange"]["conclusionReason"]
            .as_str()
            .unwrap()
            .contains("NO-GO")
    );
}

async fn hostile_results_are_refused_with_the_field(app: TestApp) {
    app.seed_team("pay").await;
    app.seed_service("pay-api", "pay", "TIER3").await;
    let good = side(HEAD, &[]);
    let cases = [
        (
            side(BASE, &[("no.such_item", "PASS", None)]),
            "base.results[0].itemKey",
        ),
        // Branch protection is a setting of the repository, not of a commit.
        (
            side(BASE, &[("change_management.code_review", "PASS", None)]),
            "base.results[0].itemKey",
        ),
        (side("not-a-sha", &[]), "base.commit"),
        (
            side(
                BASE,
                &[("ownership.readme", "PASS", Some(("README.md", 0)))],
            ),
            "base.results[0].line",
        ),
        (
            side(
                BASE,
                &[
                    ("ownership.readme", "PASS", None),
                    ("ownership.readme", "FAIL", None),
                ],
            ),
            "base.results[1].itemKey",
        ),
    ];
    for (base, expected) in cases {
        let body = app
            .gql(EVALUATE, json!({"s": "pay-api", "b": base, "h": good}))
            .await;
        assert_eq!(code(&body), "VALIDATION", "{body:#}");
        assert_eq!(field(&body), expected, "{body:#}");
    }
    let body = app
        .gql(
            EVALUATE,
            json!({"s": "nope", "b": side(BASE, &[]), "h": good}),
        )
        .await;
    assert_eq!(code(&body), "NOT_FOUND");
}

async fn a_monorepo_service_is_verified_inside_its_directory(app: TestApp) {
    app.seed_team("pay").await;
    let monorepo = crate::helpers::fixture_repos();
    let create = "mutation($r: String!) { createService(input: {slug: \"pay-api\", name: \"Pay\",
        teamSlug: \"pay\", tier: TIER3, repository: $r, repositoryPath: \"./well-prepared/\"})
        { repositoryPath prCheckPolicy } }";
    let data = app
        .ok(create, json!({"r": monorepo.display().to_string()}))
        .await;
    assert_eq!(data["createService"]["repositoryPath"], "well-prepared");
    assert_eq!(data["createService"]["prCheckPolicy"], "BLOCK_REGRESSIONS");
    let verify = "mutation { verifyService(slug: \"pay-api\") { items { itemKey outcome path } } }";
    let data = app.ok(verify, json!({})).await;
    let items = data["verifyService"]["items"].as_array().unwrap();
    let readme = items
        .iter()
        .find(|i| i["itemKey"] == "ownership.readme")
        .unwrap();
    assert_eq!(readme["outcome"], "PASS", "{items:#?}");
    // Evidence names the file from the repository root.
    assert_eq!(readme["path"], "well-prepared/README.md");

    let bad = "mutation { updateService(slug: \"pay-api\", expectedVersion: 1,
        input: {repositoryPath: \"../neglected\"}) { slug } }";
    let body = app.gql(bad, json!({})).await;
    assert_eq!(code(&body), "VALIDATION");
    assert_eq!(field(&body), "input.repositoryPath");
}
