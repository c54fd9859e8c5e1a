//! Realistic data for the fuzzer to work on, written through GraphQL: three teams, services of
//! every tier (one archived) with SLOs, dependencies and capacity plans, answered items,
//! waivers (one approved), a review in review with a sign-off and a decided one with action
//! items. What was created is returned so the fuzzer can aim at existing entities.

use super::server::FuzzServer;
use serde_json::{Value, json};

/// Keys and ids of the seeded entities.
#[derive(Debug, Default)]
pub struct Seeded {
    /// Team and service slugs.
    pub slugs: Vec<String>,
    /// Ids of reviews, SLOs, dependencies, waivers, sign-offs and action items.
    pub ids: Vec<String>,
    /// Checklist item keys that were answered or waived (and a few more).
    pub item_keys: Vec<String>,
}

const SERVICES: [(&str, &str, &str); 6] = [
    ("checkout", "payments", "TIER1"),
    ("ledger", "payments", "TIER2"),
    ("auth", "identity", "TIER1"),
    ("search", "platform", "TIER3"),
    ("status-page", "platform", "TIER4"),
    ("legacy-billing", "payments", "TIER3"),
];

const ANSWERS: [(&str, &str, Option<&str>, Option<&str>); 5] = [
    (
        "ownership.owner",
        "PASS",
        Some("CODEOWNERS lists @payments"),
        None,
    ),
    (
        "ownership.readme",
        "PASS",
        Some("README.md#operations"),
        None,
    ),
    (
        "observability.tracing",
        "FAIL",
        None,
        Some("spans are sampled at 0%"),
    ),
    (
        "capacity.load_test",
        "NOT_APPLICABLE",
        None,
        Some("internal tool, no load"),
    ),
    (
        "change_management.ci",
        "FAIL",
        None,
        Some("migrating CI, see waiver"),
    ),
];

