//! Health, readiness, metrics, request hardening and the no-N+1 guarantee.

use crate::dual_test;
use crate::helpers::TestApp;
use serde_json::json;

dual_test!(probes_and_metrics, list_queries_use_constant_statements);

async fn probes_and_metrics(app: TestApp) {
    let get = |path: &str| app.client.get(format!("{}{path}", app.base)).send();
    let health = get("/healthz").await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = get("/readyz").await.unwrap();
    assert_eq!(ready.status(), 200);
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    let explorer = get("/graphql").await.unwrap();
    assert_eq!(explorer.status(), 200);

    app.ok("{ teams { slug } }", json!({})).await;
    let metrics = get("/metrics").await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains("http_requests_total{route=\"/graphql\",method=\"POST\",status=\"200\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("http_request_duration_seconds_bucket{route=\"/graphql\""),
        "{metrics}"
    );
    assert!(metrics.contains("orrery_db_statements_total{"));

    // Refused requests may leave their connection closed by the server; a client of their own
    // keeps them from poisoning the shared connection pool.
    let raw = reqwest::Client::new();
    let post = |body: String, content_type: &'static str| {
        raw.post(format!("{}/graphql", app.base))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    // Simple cross-site form posts and multipart are refused.
    let text = post(r#"{"query":"{ teams { slug } }"}"#.into(), "text/plain")
        .await
        .unwrap();
    assert_eq!(text.status(), 415);
    // Batches are refused.
    let batch = post(
        r#"[{"query":"{ teams { slug } }"},{"query":"{ teams { slug } }"}]"#.into(),
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(batch.status(), 400);
    // Oversized bodies are refused before parsing.
    let huge = format!(
        r#"{{"query":"{{ teams {{ slug }} }}","variables":{{"pad":"{}"}}}}"#,
        "x".repeat(300 * 1024)
    );
    let big = post(huge, "application/json").await.unwrap();
    assert_eq!(big.status(), 413);
    // Depth and complexity limits stop abusive queries before they run.
    let deep = "{ services { edges { node { team { services { team { services { team { services { team { services { team { slug } } } } } } } } } } } } }";
    let body = app.gql(deep, json!({})).await;
    assert_eq!(crate::helpers::code(&body), "VALIDATION", "{body:#}");
    // Bad actor header.
    let bad_actor = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("x-orrery-actor", "not valid!")
        .json(&json!({"query": "{ teams { slug } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_actor.status(), 400);
}

const PORTFOLIO: &str = "{ services(first: 100) { edges { node {
    slug team { slug services { slug } } dependencies { kind targetService { slug } } dependents { service { slug } }
    slos { name } capacityPlan { replicas }
    scorecard { score level { name } gate { decision reasons { code } } categories { score } }
    currentReview { state progress { total answered } waivers { state } signOffs { role } items(filter: {blockersOnly: true}) { key outcome waived } }
    reviews { id }
} } } }";

async fn list_queries_use_constant_statements(app: TestApp) {
    app.seed_team("payments").await;
    let mut previous: Option<String> = None;
    let mut counts = Vec::new();
    let mut created = 0;
    for target in [3, 12, 30] {
        while created < target {
            let slug = format!("svc-{created:02}");
            app.seed_service(&slug, "payments", "TIER2").await;
            if let Some(prev) = &previous {
                app.ok(
                    "mutation($s: String!, $t: String!) { addDependency(input: {serviceSlug: $s, targetServiceSlug: $t, kind: HARD}) { id } }",
                    json!({"s": slug, "t": prev}),
                )
                .await;
            }
            app.ok(
                "mutation($s: String!) { defineSlo(serviceSlug: $s, input: {name: \"availability\", sliKind: RATIO, goodQuery: \"a\", totalQuery: \"b\", objectivePercent: 99.5}) { id } }",
                json!({"s": slug}),
            )
            .await;
            previous = Some(slug);
            created += 1;
        }
        let before = app.statements().await;
        let data = app.ok(PORTFOLIO, json!({})).await;
        let after = app.statements().await;
        assert_eq!(data["services"]["edges"].as_array().unwrap().len(), target);
        counts.push(after - before);
    }
    // The connection prefetches the relations the query selects (see graphql/prefetch.rs),
    // so a page costs the same statements at any length; an N+1 would add one per service.
    assert!(
        counts.windows(2).all(|w| w[0] == w[1]),
        "statement count must not grow with the list length: {counts:?}"
    );
    assert!(
        counts[0] <= 24,
        "a portfolio page should take a handful of statements: {counts:?}"
    );
}
