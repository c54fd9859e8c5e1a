//! Every page of the UI, in the browser, on a desktop and on a 390 px phone: nothing is wider
//! than the phone's screen (`scrollWidth <= innerWidth`, measured in Chromium), and each page
//! leaves a screenshot of both in `target/screenshots/every-*.png` to look at. Also the
//! owner's second review: answers carried over to reconfirm, and the person's own work page.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use super::sign_in_as;
use serde_json::{Value, json};

async fn ok(served: &Served, actor: &str, query: &str, variables: Value) -> Value {
    served.graphql(actor, query, variables).await
}

const ANSWER: &str = "mutation($r: ID!, $k: String!, $o: Outcome!, $v: Int!, $n: String, $e: String) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: $o, note: $n, evidence: $e, expectedVersion: $v) { version } }";

/// A team, two services depending one on the other, an SLO, a capacity plan, a decided first
/// review of `checkout` with answers, waivers and action items. Returns its review id.
async fn seed(served: &Served) -> String {
    ok(
        served,
        "olivia",
        "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\", contactChannel: \"#payments\"}) { slug } }",
        json!({}),
    )
    .await;
    let mut first = String::new();
    for (slug, name, tier) in [
        ("checkout", "Checkout", "TIER2"),
        ("ledger", "Ledger", "TIER3"),
    ] {
        let created = ok(
            served,
            "olivia",
            "mutation($s: String!, $n: String!, $t: Tier!) { createService(input: {slug: $s, name: $n, teamSlug: \"payments\", tier: $t, lifecycle: PRODUCTION}) { currentReview { id } } }",
            json!({"s": slug, "n": name, "t": tier}),
        )
        .await;
        if slug == "checkout" {
            first = created["createService"]["currentReview"]["id"]
                .as_str()
                .unwrap()
                .to_owned();
        }
    }
    ok(served, "olivia", "mutation { addDependency(input: {serviceSlug: \"checkout\", targetServiceSlug: \"ledger\", kind: HARD}) { id } }", json!({})).await;
    ok(served, "olivia", "mutation($i: SloInput!) { defineSlo(serviceSlug: \"checkout\", input: $i) { id } }",
        json!({"i": {"name": "availability", "sliKind": "RATIO", "objectivePercent": 99.9,
            "goodQuery": "sum(rate(http_requests_total{code!~\"5..\"}[5m]))", "totalQuery": "sum(rate(http_requests_total[5m]))"}})).await;
    ok(served, "olivia", "mutation($i: CapacityPlanInput!) { setCapacityPlan(input: $i) { version } }",
        json!({"i": {"serviceSlug": "checkout", "peakRps": 600.0, "unitCapacityRps": 250.0, "replicas": 4,
            "growthPctPerMonth": 10.0, "headroomTargetPct": 30.0, "plannedEvents": []}})).await;
    let evidence = "https://github.com/acme/checkout/blob/main/CODEOWNERS";
    for (key, outcome, note) in [
        ("ownership.owner", "PASS", None),
        ("ownership.readme", "PASS", None),
        (
            "ownership.dependencies",
            "FAIL",
            Some("timeouts are missing from the list"),
        ),
    ] {
        ok(
            served,
            "olivia",
            ANSWER,
            json!({"r": first, "k": key, "o": outcome, "v": 0, "n": note, "e": evidence}),
        )
        .await;
    }
    first
}

/// Submits and rejects the first review so a second one can start.
async fn decide_first(served: &Served, review: &str) {
    let v = ok(
        served,
        "olivia",
        "query($r: ID!) { review(id: $r) { version } }",
        json!({"r": review}),
    )
    .await["review"]["version"]
        .clone();
    ok(served, "olivia", "mutation($r: ID!, $v: Int!) { submitReview(reviewId: $r, expectedVersion: $v) { version } }", json!({"r": review, "v": v})).await;
    let v = ok(
        served,
        "olivia",
        "query($r: ID!) { review(id: $r) { version } }",
        json!({"r": review}),
    )
    .await["review"]["version"]
        .clone();
    ok(served, "dave", "mutation($r: ID!, $v: Int!) { decideReview(reviewId: $r, decision: REJECTED, notes: \"Dependencies need timeouts first.\", expectedVersion: $v) { state } }", json!({"r": review, "v": v})).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_answers_carry_over() {
    let served = Served::start("every-page").await;
    let first = seed(&served).await;
    decide_first(&served, &first).await;
    let browser = Browser::start().await;
    sign_in_as(&browser, &served, "olivia").await;

    // The owner starts the next review from the service page: the three answers come along,
    // marked for reconfirming.
    browser.open(&served.url("/services/checkout")).await;
    browser
        .click_and_wait("form[action='/services/checkout/reviews'] button[type=submit]")
        .await;
    let url = browser.url().await;
    let second = url
        .rsplit("/reviews/")
        .next()
        .unwrap()
        .split(['?', '#'])
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(second, first, "{url}");
    let carried = ok(&served, "olivia", "query($r: ID!) { review(id: $r) { progress { answered } items { key response { carriedFromReview } } } }", json!({"r": second})).await;
    assert_eq!(carried["review"]["progress"]["answered"], 3, "{carried}");
    let marked = carried["review"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["response"]["carriedFromReview"] == json!(first))
        .count();
    assert_eq!(marked, 3, "{carried}");
    let page = browser.text("main").await;
    assert!(page.to_lowercase().contains("carried over"), "{page}");

    // Work for olivia: an action item on the new review, overdue.
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    ok(&served, "olivia", "mutation($r: ID!, $d: NaiveDate!) { addActionItem(reviewId: $r, input: {title: \"Add timeouts to the dependency list\", owner: \"olivia\", dueDate: $d}) { id } }",
        json!({"r": second, "d": yesterday})).await;
    browser.open(&served.url("/my-work")).await;
    let actions = browser.text("section[aria-labelledby=actions-title]").await;
    assert!(
        actions.contains("Add timeouts") && actions.contains("1 day overdue"),
        "{actions}"
    );

    let pages = [
        ("portfolio", "/".to_owned()),
        ("service", "/services/checkout".to_owned()),
        ("service-edit", "/services/checkout/edit".to_owned()),
        ("service-new", "/services/new".to_owned()),
        ("slo-new", "/services/checkout/slos/new".to_owned()),
        (
            "dependency-new",
            "/services/checkout/dependencies/new".to_owned(),
        ),
        ("capacity", "/services/checkout/capacity".to_owned()),
        ("archive", "/services/checkout/archive".to_owned()),
        ("teams", "/teams".to_owned()),
        ("team", "/teams/payments".to_owned()),
        ("team-edit", "/teams/payments/edit".to_owned()),
        ("team-new", "/teams/new".to_owned()),
        ("checklist", format!("/reviews/{second}")),
        ("checklist-decided", format!("/reviews/{first}")),
        ("meeting", format!("/reviews/{second}/meeting")),
        ("my-work", "/my-work".to_owned()),
        ("audit", "/audit".to_owned()),
        ("reports", "/reports".to_owned()),
        ("account", "/account".to_owned()),
        ("who-are-you", "/me".to_owned()),
        ("graphql-explorer", "/graphql".to_owned()),
        ("not-found", "/no/such/page".to_owned()),
    ];
    for (name, path) in &pages {
        browser.open(&served.url(path)).await;
        browser.assert_fits_phone(path).await;
        browser
            .screenshot(&format!("every-{name}-desktop"), DESKTOP)
            .await;
        browser
            .screenshot(&format!("every-{name}-phone"), PHONE)
            .await;
    }
    browser.close().await;
}
