//! Checklist templates: reload, rejection with file/line/column, versioning and pinning.

use crate::dual_test;
use crate::helpers::TestApp;
use serde_json::{Value, json};

dual_test!(
    bad_template_keeps_last_good_version,
    changed_template_becomes_new_version
);

const RELOAD: &str = "mutation { reloadChecklists { loaded { key version created } problems { file line column rule message pointer } } }";

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in template")
        + 1
}

async fn bad_template_keeps_last_good_version(app: TestApp) {
    let path = app.checklists.join("orr-standard.yaml");
    let good = std::fs::read_to_string(&path).unwrap();

    // A schema violation: an unknown severity.
    let bad = good.replacen("severity: blocker", "severity: critical", 1);
    let line = line_of(&bad, "severity: critical");
    std::fs::write(&path, &bad).unwrap();
    let report = app.ok(RELOAD, json!({})).await["reloadChecklists"].clone();
    assert_eq!(report["loaded"], json!([]));
    let p = &report["problems"][0];
    assert!(
        p["file"].as_str().unwrap().ends_with("orr-standard.yaml"),
        "{p:#}"
    );
    assert_eq!(p["line"], line, "{p:#}");
    assert_eq!(p["column"], 19, "column of the value: {p:#}");
    assert_eq!(p["rule"], "enum");
    assert!(p["pointer"].as_str().unwrap().ends_with("/severity"));

    // A YAML syntax error.
    let broken = good.replacen("levels:", "levels: [unclosed", 1);
    std::fs::write(&path, &broken).unwrap();
    let report = app.ok(RELOAD, json!({})).await["reloadChecklists"].clone();
    let p = &report["problems"][0];
    assert_eq!(p["rule"], "yaml");
    assert!(
        p["line"].as_i64().unwrap() >= line_of(&broken, "levels: [unclosed") as i64,
        "{p:#}"
    );
    assert!(p["column"].is_number());

    // A semantic error: an item key outside its category.
    let moved = good.replacen("key: ownership.owner", "key: security.owner-moved", 1);
    std::fs::write(&path, &moved).unwrap();
    let report = app.ok(RELOAD, json!({})).await["reloadChecklists"].clone();
    let p = &report["problems"][0];
    assert_eq!(p["rule"], "item-key-prefix");
    assert_eq!(p["line"], line_of(&moved, "security.owner-moved"));

    // The last good version is still in force and still used.
    let t = app.ok("{ checklistTemplate(key: \"orr-standard\") { version } checklistTemplates { key version } }", json!({})).await;
    assert_eq!(t["checklistTemplate"]["version"], 1);
    assert_eq!(
        t["checklistTemplates"],
        json!([{"key": "orr-standard", "version": 1}])
    );
    app.seed_team("payments").await;
    let r = app.seed_service("checkout", "payments", "TIER2").await;
    let pinned = app
        .ok(
            "query($r: ID!) { review(id: $r) { template { version } } }",
            json!({"r": r}),
        )
        .await;
    assert_eq!(pinned["review"]["template"]["version"], 1);
}

async fn changed_template_becomes_new_version(app: TestApp) {
    app.seed_team("payments").await;
    let old_review = app.seed_service("checkout", "payments", "TIER2").await;
    let unchanged = app.ok(RELOAD, json!({})).await["reloadChecklists"].clone();
    assert_eq!(
        unchanged["loaded"],
        json!([{"key": "orr-standard", "version": 1, "created": false}])
    );

    // Comments and formatting do not make a new version; content does.
    let path = app.checklists.join("orr-standard.yaml");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("# a comment\n{good}")).unwrap();
    let same = app.ok(RELOAD, json!({})).await["reloadChecklists"].clone();
    assert_eq!(same["loaded"][0]["created"], false);

    let changed = good.replacen("weight: 10", "weight: 9", 1);
    std::fs::write(&path, changed).unwrap();
    let report = app.ok(RELOAD, json!({})).await["reloadChecklists"].clone();
    assert_eq!(
        report["loaded"],
        json!([{"key": "orr-standard", "version": 2, "created": true}])
    );
    assert_eq!(report["problems"], json!([]));

    let template_version = |v: Value| v["review"]["template"]["version"].clone();
    let q = "query($r: ID!) { review(id: $r) { template { version } } }";
    assert_eq!(
        template_version(app.ok(q, json!({"r": old_review})).await),
        1,
        "reviews pin their version"
    );
    let new_review = app.seed_service("ledger", "payments", "TIER2").await;
    assert_eq!(
        template_version(app.ok(q, json!({"r": new_review})).await),
        2
    );
    let both = app
        .ok("{ v1: checklistTemplate(key: \"orr-standard\", version: 1) { version contentHash } v2: checklistTemplate(key: \"orr-standard\") { version contentHash } }", json!({}))
        .await;
    assert_eq!(
        (both["v1"]["version"].clone(), both["v2"]["version"].clone()),
        (json!(1), json!(2))
    );
    assert_ne!(both["v1"]["contentHash"], both["v2"]["contentHash"]);
    let missing = app
        .gql(
            "{ checklistTemplate(key: \"orr-standard\", version: 7) { version } }",
            json!({}),
        )
        .await;
    assert_eq!(crate::helpers::code(&missing), "NOT_FOUND");
}
