//! Every item of the checklist is one compact row: its outcome, title and who answered, the
//! Pass / Fail / N/A choice (with a small Save button for browsers without JavaScript), and
//! its details (guidance, evidence and note, the check, waivers) folded behind the title.
//! A refused post (an error or a conflict) shows its item's details unfolded.

use super::html::*;
use super::review::{answer_as, items, seed};
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;

dual_test!(
    every_item_is_one_row_with_its_details_folded,
    conflicts_and_errors_unfold_the_item
);

/// The folded details of a row.
const FOLDED: &str = "<details class=\"item__body\" data-role=\"more\">";
/// The unfolded details of a row.
const UNFOLDED: &str = "<details class=\"item__body\" data-role=\"more\" open>";

fn block(html: &str, key: &str) -> String {
    by_id(html, &format!("item-{key}")).unwrap_or_else(|| panic!("item {key} shown"))
}

async fn every_item_is_one_row_with_its_details_folded(app: TestApp) {
    let review = seed(&app).await;
    let all = items(&app, &review).await;
    let key = |n: usize| all[n]["key"].as_str().unwrap().to_owned();
    let (passed, failed, open) = (key(0), key(1), key(2));
    answer_as(&app, "bob", &review, &passed, "PASS").await;
    answer_as(&app, "bob", &review, &failed, "FAIL").await;
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;

    for key in [&passed, &failed, &open] {
        let row = block(&html, key);
        assert!(row.contains(FOLDED), "{key} folds its details: {row}");
        // The outcomes are on the row, with a Save button that works without JavaScript.
        let form = element_with(&row, &format!("data-key=\"{key}\"")).expect("answer form");
        for outcome in ["pass", "fail", "na"] {
            assert!(form.contains(&format!("id=\"{key}-{outcome}\"")), "{form}");
        }
        assert!(form.contains("answer-form__save"), "{form}");
        // Evidence and note belong to the same form, from inside the details.
        assert!(row.contains(&format!("name=\"evidence\" form=\"answer-{key}\"")));
        assert!(row.contains(&format!("name=\"note\" form=\"answer-{key}\"")));
    }
    let pass = block(&html, &passed);
    let summary = element_with(&pass, "class=\"item__summary\"").unwrap();
    assert!(
        text(&summary).contains("Pass") && text(&summary).contains("Answered by bob"),
        "{summary}"
    );
    // A waiver request is rendered for a save in place to offer, but not offered.
    assert!(
        pass.contains("data-role=\"waiver-request\" hidden"),
        "{pass}"
    );
    for key in [&failed, &open] {
        assert!(block(&html, key).contains("data-role=\"waiver-request\">"));
    }
    // Categories fold too, and say how far they are.
    assert!(html.contains("<details class=\"category\""));
    assert!(html.contains("data-category-progress="));
    // Tab counts carry their filter.
    assert!(html.contains("data-filter-count=\"unanswered\""));
    assert!(html.contains("data-filter-count=\"blockers\""));
}

async fn conflicts_and_errors_unfold_the_item(app: TestApp) {
    let review = seed(&app).await;
    let key = items(&app, &review).await[0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    answer_as(&app, "bob", &review, &key, "PASS").await;
    let path = format!("/reviews/{review}/items/{key}");

    // Carol saves over Bob's answer from a stale page: the item is shown with the conflict.
    let res = post(
        &app,
        &path,
        &[
            ("outcome", "fail"),
            ("note", "typed"),
            ("expected_version", "0"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    let shown = block(&html, &key);
    assert!(shown.contains(UNFOLDED), "{shown}");
    assert!(shown.contains(&format!("id=\"{key}-conflict\"")));

    // A refused answer (not applicable without a reason) is shown unfolded at the note.
    let res = post(
        &app,
        &path,
        &[("outcome", "not_applicable"), ("expected_version", "1")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let shown = block(&html, &key);
    assert!(shown.contains(UNFOLDED), "{shown}");
    assert!(shown.contains(&format!("id=\"{key}-note-error\"")));

    // Unchanged, it folds again.
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    assert!(block(&html, &key).contains(FOLDED));
}
