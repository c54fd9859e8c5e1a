//! `orrery verify` speaks the API's words: outcomes as GraphQL spells them, exit 1 when an
//! item errored (0 with `--allow-errors`), 2 when a service could not be verified, and
//! `--format json` prints the report `verifyService` returns.

use crate::helpers::{Backend, TestApp, fixture_repos};
use serde_json::{Value, json};
use std::process::{Command, Output};

/// Every field of `verifyService`'s report.
const VERIFY: &str = "mutation($s: String!) { verifyService(slug: $s) { reviewId source commit
    items { itemKey outcome summary path line object applied flagged } skipped { itemKey reason } } }";

/// `orrery verify ARGS` against the app's database, with no source configured from the
/// environment.
async fn verify(app: &TestApp, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orrery"));
    cmd.arg("verify")
        .args(["--database-url", &app.database_url])
        .args(args);
    for var in [
        "ORRERY_DATABASE_URL",
        "ORRERY_LOCAL_REPOS_ROOT",
        "ORRERY_PROMETHEUS_URL",
        "ORRERY_GITHUB_TOKEN",
        "ORRERY_GITHUB_APP_ID",
        "ORRERY_GITHUB_APP_KEY_FILE",
    ] {
        cmd.env_remove(var);
    }
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn shown(out: &Output) -> String {
    format!(
        "{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An app with the service `checkout` whose repository is the neglected fixture.
async fn app_with_neglected_service() -> TestApp {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.seed_team("shop").await;
    let repo = fixture_repos().join("neglected").display().to_string();
    app.ok(
        "mutation($r: String!) { createService(input: {slug: \"checkout\", name: \"Checkout\",
            teamSlug: \"shop\", tier: TIER2, repository: $r}) { slug } }",
        json!({"r": repo}),
    )
    .await;
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_uses_the_api_outcomes_and_errored_items_fail_the_command() {
    let app = app_with_neglected_service().await;
    let root = fixture_repos().display().to_string();

    // Every item ran: failing items are reported, the command succeeds.
    let out = verify(
        &app,
        &["--service", "checkout", "--local-repos-root", &root],
    )
    .await;
    let text = shown(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("checkout: "), "{text}");
    assert!(text.contains(" PASS, "), "{text}");
    assert!(text.contains("\n  FAIL resilience.replicas: "), "{text}");
    assert!(
        text.contains("\n  NOT_APPLICABLE change_management.code_review: "),
        "{text}"
    );
    for rust_name in ["NotApplicable", "Fail ", "Error "] {
        assert!(!text.contains(rust_name), "{rust_name} in {text}");
    }

    // Local checkouts off: every repository item is an ERROR, and the command fails.
    let out = verify(&app, &["--service", "checkout"]).await;
    let text = shown(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("\n  ERROR ownership.readme: "), "{text}");
    assert!(text.contains("0 PASS, 0 FAIL, "), "{text}");
    assert!(text.contains("pass --allow-errors"), "{text}");

    let out = verify(&app, &["--service", "checkout", "--allow-errors"]).await;
    let text = shown(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("\n  ERROR ownership.readme: "), "{text}");

    // A service that cannot be verified at all is worse than an errored item.
    let out = verify(&app, &["--service", "nope", "--allow-errors"]).await;
    let text = shown(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("nope: cannot verify: "), "{text}");
    assert!(text.contains("(NOT_FOUND)"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_the_report_verify_service_returns() {
    let app = app_with_neglected_service().await;
    let root = fixture_repos().display().to_string();
    let args = [
        "--service",
        "checkout",
        "--format",
        "json",
        "--local-repos-root",
        &root,
    ];
    let out = verify(&app, &args).await;
    let text = shown(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let printed: Value = serde_json::from_slice(&out.stdout).expect(&text);
    let api = app.ok(VERIFY, json!({"s": "checkout"})).await["verifyService"].clone();
    assert_eq!(printed, json!({ "checkout": api }));
    // Fields come in the API's order too.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let at = |field: &str| stdout.find(&format!("\"{field}\"")).expect(field);
    assert!(at("reviewId") < at("source") && at("commit") < at("items"));
    assert!(at("items") < at("skipped") && at("itemKey") < at("outcome"));
    let outcomes: Vec<&str> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["outcome"].as_str().unwrap())
        .collect();
    assert!(outcomes.contains(&"FAIL") && outcomes.contains(&"NOT_APPLICABLE"));

    // Errored items: the same report shape, and the exit status says so.
    let out = verify(&app, &["--service", "checkout", "--format", "json"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = printed["checkout"]["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["outcome"] == "ERROR"), "{printed:#}");

    // A service that cannot be verified is `null`, with the reason on stderr.
    let out = verify(&app, &["--service", "nope", "--format", "json"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(printed, json!({ "nope": null }));
}
