//! Readiness through GraphQL only: from an empty review to GO, the history it leaves, the
//! portfolio views, the what-if of a template change and the pipeline gate.

use crate::dual_test;
use crate::helpers::TestApp;
use serde_json::{Value, json};

dual_test!(review_from_empty_to_go, dependency_and_template_impact);

const CARD: &str = "query($s: String!) { service(slug: $s) { currentReview { id version items { key severity level } }
    scorecard { score level { number name } nextLevel { number name missingItems } nextSteps
      gate { decision reasons { code message itemKey entity blocking } }
      categories { key score passed failed waived notApplicable unanswered } } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $n: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, expectedVersion: 0) { version } }";

async fn card(app: &TestApp, slug: &str) -> Value {
    app.ok(CARD, json!({"s": slug})).await["service"].clone()
}

fn codes(card: &Value) -> Vec<String> {
    let mut c: Vec<String> = card["scorecard"]["gate"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect();
    c.dedup();
    c
}

async fn answer_all(app: &TestApp, review: &str, items: &[Value], pick: impl Fn(&Value) -> bool) {
    for item in items.iter().filter(|i| pick(i)) {
        let key = item["key"].as_str().unwrap();
        let (outcome, note) = if key.starts_with("data_recovery.") {
            (
                "NOT_APPLICABLE",
                Some("stateless service: it keeps no data of its own"),
            )
        } else {
            ("PASS", None)
        };
        app.ok(
            ANSWER,
            json!({"r": review, "k": key, "o": outcome, "n": note}),
        )
        .await;
    }
    // Not applicable on a blocker counts once someone else accepts it.
    crate::helpers::accept_pending_not_applicable(app, review).await;
}

async fn review_from_empty_to_go(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;

    // Empty: nothing met.
    let c = card(&app, "checkout").await;
    let review = c["currentReview"]["id"].as_str().unwrap().to_owned();
    let items = c["currentReview"]["items"].as_array().unwrap().clone();
    assert_eq!(c["scorecard"]["score"], 0.0);
    assert_eq!(
        c["scorecard"]["level"],
        json!({"number": 0, "name": "None"})
    );
    assert_eq!(c["scorecard"]["nextLevel"]["name"], "Bronze");
    assert_eq!(c["scorecard"]["gate"]["decision"], "NO_GO");
    let reasons = codes(&c);
    for expected in [
        "BLOCKER_FAILING",
        "BELOW_TIER_THRESHOLD",
        "SIGNOFF_MISSING",
        "NO_SLO",
    ] {
        assert!(
            reasons.contains(&expected.to_owned()),
            "{expected} in {reasons:?}"
        );
    }
    assert!(!c["scorecard"]["nextSteps"].as_array().unwrap().is_empty());

    // An SLO removes NO_SLO.
    app.ok(
        "mutation { defineSlo(serviceSlug: \"checkout\", input: {name: \"availability\", sliKind: RATIO, goodQuery: \"g\", totalQuery: \"t\", objectivePercent: 99.9}) { id } }",
        json!({}),
    )
    .await;
    assert!(!codes(&card(&app, "checkout").await).contains(&"NO_SLO".to_owned()));

    // Level 1 items met: Bronze; blockers may remain at higher levels.
    answer_all(&app, &review, &items, |i| i["level"] == 1).await;
    let c = card(&app, "checkout").await;
    assert_eq!(
        c["scorecard"]["level"],
        json!({"number": 1, "name": "Bronze"})
    );
    let level1_score = c["scorecard"]["score"].as_f64().unwrap();
    assert!(level1_score > 0.0 && level1_score < 100.0);
    assert_eq!(c["scorecard"]["gate"]["decision"], "NO_GO");
    assert_eq!(c["scorecard"]["nextLevel"]["name"], "Silver");

    // Everything met: score 100 and the top level; only the sign-offs stand in the way.
    answer_all(&app, &review, &items, |i| i["level"] != 1).await;
    let c = card(&app, "checkout").await;
    assert_eq!(c["scorecard"]["score"], 100.0);
    assert_eq!(
        c["scorecard"]["level"],
        json!({"number": 3, "name": "Gold"})
    );
    assert_eq!(c["scorecard"]["nextLevel"], Value::Null);
    assert_eq!(codes(&c), ["SIGNOFF_MISSING"]);
    let dr = c["scorecard"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "data_recovery")
        .unwrap()
        .clone();
    assert_eq!(dr["score"], Value::Null, "all N/A leaves the denominator");
    assert!(dr["notApplicable"].as_i64().unwrap() > 0);

    // Submit and sign off: GO.
    let version = card(&app, "checkout").await["currentReview"]["version"]
        .as_i64()
        .unwrap();
    app.ok(
        "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { state } }",
        json!({"r": review, "v": version}),
    )
    .await;
    let sign = "mutation($r: ID!, $role: String!, $v: Int!) { signOff(reviewId: $r, role: $role, decision: APPROVE, expectedVersion: $v) { id } }";
    app.ok_as(
        "olivia",
        sign,
        json!({"r": review, "role": "service_owner", "v": version + 1}),
    )
    .await;
    let c = card(&app, "checkout").await;
    assert_eq!(c["scorecard"]["gate"]["decision"], "NO_GO");
    app.ok_as(
        "sam",
        sign,
        json!({"r": review, "role": "sre", "v": version + 1}),
    )
    .await;
    let c = card(&app, "checkout").await;
    assert_eq!(
        c["scorecard"]["gate"],
        json!({"decision": "GO", "reasons": []})
    );
    let review_card = app
        .ok(
            "query($r: ID!) { review(id: $r) { scorecard { gate { decision } } } }",
            json!({"r": review}),
        )
        .await;
    assert_eq!(review_card["review"]["scorecard"]["gate"]["decision"], "GO");

    // History: one snapshot per change of score, level or gate, oldest first, ending at GO.
    let h = app
        .ok(
            "{ service(slug: \"checkout\") { scoreHistory { score level gate } } }",
            json!({}),
        )
        .await;
    let history = h["service"]["scoreHistory"].as_array().unwrap();
    assert!(history.len() >= 4, "{history:?}");
    assert_eq!(history.first().unwrap()["score"], 0.0);
    assert_eq!(
        history.last().unwrap(),
        &json!({"score": 100.0, "level": 3, "gate": "GO"})
    );
    for pair in history.windows(2) {
        assert_ne!(
            pair[0], pair[1],
            "a snapshot is written only when something changed"
        );
    }

    // Portfolio views read the latest snapshot.
    app.seed_service("ledger", "payments", "TIER3").await;
    let list = "query($o: ServiceOrder, $f: ServiceFilter) { services(orderBy: $o, filter: $f) { edges { cursor node { slug scorecard { score } } } } }";
    let slugs = |v: &Value| -> Vec<String> {
        v["services"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        slugs(&app.ok(list, json!({"o": "SCORE_DESC"})).await),
        ["checkout", "ledger"]
    );
    assert_eq!(
        slugs(&app.ok(list, json!({"o": "SCORE_ASC"})).await),
        ["ledger", "checkout"]
    );
    assert_eq!(
        slugs(&app.ok(list, json!({"f": {"gate": "GO"}})).await),
        ["checkout"]
    );
    assert_eq!(
        slugs(&app.ok(list, json!({"f": {"minLevel": 1}})).await),
        ["checkout"]
    );
    assert_eq!(
        slugs(
            &app.ok(list, json!({"o": "GATE", "f": {"maxScore": 50.0}}))
                .await
        ),
        ["ledger"]
    );
    let page = app.ok("{ services(orderBy: SCORE_DESC, first: 1) { edges { cursor } pageInfo { hasNextPage } } }", json!({})).await;
    let cursor = page["services"]["edges"][0]["cursor"].clone();
    let next = app.ok("query($a: String) { services(orderBy: SCORE_DESC, first: 1, after: $a) { edges { node { slug } } } }", json!({"a": cursor})).await;
    assert_eq!(next["services"]["edges"][0]["node"]["slug"], "ledger");

    // The pipeline gate, asking the server.
    let gate = |slug: &str, strict: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_orrery"));
        cmd.args(["gate", "--service", slug, "--server", &app.base]);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let go = gate("checkout", false);
    assert_eq!(
        go.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&go.stdout)
    );
    assert!(String::from_utf8_lossy(&go.stdout).starts_with("checkout: GO (score 100.0"));
    let no_go = gate("ledger", false);
    assert_eq!(no_go.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_go.stdout).contains("BLOCKER_FAILING"));
    assert_eq!(gate("ghost", false).status.code(), Some(2));
    // ... and reading the database directly.
    let direct = std::process::Command::new(env!("CARGO_BIN_EXE_orrery"))
        .args([
            "gate",
            "--service",
            "checkout",
            "--database-url",
            &app.database_url,
        ])
        .output()
        .unwrap();
    assert_eq!(
        direct.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&direct.stderr)
    );
    assert!(String::from_utf8_lossy(&direct.stdout).starts_with("checkout: GO (score 100.0"));
}