/// Writes the data set on `server` and returns what it created.
pub async fn seed(server: &FuzzServer) -> Seeded {
    let mut seeded = Seeded::default();
    for (slug, name) in [
        ("payments", "Payments"),
        ("identity", "Identity"),
        ("platform", "Platform"),
    ] {
        let input = json!({"slug": slug, "name": name, "contactChannel": format!("#{slug}")});
        server
            .ok(
                "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }",
                json!({"i": input}),
            )
            .await;
        seeded.slugs.push(slug.to_owned());
    }
    let mut reviews = Vec::new();
    for (slug, team, tier) in SERVICES {
        let input = json!({"slug": slug, "name": slug.replace('-', " "), "teamSlug": team, "tier": tier,
            "lifecycle": "BETA", "description": format!("The {slug} service")});
        let data = server
            .ok("mutation($i: CreateServiceInput!) { createService(input: $i) { currentReview { id } } }", json!({"i": input}))
            .await;
        reviews.push(
            data["createService"]["currentReview"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        seeded.slugs.push(slug.to_owned());
    }
    server
        .ok(
            "mutation { archiveService(slug: \"legacy-billing\", expectedVersion: 1) { slug } }",
            json!({}),
        )
        .await;
    seeded.ids.extend(reviews.iter().cloned());

    let slos = [
        (
            "checkout",
            json!({"name": "availability", "sliKind": "RATIO", "goodQuery": "sum(rate(http_requests_total{code!~\"5..\"}[5m]))",
            "totalQuery": "sum(rate(http_requests_total[5m]))", "objectivePercent": 99.9, "windowDays": 28}),
        ),
        (
            "auth",
            json!({"name": "latency", "sliKind": "LATENCY", "latencyMetric": "http_request_duration_seconds",
            "latencyThresholdSeconds": 0.25, "objectivePercent": 99.5, "windowDays": 28}),
        ),
        (
            "ledger",
            json!({"name": "availability", "sliKind": "RATIO", "goodQuery": "good", "totalQuery": "total", "objectivePercent": 99.5}),
        ),
    ];
    for (service, input) in slos {
        let data = server
            .ok("mutation($s: String!, $i: SloInput!) { defineSlo(serviceSlug: $s, input: $i) { id } }", json!({"s": service, "i": input}))
            .await;
        seeded.ids.push(id(&data["defineSlo"]));
    }

    let dependencies = [
        json!({"serviceSlug": "checkout", "targetServiceSlug": "ledger", "kind": "HARD", "timeoutMs": 300}),
        json!({"serviceSlug": "checkout", "targetServiceSlug": "auth", "kind": "HARD"}),
        json!({"serviceSlug": "checkout", "externalName": "Stripe API", "kind": "SOFT"}),
        json!({"serviceSlug": "search", "targetServiceSlug": "auth", "kind": "SOFT"}),
    ];
    for input in dependencies {
        let data = server
            .ok(
                "mutation($i: AddDependencyInput!) { addDependency(input: $i) { id } }",
                json!({"i": input}),
            )
            .await;
        seeded.ids.push(id(&data["addDependency"]));
    }

    for (service, peak, events) in [
        (
            "checkout",
            600.0,
            json!([{"name": "Black Friday", "date": "2026-11-27", "peakMultiplier": 3.0}]),
        ),
        ("auth", 1200.0, json!([])),
    ] {
        let input = json!({"serviceSlug": service, "peakRps": peak, "unitCapacityRps": 250.0, "replicas": 4,
            "growthPctPerMonth": 10.0, "headroomTargetPct": 30.0, "plannedEvents": events});
        server
            .ok(
                "mutation($i: CapacityPlanInput!) { setCapacityPlan(input: $i) { version } }",
                json!({"i": input}),
            )
            .await;
    }

    let checkout = &reviews[0];
    for (key, outcome, evidence, note) in ANSWERS {
        server
            .ok("mutation($r: ID!, $k: String!, $o: Outcome!, $e: String, $n: String) {
                    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, evidence: $e, note: $n, expectedVersion: 0) { version } }",
                json!({"r": checkout, "k": key, "o": outcome, "e": evidence, "n": note}))
            .await;
        seeded.item_keys.push(key.to_owned());
    }
    seeded
        .item_keys
        .extend(["security.tls", "resilience.replicas"].map(str::to_owned));
    let waiver = "mutation($i: RequestWaiverInput!) { requestWaiver(input: $i) { id version } }";
    let expires = (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339();
    for key in ["change_management.ci", "observability.tracing"] {
        let input = json!({"reviewId": checkout, "itemKey": key, "reason": "migration in progress",
            "compensatingControl": "manual check before each deploy", "expiresAt": expires});
        seeded.ids.push(id(
            &server.ok(waiver, json!({"i": input})).await["requestWaiver"],
        ));
    }
    let approve = "mutation($id: ID!) { approveWaiver(id: $id, expectedVersion: 1) { state } }";
    server
        .ok_as("bob", approve, json!({"id": seeded.ids.last().unwrap()}))
        .await;

    // The ledger review goes to the meeting and gets the SRE sign-off; the status page's
    // (tier 4, no sign-offs required) is decided with action items.
    let ledger = &reviews[1];
    let version = submit(server, ledger).await;
    let data = server
        .ok_as(
            "sam",
            "mutation($r: ID!, $v: Int!) { signOff(reviewId: $r, role: \"sre\", decision: APPROVE,
                comment: \"alerts reviewed\", expectedVersion: $v) { id } }",
            json!({"r": ledger, "v": version}),
        )
        .await;
    seeded.ids.push(id(&data["signOff"]));
    let status_page = &reviews[4];
    let version = submit(server, status_page).await;
    let items = json!([{"title": "Load test at 2x peak", "owner": "dana", "dueDate": "2027-02-15"},
        {"title": "Write the runbook", "owner": "erin", "dueDate": "2027-03-01"}]);
    let data = server
        .ok("mutation($r: ID!, $v: Int!, $a: [ActionItemInput!]) { decideReview(reviewId: $r, decision: APPROVED,
                notes: \"launch review\", expectedVersion: $v, actionItems: $a,
                override: {reason: \"Launching to an internal pilot while the blockers are fixed.\"}) { actionItems { id } } }",
            json!({"r": status_page, "v": version, "a": items}))
        .await;
    seeded.ids.extend(
        data["decideReview"]["actionItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(id),
    );
    seeded
}

/// Submits a draft review and returns its new version.
async fn submit(server: &FuzzServer, review: &str) -> i64 {
    let data = server
        .ok(
            "query($r: ID!) { review(id: $r) { version } }",
            json!({"r": review}),
        )
        .await;
    let data = server
        .ok("mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { version } }",
            json!({"r": review, "v": data["review"]["version"]}))
        .await;
    data["submitReview"]["version"].as_i64().unwrap()
}

fn id(entity: &Value) -> String {
    entity["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {entity}"))
        .to_owned()
}
