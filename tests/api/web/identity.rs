//! "Who are you?": the name a person picks in the UI is kept in a cookie, shown in every
//! page's header and recorded on what they do, including the UI's own GraphQL calls.

use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::{StatusCode, header, redirect};
use serde_json::{Value, json};

dual_test!(
    choosing_a_name_is_remembered_and_recorded,
    a_bad_name_is_explained_next_to_the_field,
    cross_site_graphql_is_refused
);

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

async fn choose(app: &TestApp, login: &str, return_to: &str) -> reqwest::Response {
    no_redirects()
        .post(format!("{}/me", app.base))
        .form(&[("login", login), ("return_to", return_to)])
        .send()
        .await
        .unwrap()
}

async fn choosing_a_name_is_remembered_and_recorded(app: TestApp) {
    let slug = "checkout";
    app.seed_team("payments").await;
    app.seed_service(slug, "payments", "TIER3").await;
    let res = choose(&app, " dana.w ", &format!("/services/{slug}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], format!("/services/{slug}"));
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("orrery_actor=dana.w;"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();

    // Every page's header now names the person.
    let page = no_redirects()
        .get(format!("{}/services/{slug}", app.base))
        .header(header::COOKIE, &pair)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("You are <a href=\"/account\"><strong>dana.w</strong></a>"),
        "{page}"
    );
    let anonymous = reqwest::get(format!("{}/", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(anonymous.contains("Who are you?"));

    // A same-origin GraphQL call with only the cookie acts as that person.
    let review = app
        .ok(
            "query($s: String!) { service(slug: $s) { currentReview { id items { key } } } }",
            json!({"s": slug}),
        )
        .await["service"]["currentReview"]
        .clone();
    let body: Value = no_redirects()
        .post(format!("{}/graphql", app.base))
        .header(header::COOKIE, &pair)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({
            "query": "mutation($r: ID!, $k: String!) { respondToItem(reviewId: $r, itemKey: $k, outcome: PASS, expectedVersion: 0) { respondedBy } }",
            "variables": {"r": review["id"], "k": review["items"][0]["key"]},
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["data"]["respondToItem"]["respondedBy"], "dana.w",
        "{body}"
    );

    // Forgetting clears the cookie.
    let res = no_redirects()
        .post(format!("{}/me", app.base))
        .form(&[("login", "dana.w"), ("forget", "1"), ("return_to", "/")])
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
}

async fn a_bad_name_is_explained_next_to_the_field(app: TestApp) {
    let res = choose(&app, "dana smith", "https://evil.example/").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"f-login-error\""), "{html}");
    assert!(
        html.contains("value=\"dana smith\""),
        "typed text kept: {html}"
    );
    // An off-site return address is never followed.
    assert!(html.contains("name=\"return_to\" value=\"/\""), "{html}");
}

async fn cross_site_graphql_is_refused(app: TestApp) {
    let res = no_redirects()
        .post(format!("{}/graphql", app.base))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"query": "{ teams { slug } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
}
