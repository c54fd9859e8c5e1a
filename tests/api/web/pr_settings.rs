//! A service's pull request settings through the register/edit form: the directory in the
//! repository and the pull request check policy, shown in words on the service page, and
//! left unchanged when a post does not carry them.

use super::html::*;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

dual_test!(
    pr_settings_are_registered_and_shown_in_words,
    pr_settings_are_edited_or_left_alone
);

const BASE: [(&str, &str); 6] = [
    ("slug", "checkout"),
    ("name", "Checkout"),
    ("team", "payments"),
    ("tier", "tier3"),
    ("lifecycle", "beta"),
    ("repository", "acme/mono"),
];

async fn settings(app: &TestApp) -> Value {
    app.ok(
        "{ service(slug: \"checkout\") { repositoryPath prCheckPolicy version } }",
        json!({}),
    )
    .await["service"]
        .clone()
}

async fn pr_settings_are_registered_and_shown_in_words(app: TestApp) {
    app.seed_team("payments").await;
    let (_, html) = get(&app, "/services/new").await;
    let select = by_id(&html, "f-pr_check_policy").unwrap();
    assert!(
        select.contains("<option value=\"block_regressions\" selected>Block changes that make readiness worse</option>"),
        "the default is chosen: {select}"
    );
    assert!(attr(&html, "f-repository_path", "value").is_some());

    let mut form = BASE.to_vec();
    form.push(("repository_path", "services/checkout/"));
    form.push(("pr_check_policy", "block_no_go"));
    let res = post(&app, "/services/new", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let saved = settings(&app).await;
    assert_eq!(saved["repositoryPath"], "services/checkout");
    assert_eq!(saved["prCheckPolicy"], "BLOCK_NO_GO");

    let (_, html) = get(&app, "/services/checkout").await;
    let page = text(&html);
    assert!(
        page.contains("Directory in the repository services/checkout"),
        "{page}"
    );
    let checks = text(&by_id(&html, "pr-checks").unwrap());
    assert!(
        checks.starts_with("Block every change while the gate is NO-GO"),
        "{checks}"
    );
    assert!(!page.contains("block_no_go"), "no codes for people");

    // Left out of a registration: the default, the repository root.
    let mut plain = BASE.to_vec();
    plain[0] = ("slug", "ledger");
    assert_eq!(
        post(&app, "/services/new", &plain).await.status(),
        StatusCode::SEE_OTHER
    );
    let ledger = app
        .ok(
            "{ service(slug: \"ledger\") { repositoryPath prCheckPolicy } }",
            json!({}),
        )
        .await;
    assert_eq!(ledger["service"]["repositoryPath"], Value::Null);
    assert_eq!(ledger["service"]["prCheckPolicy"], "BLOCK_REGRESSIONS");
    let (_, html) = get(&app, "/services/ledger").await;
    assert!(text(&html).contains("Directory in the repository the repository root"));
}

async fn pr_settings_are_edited_or_left_alone(app: TestApp) {
    app.seed_team("payments").await;
    let mut form = BASE.to_vec();
    form.push(("repository_path", "svc/checkout"));
    form.push(("pr_check_policy", "informational"));
    assert_eq!(
        post(&app, "/services/new", &form).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, html) = get(&app, "/services/checkout/edit").await;
    assert_eq!(
        attr(&html, "f-repository_path", "value").as_deref(),
        Some("svc/checkout")
    );
    assert!(
        by_id(&html, "f-pr_check_policy")
            .unwrap()
            .contains("<option value=\"informational\" selected>")
    );

    // A post without the two fields leaves them alone.
    let mut edit = BASE[1..].to_vec();
    edit.push(("name", "Checkout 2"));
    edit.push(("version", "1"));
    assert_eq!(
        post(&app, "/services/checkout/edit", &edit).await.status(),
        StatusCode::SEE_OTHER
    );
    let saved = settings(&app).await;
    assert_eq!(saved["repositoryPath"], "svc/checkout");
    assert_eq!(saved["prCheckPolicy"], "INFORMATIONAL");

    // Bad values come back next to their fields, the input kept.
    let mut bad = BASE[1..].to_vec();
    bad.extend([
        ("repository_path", "../outside"),
        ("pr_check_policy", "sometimes"),
        ("version", "2"),
    ]);
    let res = post(&app, "/services/checkout/edit", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(text(&by_id(&html, "f-repository_path-error").unwrap()).contains(".."));
    assert!(
        text(&by_id(&html, "f-pr_check_policy-error").unwrap())
            .contains("choose what pull request checks do")
    );
    assert_eq!(
        attr(&html, "f-repository_path", "value").as_deref(),
        Some("../outside")
    );
    assert!(
        text(&html).contains("Directory in the repository: "),
        "in the summary"
    );

    // An empty directory is the root; the policy changes.
    let mut good = BASE[1..].to_vec();
    good.extend([
        ("repository_path", ""),
        ("pr_check_policy", "block_regressions"),
        ("version", "2"),
    ]);
    assert_eq!(
        post(&app, "/services/checkout/edit", &good).await.status(),
        StatusCode::SEE_OTHER
    );
    let saved = settings(&app).await;
    assert_eq!(saved["repositoryPath"], Value::Null);
    assert_eq!(saved["prCheckPolicy"], "BLOCK_REGRESSIONS");
}
