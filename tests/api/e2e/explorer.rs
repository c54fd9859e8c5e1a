//! The GraphQL explorer at `/graphql` in the browser: the schema browser lists the API from
//! the standard introspection query, and operations run with variables and an actor.

use super::browser::{Browser, DESKTOP, PHONE};
use super::server::Served;
use serde_json::json;

/// WebDriver key codes.
const CONTROL: char = '\u{E009}';
const ENTER: char = '\u{E007}';
const TAB: char = '\u{E004}';
const RELEASE: char = '\u{E000}';

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exploring_and_running_graphql_in_the_browser() {
    let served = Served::start("explorer").await;
    served
        .graphql(
            "olivia",
            "mutation { createTeam(input: {slug: \"payments\", name: \"Payments\"}) { slug } }",
            json!(null),
        )
        .await;
    let browser = Browser::start().await;
    browser.open(&served.url("/graphql")).await;

    // The schema browser lists the Query fields, with their argument and result types.
    let services = "#x-schema [data-field='services']";
    browser.find(services).await;
    let signature = browser.text(&format!("{services} .explorer__sig")).await;
    assert!(
        signature.contains("first: Int") && signature.contains("ServiceConnection!"),
        "{signature}"
    );
    assert!(
        browser
            .exists("#x-schema [data-field='createService']")
            .await
    );

    // A type name opens that type; the filter narrows its fields.
    browser
        .click(&format!("{services} a[href='#type=ServiceConnection']"))
        .await;
    browser
        .wait_until("the ServiceConnection type", || async {
            browser
                .text(".explorer__type-head")
                .await
                .contains("ServiceConnection")
        })
        .await;
    browser.click("#x-home").await;
    browser.click("#x-schema a[href='#type=Tier']").await;
    browser.fill("#x-filter", "tier1").await;
    browser
        .wait_until("the filtered enum values", || async {
            let text = browser.text("#x-schema .explorer__members").await;
            text.contains("TIER1") && !text.contains("TIER2")
        })
        .await;

    // Tab indents inside the editor instead of leaving it.
    browser.fill("#x-query", "{ teams {").await;
    browser
        .find("#x-query")
        .await
        .send_keys(&format!("{TAB}slug name }} }}"))
        .await
        .unwrap();
    assert_eq!(browser.value("#x-query").await, "{ teams {  slug name } }");
    browser.click("#x-run").await;
    browser
        .wait_until("the teams", || async {
            browser
                .text("#x-result")
                .await
                .contains("\"slug\": \"payments\"")
        })
        .await;
    // Back to the Query and Mutation fields, unfiltered.
    browser.click("#x-home").await;
    browser.find(services).await;
    assert_eq!(browser.value("#x-filter").await, "");
    assert!(
        !browser.find("#x-home").await.is_displayed().await.unwrap(),
        "no way back from where one already is"
    );
    browser
        .screenshot("graphql-explorer-desktop", DESKTOP)
        .await;
    browser.screenshot("graphql-explorer-phone", PHONE).await;

    // Variables that are not JSON are reported, not sent.
    browser
        .fill(
            "#x-query",
            "mutation($i: CreateTeamInput!) { createTeam(input: $i) { slug } }",
        )
        .await;
    browser.fill("#x-variables", "{\"i\": {\"slug\": ").await;
    browser.click("#x-run").await;
    let error = browser.text("#x-variables-error").await;
    assert!(error.contains("not valid JSON"), "{error}");

    // A mutation with variables, as a named actor, run with Ctrl+Enter.
    browser
        .fill(
            "#x-variables",
            r#"{"i": {"slug": "search", "name": "Search"}}"#,
        )
        .await;
    browser.fill("#x-actor", "sam").await;
    browser
        .find("#x-variables")
        .await
        .send_keys(&format!("{CONTROL}{ENTER}{RELEASE}"))
        .await
        .unwrap();
    browser
        .wait_until("the created team", || async {
            browser
                .text("#x-result")
                .await
                .contains("\"slug\": \"search\"")
        })
        .await;
    assert!(!browser.exists("#x-variables-error:not([hidden])").await);
    let audit = served
        .graphql(
            "olivia",
            "{ auditEvents(filter: {entityType: \"team\", entityId: \"search\"}) { edges { node { actor } } } }",
            json!(null),
        )
        .await;
    assert_eq!(
        audit["auditEvents"]["edges"][0]["node"]["actor"], "sam",
        "{audit}"
    );

    // Errors are shown with their code.
    browser
        .fill("#x-query", "{ team(slug: \"nope\") { slug } }")
        .await;
    browser.fill("#x-variables", "").await;
    browser.click("#x-run").await;
    browser
        .wait_until("the error list", || async {
            browser.text("#x-errors").await.contains("NOT_FOUND")
        })
        .await;
    assert!(browser.text("#x-status").await.contains("1 error"));
    browser.close().await;
}
