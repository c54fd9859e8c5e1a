//! A sync applies the manifest; a later sync keeps what the UI changed and reports drift.

use super::{EXAMPLE, SYNC};
use crate::dual_test;
use crate::helpers::TestApp;
use orrery::domain::manifest;
use orrery::services::Actor;
use serde_json::{Value, json};

dual_test!(sync_applies_the_manifest, ui_changes_are_drift_and_kept);

const SERVICE: &str = "query { service(slug: \"checkout\") {
    name description tier lifecycle version
    links { kind title url } monitoring { selector }
    slos { id name objectivePercent windowDays version }
    dependencies { kind timeoutMs externalName targetService { slug } }
    capacityPlan { replicas peakRps reviewedAt }
    currentReview { id items { key response { outcome evidence respondedBy version } } }
    manifest { commit syncedBy drift { field inManifest inOrrery } } } }";

fn item<'a>(service: &'a Value, key: &str) -> &'a Value {
    service["currentReview"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("item {key}"))
}

async fn seed(app: &TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER3").await;
    app.seed_service("payments-api", "payments", "TIER2").await;
}

async fn sync_applies_the_manifest(app: TestApp) {
    seed(&app).await;
    let report = app
        .ok(SYNC, json!({"s": "checkout", "y": EXAMPLE, "c": "4f2a9c1"}))
        .await["syncManifest"]
        .clone();
    assert_eq!(report["commit"], "4f2a9c1");
    assert_eq!(report["drift"], json!([]));
    assert_eq!(report["skipped"], json!([]), "{report:#}");
    let applied: Vec<&str> = report["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in [
        "capacity",
        "dependencies.external:Stripe API",
        "dependencies.service:payments-api",
        "service.lifecycle",
        "service.links",
        "service.name",
        "service.tier",
        "slos.checkout-availability",
        "slos.checkout-latency",
    ] {
        assert!(applied.contains(&field), "{field} in {applied:?}");
    }
    assert_eq!(
        report["attested"],
        json!(["capacity.load_test", "incident_response.game_day"])
    );

    let s = app.ok(SERVICE, json!({})).await["service"].clone();
    assert_eq!(
        (s["name"].as_str(), s["tier"].as_str()),
        (Some("Checkout"), Some("TIER1"))
    );
    assert_eq!(s["lifecycle"], "PRODUCTION");
    assert_eq!(
        s["description"],
        "Takes a basket and turns it into a paid order."
    );
    assert_eq!(s["links"].as_array().unwrap().len(), 2);
    assert_eq!(
        s["monitoring"]["selector"],
        "job=\"checkout\",namespace=\"shop\",app=\"checkout\""
    );
    let slos: Vec<_> = s["slos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].clone(), o["objectivePercent"].clone()))
        .collect();
    assert!(
        slos.contains(&(json!("checkout-availability"), json!(99.9))),
        "{slos:?}"
    );
    assert_eq!(s["dependencies"].as_array().unwrap().len(), 2);
    assert_eq!(s["capacityPlan"]["replicas"], 8);
    assert!(
        s["capacityPlan"]["reviewedAt"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20")
    );
    let load_test = &item(&s, "capacity.load_test")["response"];
    assert_eq!(load_test["outcome"], "PASS");
    assert_eq!(
        load_test["evidence"],
        "https://ci.example.com/load-tests/checkout/412"
    );
    assert_eq!(load_test["respondedBy"], "alice");
    assert_eq!(s["manifest"]["commit"], "4f2a9c1");
    assert_eq!(s["manifest"]["drift"], json!([]));
    assert!(
        app.audit_actions("service_manifest", "checkout")
            .await
            .contains(&"manifest.sync".to_owned())
    );
    assert!(
        app.audit_actions("service", "checkout")
            .await
            .contains(&"service.update".to_owned())
    );

    // The same manifest again changes nothing.
    let again = app
        .ok(SYNC, json!({"s": "checkout", "y": EXAMPLE, "c": "4f2a9c1"}))
        .await["syncManifest"]
        .clone();
    assert_eq!(
        (again["applied"].clone(), again["attested"].clone()),
        (json!([]), json!([]))
    );
    let same = app.ok(SERVICE, json!({})).await["service"].clone();
    assert_eq!(same["version"], s["version"]);

    // The push webhook syncs as the system actor.
    let m = manifest::parse(
        "orrery.yaml",
        &EXAMPLE.replace("name: Checkout\n", "name: Checkout (web)\n"),
    )
    .unwrap();
    let r = app
        .services
        .sync_manifest(&Actor::system(), "checkout", &m, "9e8d7c6")
        .await
        .unwrap();
    assert_eq!(r.applied, ["service.name"]);
    let s = app.ok(SERVICE, json!({})).await["service"].clone();
    assert_eq!(s["name"], "Checkout (web)");
    assert_eq!(
        (
            s["manifest"]["commit"].as_str(),
            s["manifest"]["syncedBy"].as_str()
        ),
        (Some("9e8d7c6"), Some("orrery"))
    );

    // Dropping an SLO from the manifest deletes it.
    let fewer = EXAMPLE.replace("  - name: checkout-latency\n    sli:\n      kind: latency\n      latency_metric: http_request_duration_seconds\n      latency_threshold_seconds: 0.3\n    objective_percent: 99\n", "");
    assert_ne!(fewer, EXAMPLE);
    let r = app
        .ok(SYNC, json!({"s": "checkout", "y": fewer, "c": "a1"}))
        .await["syncManifest"]
        .clone();
    assert!(
        r["applied"]
            .as_array()
            .unwrap()
            .contains(&json!("slos.checkout-latency")),
        "{r:#}"
    );
    let s = app.ok(SERVICE, json!({})).await["service"].clone();
    assert_eq!(s["slos"].as_array().unwrap().len(), 1);
}

async fn ui_changes_are_drift_and_kept(app: TestApp) {
    seed(&app).await;
    app.ok(SYNC, json!({"s": "checkout", "y": EXAMPLE, "c": "c1"}))
        .await;
    let s = app.ok(SERVICE, json!({})).await["service"].clone();
    // Someone changes the tier and an objective in the UI…
    app.ok(
        "mutation($v: Int!) { updateService(slug: \"checkout\", expectedVersion: $v, input: {tier: TIER2}) { tier } }",
        json!({"v": s["version"]}),
    )
    .await;
    let slo = s["slos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "checkout-availability")
        .unwrap()
        .clone();
    app.ok(
        "mutation($id: ID!, $v: Int!) { updateSlo(id: $id, expectedVersion: $v, input: {objectivePercent: 99.5}) { id } }",
        json!({"id": slo["id"], "v": slo["version"]}),
    )
    .await;
    // …and a person answers an attested item by hand, after the attestation's date.
    let review = s["currentReview"]["id"].clone();
    let v = item(&s, "capacity.load_test")["response"]["version"].clone();
    app.ok_as(
        "bob",
        "mutation($r: ID!, $v: Int!) { respondToItem(reviewId: $r, itemKey: \"capacity.load_test\", outcome: FAIL, note: \"the test ran against staging\", expectedVersion: $v) { version } }",
        json!({"r": review, "v": v}),
    )
    .await;

    // The next push renames the service.
    let renamed = EXAMPLE.replace("name: Checkout\n", "name: Checkout v2\n");
    let r = app
        .ok(SYNC, json!({"s": "checkout", "y": renamed, "c": "c2"}))
        .await["syncManifest"]
        .clone();
    assert_eq!(r["applied"], json!(["service.name"]), "{r:#}");
    assert_eq!(
        r["drift"],
        json!([
            {"field": "service.tier", "inManifest": "tier1", "inOrrery": "tier2"},
            {"field": "slos.checkout-availability", "inManifest": r["drift"][1]["inManifest"], "inOrrery": r["drift"][1]["inOrrery"]},
        ])
    );
    assert!(
        r["drift"][1]["inOrrery"].as_str().unwrap().contains("99.5"),
        "{r:#}"
    );
    assert!(
        r["drift"][1]["inManifest"]
            .as_str()
            .unwrap()
            .contains("99.9"),
        "{r:#}"
    );
    let skipped = &r["skipped"][0];
    assert_eq!(skipped["field"], "attestations.capacity.load_test", "{r:#}");
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("bob answered it by hand"),
        "{r:#}"
    );

    let s = app.ok(SERVICE, json!({})).await["service"].clone();
    assert_eq!(
        (s["name"].as_str(), s["tier"].as_str()),
        (Some("Checkout v2"), Some("TIER2"))
    );
    assert_eq!(
        item(&s, "capacity.load_test")["response"]["outcome"],
        "FAIL"
    );
    assert_eq!(s["manifest"]["drift"], r["drift"]);

    // The service page shows the sync and its drift.
    let page = app
        .client
        .get(format!("{}/services/checkout", app.base))
        .header("x-orrery-actor", "alice")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Manifest") && page.contains("<code>c2</code>"),
        "{page}"
    );
    assert!(page.contains("service.tier"), "drift listed on the page");

    // Once the manifest says what the UI chose, the drift clears.
    let agreed = renamed
        .replace("tier: tier1", "tier: tier2")
        .replace("objective_percent: 99.9\n", "objective_percent: 99.5\n");
    let r = app
        .ok(SYNC, json!({"s": "checkout", "y": agreed, "c": "c3"}))
        .await["syncManifest"]
        .clone();
    assert_eq!(
        (r["drift"].clone(), r["applied"].clone()),
        (json!([]), json!([])),
        "{r:#}"
    );
}
