//! Introspection and the depth limit: the standard introspection query that GraphiQL,
//! graphql-js, Apollo and schemathesis send loads the schema, while user queries keep their
//! depth limit and introspection has a bound of its own.

use crate::dual_test;
use crate::helpers::{TestApp, code};
use serde_json::{Value, json};

/// graphql-js 16's `getIntrospectionQuery()` with every option on.
const STANDARD_INTROSPECTION: &str =
    include_str!("../../fixtures/graphql/introspection-query.graphql");

dual_test!(
    standard_introspection_loads_the_schema,
    user_queries_keep_the_depth_limit,
    introspection_has_its_own_bound,
);

/// Sends a raw JSON body to `/graphql` and returns the parsed response.
async fn post(app: &TestApp, body: Value) -> Value {
    app.client
        .post(format!("{}/graphql", app.base))
        .json(&body)
        .send()
        .await
        .expect("request sent")
        .json()
        .await
        .expect("JSON response")
}

fn assert_full_schema(body: &Value) {
    assert!(body.get("errors").is_none(), "errors: {body:#}");
    let schema = &body["data"]["__schema"];
    assert_eq!(schema["queryType"]["name"], "QueryRoot", "{schema:#}");
    assert_eq!(schema["mutationType"]["name"], "MutationRoot");
    let types = schema["types"].as_array().expect("types");
    let service = types
        .iter()
        .find(|t| t["name"] == "Service")
        .expect("the Service type is listed");
    assert!(
        service["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "dependencies"),
        "{service:#}"
    );
    assert!(
        !schema["directives"].as_array().unwrap().is_empty(),
        "{schema:#}"
    );
}

async fn standard_introspection_loads_the_schema(app: TestApp) {
    let body = app.gql(STANDARD_INTROSPECTION, Value::Null).await;
    assert_full_schema(&body);
    // As GraphiQL sends it: named operation, variables null.
    let named = post(
        &app,
        json!({"query": STANDARD_INTROSPECTION, "variables": null, "operationName": "IntrospectionQuery"}),
    )
    .await;
    assert_full_schema(&named);
    assert_eq!(named, body, "the same schema either way");
    // Beside user fields, in one operation.
    let mixed = app
        .ok("{ __schema { types { name } } teams { slug } }", json!({}))
        .await;
    assert_eq!(mixed["teams"], json!([]));
}

/// `service { team { services { team … } } }` with `levels` nested fields in all
/// (an odd number at least 3).
fn service_chain(levels: usize) -> String {
    assert!(levels >= 3 && levels % 2 == 1);
    let pairs = (levels - 3) / 2;
    format!(
        "{{ service(slug: \"checkout\") {{ {} team {{ slug }} {} }} }}",
        "team { services { ".repeat(pairs),
        "} } ".repeat(pairs)
    )
}

async fn user_queries_keep_the_depth_limit(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER3").await;
    // service › team › services › … › team › slug: 11 and 13 fields; 12 with `slug` one
    // level up.
    let twelve = format!(
        "{{ service(slug: \"checkout\") {{ {} slug {} }} }}",
        "team { services { ".repeat(5),
        "} } ".repeat(5)
    );
    let data = app.ok(&twelve, json!({})).await;
    let mut node = &data["service"];
    for _ in 0..5 {
        node = &node["team"]["services"][0];
    }
    assert_eq!(node["slug"], "checkout", "{data:#}");
    app.ok(&service_chain(11), json!({})).await;

    let body = app.gql(&service_chain(13), json!({})).await;
    assert_eq!(code(&body), "VALIDATION", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("nested too deep"), "{message}");
    assert!(message.contains("the limit is 12"), "{message}");
    assert!(body["data"].is_null(), "nothing ran: {body:#}");
}

/// `__type(name: "QueryRoot") { fields { type { ofType { … name } } } }`, `levels` deep.
fn of_type_chain(levels: usize) -> String {
    let of_types = levels - 4;
    format!(
        "{{ __type(name: \"QueryRoot\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { ".repeat(of_types),
        "} ".repeat(of_types)
    )
}

async fn introspection_has_its_own_bound(app: TestApp) {
    let fits = app.ok(&of_type_chain(20), json!({})).await;
    assert!(
        !fits["__type"]["fields"].as_array().unwrap().is_empty(),
        "{fits:#}"
    );
    let body = app.gql(&of_type_chain(21), json!({})).await;
    assert_eq!(code(&body), "VALIDATION", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("Introspection is nested too deep"),
        "{message}"
    );
    assert!(message.contains("is 20"), "{message}");
    let endless = app.gql(&of_type_chain(200), json!({})).await;
    assert_eq!(code(&endless), "VALIDATION", "{endless:#}");
}

/// Every `src="…"` and `href="…"` value in `html`.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].to_owned());
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_explorer_page_is_served_from_the_binary() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let page = app
        .client
        .get(format!("{}/graphql", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csp = page
        .headers()
        .get("content-security-policy")
        .expect("a CSP header")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains("GraphQL explorer"), "{html}");
    assert!(!html.contains("<script>"), "no inline script: {html}");
    assert!(!html.contains("<style"), "no inline style: {html}");
    assert!(!html.contains(" style=\""), "no inline style: {html}");

    let refs = references(&html);
    for r in &refs {
        assert!(
            (r.starts_with('/') && !r.starts_with("//")) || r.starts_with('#'),
            "only same-origin references: {r}"
        );
    }
    let scripts: Vec<&String> = refs
        .iter()
        .filter(|r| r.starts_with("/static/") && r.ends_with(".js"))
        .collect();
    for script in ["/static/explorer.", "/static/explorer-schema."] {
        assert!(
            scripts.iter().any(|s| s.starts_with(script)),
            "{script} in {refs:?}"
        );
    }
    assert!(
        refs.iter()
            .any(|r| r.starts_with("/static/explorer.") && r.ends_with(".css")),
        "{refs:?}"
    );
    // Every script and stylesheet the page names is served.
    for asset in refs.iter().filter(|r| r.starts_with("/static/")) {
        let res = app
            .client
            .get(format!("{}{asset}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{asset}");
        let body = res.text().await.unwrap();
        assert!(
            (!body.contains("http://") && !body.contains("https://")) || asset.ends_with(".svg"),
            "{asset} loads nothing from elsewhere"
        );
    }
}
