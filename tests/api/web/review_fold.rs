//! Answered items fold into one compact row on the checklist page: the answer form sits
//! behind a closed "Change answer" disclosure, while unanswered and failing items, and any
//! item a refused post is about (an error or a conflict), keep it open.

use super::html::*;
use super::review::{answer_as, items, seed};
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;

dual_test!(
    answered_items_fold_their_form_behind_change_answer,
    conflicts_and_errors_keep_an_answered_item_open
);

/// The closed disclosure an answered item folds into.
const FOLDED: &str = "<details class=\"item__change\" data-role=\"change\"><summary>Change answer";

fn block(html: &str, key: &str) -> String {
    by_id(html, &format!("item-{key}")).unwrap_or_else(|| panic!("item {key} shown"))
}

fn class_of(html: &str, key: &str) -> String {
    attr(html, &format!("item-{key}"), "class").expect("item class")
}

async fn answered_items_fold_their_form_behind_change_answer(app: TestApp) {
    let review = seed(&app).await;
    let all = items(&app, &review).await;
    let key = |n: usize| all[n]["key"].as_str().unwrap().to_owned();
    let (passed, failed, open) = (key(0), key(1), key(2));
    answer_as(&app, "bob", &review, &passed, "PASS").await;
    answer_as(&app, "bob", &review, &failed, "FAIL").await;
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;

    let pass = block(&html, &passed);
    assert!(class_of(&html, &passed).contains("item--compact"));
    assert!(pass.contains(FOLDED), "{pass}");
    let folded =
        element_with(&pass, "class=\"item__change\"").expect("a closed Change answer disclosure");
    assert!(
        folded.contains(&format!("data-key=\"{passed}\"")),
        "the form is inside"
    );
    assert!(folded.contains(&format!("id=\"{passed}-pass\"")));
    // The row still says what was answered and by whom.
    let row = text(&pass[..pass.find(FOLDED).unwrap()]);
    assert!(
        row.contains("Pass") && row.contains("Answered by bob"),
        "{row}"
    );
    // A waiver request is rendered for a save in place to offer, but not offered.
    assert!(
        pass.contains("data-role=\"waiver-request\" hidden"),
        "{pass}"
    );

    for key in [&failed, &open] {
        let shown = block(&html, key);
        assert!(!shown.contains("item__change"), "{key} keeps its form open");
        assert!(!class_of(&html, key).contains("item--compact"));
        assert!(shown.contains(&format!("data-key=\"{key}\"")));
        assert!(shown.contains("data-role=\"waiver-request\">"), "{shown}");
    }
    // Tab counts carry their filter for the script to recount.
    assert!(html.contains("data-filter-count=\"unanswered\""));
    assert!(html.contains("data-filter-count=\"blockers\""));
}

async fn conflicts_and_errors_keep_an_answered_item_open(app: TestApp) {
    let review = seed(&app).await;
    let key = items(&app, &review).await[0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    answer_as(&app, "bob", &review, &key, "PASS").await;
    let path = format!("/reviews/{review}/items/{key}");

    // Carol saves over Bob's answer from a stale page: the item is shown open.
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
    assert!(!shown.contains("item__change") && !class_of(&html, &key).contains("item--compact"));
    assert!(shown.contains(&format!("id=\"{key}-conflict\"")));

    // A refused answer (not applicable without a reason) is shown open too.
    let res = post(
        &app,
        &path,
        &[("outcome", "not_applicable"), ("expected_version", "1")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let shown = block(&html, &key);
    assert!(!shown.contains("item__change"), "{shown}");
    assert!(shown.contains(&format!("id=\"{key}-note-error\"")));

    // Unchanged, it folds again.
    let (_, html) = get(&app, &format!("/reviews/{review}")).await;
    assert!(block(&html, &key).contains(FOLDED));
}
