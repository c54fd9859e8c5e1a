//! The service page's catalog forms over plain HTTP (no JavaScript): SLOs (with "Test
//! query"), dependencies and the capacity plan — errors next to their fields with the input
//! kept, conflicts on stale saves, and the redirect back to the service page.

use super::html::*;
use super::meeting::location;
use crate::dual_test;
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

dual_test!(
    slo_forms_add_test_edit_and_delete,
    dependency_forms_add_and_remove,
    capacity_form_sets_the_plan
);

async fn body(res: reqwest::Response) -> (StatusCode, String) {
    (res.status(), res.text().await.unwrap())
}

async fn slo_forms_add_test_edit_and_delete(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;

    // The gate says an SLO is missing, and the page offers to add one right there.
    let (_, html) = get(&app, "/services/checkout").await;
    assert!(by_id(&html, "needs-slo").is_some(), "needs-slo notice");
    assert!(html.contains("href=\"/services/checkout/slos/new\""));
    let (status, html) = get(&app, "/services/checkout/slos/new").await;
    assert_eq!(status, StatusCode::OK);
    for id in [
        "f-name",
        "f-objective_percent",
        "f-window_days",
        "f-good_query",
        "f-total_query",
        "f-latency_metric",
        "f-latency_threshold_seconds",
    ] {
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "label for {id}"
        );
    }

    // Problems are shown next to their fields, with what was typed kept.
    let (status, html) = body(
        post(
            &app,
            "/services/checkout/slos/new",
            &[
                ("name", ""),
                ("sli_kind", "ratio"),
                ("good_query", "ok_total"),
                ("objective_percent", "100"),
                ("window_days", "a month"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&by_id(&html, "f-name-error").unwrap()).contains("must not be empty"));
    assert!(
        text(&by_id(&html, "f-total_query-error").unwrap())
            .contains("required for a ratio indicator")
    );
    assert!(text(&by_id(&html, "f-objective_percent-error").unwrap()).contains("99.9"));
    assert!(text(&by_id(&html, "f-window_days-error").unwrap()).contains("not a number"));
    assert_eq!(
        attr(&html, "f-window_days", "value").as_deref(),
        Some("a month")
    );
    assert!(by_id(&html, "f-good_query").unwrap().contains("ok_total"));

    // "Test query" without Prometheus says so plainly and saves nothing.
    let good = [
        ("name", "availability"),
        ("sli_kind", "ratio"),
        (
            "good_query",
            "http_requests_total{job=\"checkout\",code!~\"5..\"}",
        ),
        ("total_query", "http_requests_total{job=\"checkout\"}"),
        ("objective_percent", "99.9"),
        ("window_days", "28"),
    ];
    let mut test = good.to_vec();
    test.push(("action", "test"));
    let (status, html) = body(post(&app, "/services/checkout/slos/new", &test).await).await;
    assert_eq!(status, StatusCode::OK);
    let result = section(&html, "probe-title");
    assert!(result.contains("No Prometheus is connected"), "{result}");
    assert!(!result.contains("--"), "no command-line flags: {result}");
    let (_, page) = get(&app, "/services/checkout").await;
    assert!(section(&page, "slo-title").contains("No SLOs defined"));

    // Saving adds it and returns to the service page.
    let res = post(&app, "/services/checkout/slos/new", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/services/checkout?saved=slo"));
    let (_, page) = get(&app, "/services/checkout?saved=slo").await;
    assert!(text(&page).contains("SLO saved."));
    assert!(section(&page, "slo-title").contains("availability"));
    assert!(by_id(&page, "needs-slo").is_none(), "the gate has its SLO");
    let again = post(&app, "/services/checkout/slos/new", &good).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&by_id(&again.text().await.unwrap(), "f-name-error").unwrap())
            .contains("already has an SLO")
    );

    // Editing: a stale save is a conflict that keeps what was typed.
    let id = app
        .ok(
            "{ service(slug: \"checkout\") { slos { id version } } }",
            json!({}),
        )
        .await["service"]["slos"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let edit = format!("/services/checkout/slos/{id}/edit");
    let (status, html) = get(&app, &edit).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        attr(&html, "f-objective_percent", "value").as_deref(),
        Some("99.9")
    );
    let mut latency = vec![
        ("name", "availability"),
        ("sli_kind", "latency"),
        (
            "latency_metric",
            "http_request_duration_seconds{job=\"checkout\"}",
        ),
        ("latency_threshold_seconds", "0.3"),
        ("objective_percent", "99.5"),
        ("window_days", "7"),
        ("version", "1"),
    ];
    let res = post(&app, &edit, &latency).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/services/checkout").await;
    assert!(section(&page, "slo-title").contains("99.5% over 7 days"));
    latency[4] = ("objective_percent", "99.95");
    let (status, html) = body(post(&app, &edit, &latency).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text(&by_id(&html, "conflict").unwrap()).contains("changed while you were editing"));
    assert_eq!(
        attr(&html, "f-objective_percent", "value").as_deref(),
        Some("99.95")
    );

    // Deleting it (at the current version) puts the gate's SLO reason back.
    let res = post(
        &app,
        &format!("/services/checkout/slos/{id}/delete"),
        &[("version", "2")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/services/checkout").await;
    assert!(section(&page, "slo-title").contains("No SLOs defined"));
    assert!(by_id(&page, "needs-slo").is_some());
}

async fn dependency_forms_add_and_remove(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    app.seed_service("ledger", "payments", "TIER1").await;
    let (status, html) = get(&app, "/services/checkout/dependencies/new").await;
    assert_eq!(status, StatusCode::OK);
    let picks = by_id(&html, "service-picks").unwrap();
    assert!(picks.contains("value=\"ledger\"") && !picks.contains("value=\"checkout\""));

    for (form, field, says) in [
        (
            vec![("target", "nope"), ("kind", "hard")],
            "f-target-error",
            "external system",
        ),
        (
            vec![("target", "checkout"), ("kind", "hard")],
            "f-target-error",
            "cannot depend on itself",
        ),
        (
            vec![
                ("target", "ledger"),
                ("external_name", "Stripe"),
                ("kind", "hard"),
            ],
            "f-target-error",
            "not both",
        ),
        (vec![("kind", "hard")], "f-target-error", "pick a service"),
        (
            vec![
                ("target", "ledger"),
                ("kind", "hard"),
                ("timeout_ms", "soon"),
            ],
            "f-timeout_ms-error",
            "not a number",
        ),
        (
            vec![("target", "ledger"), ("kind", "hard"), ("timeout_ms", "0")],
            "f-timeout_ms-error",
            "between 1 and 3600000",
        ),
    ] {
        let (status, html) =
            body(post(&app, "/services/checkout/dependencies/new", &form).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        let error = by_id(&html, field).unwrap_or_else(|| panic!("{field} for {form:?}"));
        assert!(text(&error).contains(says), "{form:?}: {}", text(&error));
        assert!(
            !text(&error).contains('`'),
            "no code quotes: {}",
            text(&error)
        );
    }

    // Picked by name; an external system beside it.
    let res = post(
        &app,
        "/services/checkout/dependencies/new",
        &[("target", "Svc"), ("kind", "hard")],
    )
    .await;
    // Both seeded services are named "Svc": the slug is asked for.
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(
        &app,
        "/services/checkout/dependencies/new",
        &[
            ("target", "ledger"),
            ("kind", "hard"),
            ("timeout_ms", "800"),
            ("retry_policy", "2 retries"),
            ("fallback", "queue the write"),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(
        &app,
        "/services/checkout/dependencies/new",
        &[("external_name", "Stripe API"), ("kind", "soft")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/services/checkout?saved=dependency").await;
    let deps = section(&page, "deps-title");
    assert!(
        deps.contains("timeout 800 ms") && deps.contains("Stripe API"),
        "{deps}"
    );
    let dup = post(
        &app,
        "/services/checkout/dependencies/new",
        &[("target", "ledger"), ("kind", "soft")],
    )
    .await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Remove: a stale button is explained, a current one removes.
    let data = app
        .ok(
            "{ service(slug: \"checkout\") { dependencies { id version externalName } } }",
            json!({}),
        )
        .await;
    let stripe = data["service"]["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["externalName"] == "Stripe API")
        .unwrap()
        .clone();
    let remove = format!(
        "/services/checkout/dependencies/{}/remove",
        stripe["id"].as_str().unwrap()
    );
    let stale = post(&app, &remove, &[("version", "7")]).await;
    assert_eq!(
        location(&stale),
        "/services/checkout?saved=dependency-stale#deps-title"
    );
    let res = post(
        &app,
        &remove,
        &[("version", &stripe["version"].to_string())],
    )
    .await;
    assert_eq!(
        location(&res),
        "/services/checkout?saved=dependency-removed#deps-title"
    );
    let (_, page) = get(&app, "/services/checkout").await;
    assert!(!section(&page, "deps-title").contains("Stripe API"));
}

async fn capacity_form_sets_the_plan(app: TestApp) {
    app.seed_team("payments").await;
    app.seed_service("checkout", "payments", "TIER2").await;
    let (_, page) = get(&app, "/services/checkout").await;
    assert!(text(&by_id(&page, "set-capacity").unwrap()).contains("Set the capacity plan"));
    let (status, html) = get(&app, "/services/checkout/capacity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<label for=\"f-event_name_0\""));

    let bad = [
        ("peak_rps", "lots"),
        ("unit_capacity_rps", "400"),
        ("replicas", "0"),
        ("headroom_target_pct", "30"),
        ("load_test_url", "ftp://x"),
        ("event_name", "Black Friday"),
        ("event_date", "soon"),
        ("event_multiplier", "3"),
    ];
    let (status, html) = body(post(&app, "/services/checkout/capacity", &bad).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&by_id(&html, "f-peak_rps-error").unwrap()).contains("not a number"));
    assert!(text(&by_id(&html, "f-event_date_0-error").unwrap()).contains("date"));
    assert_eq!(
        attr(&html, "f-event_name_0", "value").as_deref(),
        Some("Black Friday")
    );

    let mut good = vec![
        ("peak_rps", "1200"),
        ("unit_capacity_rps", "400"),
        ("replicas", "5"),
        ("growth_pct_per_month", "5"),
        ("headroom_target_pct", "30"),
        ("load_test_url", "https://loadtests.example/checkout"),
        ("reviewed_at", "2026-12-01"),
        ("event_name", "Black Friday"),
        ("event_date", "2026-11-27"),
        ("event_multiplier", "2"),
        ("version", ""),
    ];
    let res = post(&app, "/services/checkout/capacity", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = get(&app, "/services/checkout").await;
    let plan = section(&page, "capacity-title");
    assert!(
        plan.contains("1,200 rps") || plan.contains("1200 rps"),
        "{plan}"
    );
    assert!(plan.contains("Change the plan"));

    // A second "first" plan, or a stale one, is a conflict that keeps the typed figures.
    good[0] = ("peak_rps", "1500");
    let (status, html) = body(post(&app, "/services/checkout/capacity", &good).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(by_id(&html, "conflict").is_some());
    assert_eq!(attr(&html, "f-peak_rps", "value").as_deref(), Some("1500"));
    good[10] = ("version", "1");
    let res = post(&app, "/services/checkout/capacity", &good).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}
