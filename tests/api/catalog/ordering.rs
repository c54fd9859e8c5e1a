//! Score, level and gate orders of the service listing at their edges: ties, a service with
//! nothing assessed (no score) and a service never scored (no snapshot at all), through
//! every order, page by page, and in the gate counts.

use crate::dual_test;
use crate::helpers::TestApp;
use orrery::services::catalog::portfolio::ServiceFilter;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

dual_test!(orders_put_ties_by_slug_and_unscored_last);

const LIST: &str = "query($o: ServiceOrder, $f: ServiceFilter, $n: Int, $a: String) {
    services(orderBy: $o, filter: $f, first: $n, after: $a) {
      edges { cursor node { slug } } pageInfo { hasNextPage } } }";
const ANSWER: &str = "mutation($r: ID!, $k: String!) {
    respondToItem(reviewId: $r, itemKey: $k, outcome: PASS, expectedVersion: 0) { version } }";

fn slugs(v: &Value) -> Vec<String> {
    v["services"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// Runs `sql` with `{slug}`'s id in place of `:id`, straight on the database: the two
/// states it sets up (no score, no snapshot) take far longer to reach through the API.
async fn on_service(app: &TestApp, slug: &str, sql: &str) {
    let id = format!("(SELECT id FROM services WHERE slug = '{slug}')");
    app.services
        .db
        .conn()
        .execute_unprepared(&sql.replace(":id", &id))
        .await
        .unwrap();
}

async fn orders_put_ties_by_slug_and_unscored_last(app: TestApp) {
    app.seed_team("zoo").await;
    let mut reviews = Vec::new();
    for slug in ["eel", "dog", "cat", "bee", "ant", "fox"] {
        reviews.push((slug, app.seed_service(slug, "zoo", "TIER3").await));
    }
    let items = app
        .ok(
            "query($r: ID!) { review(id: $r) { items { key } } }",
            json!({"r": reviews[0].1}),
        )
        .await["review"]["items"]
        .clone();
    let key = |i: usize| items[i]["key"].as_str().unwrap().to_owned();
    // bee and dog tie (one item passed); cat passed two; ant passed nothing.
    for (slug, review) in &reviews {
        let passed = match *slug {
            "bee" | "dog" => 1,
            "cat" => 2,
            _ => 0,
        };
        for i in 0..passed {
            app.ok(ANSWER, json!({"r": review, "k": key(i)})).await;
        }
    }
    // eel: nothing assessed (null score); fox: never scored.
    on_service(
        &app,
        "eel",
        "UPDATE score_snapshots SET score = NULL WHERE service_id = :id",
    )
    .await;
    on_service(
        &app,
        "eel",
        "UPDATE latest_scores SET score = NULL WHERE service_id = :id",
    )
    .await;
    on_service(
        &app,
        "fox",
        "DELETE FROM latest_scores WHERE service_id = :id",
    )
    .await;
    on_service(
        &app,
        "fox",
        "DELETE FROM score_snapshots WHERE service_id = :id",
    )
    .await;

    let list = |o: &str| app.ok(LIST, json!({"o": o}));
    assert_eq!(
        slugs(&list("SCORE_DESC").await),
        ["cat", "bee", "dog", "ant", "eel", "fox"]
    );
    assert_eq!(
        slugs(&list("SCORE_ASC").await),
        ["ant", "bee", "dog", "cat", "eel", "fox"]
    );
    for order in ["GATE", "LEVEL_ASC", "LEVEL_DESC"] {
        assert_eq!(
            slugs(&list(order).await),
            ["ant", "bee", "cat", "dog", "eel", "fox"],
            "{order}: one gate and one level for all, so slug order, never scored last"
        );
    }
    // Page by page, the cursors walk the same order.
    let mut walked = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app
            .ok(LIST, json!({"o": "SCORE_DESC", "n": 2, "a": after}))
            .await;
        walked.extend(slugs(&page));
        if page["services"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["services"]["edges"][1]["cursor"].clone();
    }
    assert_eq!(walked, ["cat", "bee", "dog", "ant", "eel", "fox"]);
    // Score filters leave out the unscored and the never scored.
    assert_eq!(
        slugs(
            &app.ok(LIST, json!({"o": "SCORE_ASC", "f": {"minScore": 0.0}}))
                .await
        ),
        ["ant", "bee", "dog", "cat"]
    );
    assert_eq!(
        slugs(&app.ok(LIST, json!({"f": {"gate": "NO_GO"}})).await),
        ["ant", "bee", "cat", "dog", "eel"]
    );
    let counts = app
        .services
        .gate_counts(&ServiceFilter::default())
        .await
        .unwrap();
    assert_eq!(
        (counts.total, counts.no_go, counts.go, counts.unscored),
        (6, 5, 0, 1)
    );
}