async fn dependency_and_template_impact(app: TestApp) {
    app.seed_team("payments").await;
    let review = app.seed_service("checkout", "payments", "TIER4").await;
    app.seed_service("ledger", "payments", "TIER4").await;
    let c = card(&app, "checkout").await;
    let items = c["currentReview"]["items"].as_array().unwrap().clone();
    answer_all(&app, &review, &items, |_| true).await;
    assert_eq!(
        card(&app, "checkout").await["scorecard"]["gate"]["decision"],
        "GO"
    );

    // A hard dependency on a NO_GO service is a condition, not a blocker.
    app.ok("mutation { addDependency(input: {serviceSlug: \"checkout\", targetServiceSlug: \"ledger\", kind: HARD}) { id } }", json!({})).await;
    let c = card(&app, "checkout").await;
    assert_eq!(c["scorecard"]["gate"]["decision"], "GO_WITH_CONDITIONS");
    let reason = &c["scorecard"]["gate"]["reasons"][0];
    assert_eq!(
        (
            reason["code"].clone(),
            reason["entity"].clone(),
            reason["blocking"].clone()
        ),
        (json!("DEPENDENCY_NOT_READY"), json!("ledger"), json!(false))
    );

    // What-if: a new blocker would demote checkout (ledger is NO_GO either way).
    let yaml = std::fs::read_to_string(app.checklists.join("orr-standard.yaml")).unwrap();
    let anchor = "      - key: ownership.owner";
    let new_item = "      - key: ownership.chaos_certified\n        title: Chaos certification is current\n        guidance: >\n          A new rule. Good evidence: a certificate.\n        severity: blocker\n        weight: 10\n        level: 1\n";
    let proposed = yaml.replacen(anchor, &format!("{new_item}{anchor}"), 1);
    let impact = "query($y: String!) { templateImpact(templateKey: \"orr-standard\", yaml: $y) {
        evaluated levelChanges gateChanges services { service { slug } levelChanges gateChanges before { gate { decision } } after { gate { decision } level { number } } } } }";
    let r = app.ok(impact, json!({"y": proposed})).await["templateImpact"].clone();
    assert_eq!(r["evaluated"], 2);
    assert_eq!(r["gateChanges"], 1);
    assert_eq!(r["levelChanges"], 1);
    assert_eq!(r["services"][0]["service"]["slug"], "checkout");
    assert_eq!(
        r["services"][0]["before"]["gate"]["decision"],
        "GO_WITH_CONDITIONS"
    );
    assert_eq!(r["services"][0]["after"]["gate"]["decision"], "NO_GO");
    assert_eq!(r["services"][0]["after"]["level"]["number"], 0);
    // Nothing was applied.
    assert_eq!(
        card(&app, "checkout").await["scorecard"]["gate"]["decision"],
        "GO_WITH_CONDITIONS"
    );
    let bad = app.gql(impact, json!({"y": "key: [broken"})).await;
    assert_eq!(crate::helpers::code(&bad), "VALIDATION");
    assert_eq!(crate::helpers::field(&bad), "yaml");
}
