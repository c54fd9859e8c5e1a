//! Pages of the audit log: newest first, the cursor is the event id, so following it visits
//! every event exactly once even while new events are recorded.

use super::page;
use crate::dual_test;
use crate::helpers::TestApp;
use serde_json::{Value, json};

dual_test!(pages_follow_the_cursor_without_gaps_or_duplicates);

async fn create_teams(app: &TestApp, names: impl Iterator<Item = String>) {
    for slug in names {
        app.seed_team(&slug).await;
    }
}

fn ids(page: &Value) -> Vec<i64> {
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let id = e["node"]["id"].as_str().unwrap();
            assert_eq!(e["cursor"], id, "the cursor is the event id");
            id.parse().unwrap()
        })
        .collect()
}

async fn pages_follow_the_cursor_without_gaps_or_duplicates(app: TestApp) {
    create_teams(&app, (1..=12).map(|i| format!("team-{i}"))).await;
    // Events of another kind in between, which the filter skips.
    app.seed_service("checkout", "team-1", "TIER3").await;
    create_teams(&app, (13..=17).map(|i| format!("team-{i}"))).await;
    let filter = json!({"entityType": "team"});
    let everything = ids(&page(&app, filter.clone(), 100, None).await);
    assert_eq!(everything.len(), 17);

    let first = page(&app, filter.clone(), 5, None).await;
    assert_eq!(
        first["pageInfo"],
        json!({"hasNextPage": true, "hasPreviousPage": false, "endCursor": first["edges"][4]["cursor"]})
    );
    let mut seen = ids(&first);
    // New events recorded while reading do not shift the older pages.
    create_teams(&app, (18..=20).map(|i| format!("team-{i}"))).await;
    let mut cursor = first["pageInfo"]["endCursor"].as_str().unwrap().to_owned();
    let mut pages = 1;
    loop {
        let next = page(&app, filter.clone(), 5, Some(&cursor)).await;
        assert_eq!(next["pageInfo"]["hasPreviousPage"], true);
        seen.extend(ids(&next));
        pages += 1;
        if next["pageInfo"]["hasNextPage"] == false {
            break;
        }
        cursor = next["pageInfo"]["endCursor"].as_str().unwrap().to_owned();
    }
    assert_eq!(pages, 4, "17 events, 5 a page");
    assert_eq!(seen, everything, "newest first, no gap, no duplicate");

    // The newest page now starts with the events recorded meanwhile.
    let newest = ids(&page(&app, filter.clone(), 3, None).await);
    assert!(newest.iter().all(|id| id > &everything[0]), "{newest:?}");
    // An empty page answers whether there is anything at all.
    let none = page(&app, filter, 0, None).await;
    assert_eq!(none["edges"], json!([]));
    assert_eq!(none["pageInfo"]["hasNextPage"], true);
}
