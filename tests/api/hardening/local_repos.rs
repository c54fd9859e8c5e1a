//! Local checkouts: off without `--local-repos-root`, confined to the roots with it.

use crate::dual_test;
use crate::helpers::{Backend, TestApp, code, field, fixture_repos};
use orrery::config::SourceArgs;
use serde_json::{Value, json};

dual_test!(
    local_paths_inside_the_roots_are_stored_canonical,
    escapes_from_the_roots_are_refused,
    symlinks_out_of_the_root_are_refused_and_never_quoted
);

const CREATE: &str = "mutation($s: String!, $r: String) { createService(input: {slug: $s, name: \"S\", teamSlug: \"payments\", tier: TIER3, repository: $r}) { repository version } }";
const UPDATE: &str = "mutation($s: String!, $v: Int!, $r: String) { updateService(slug: $s, expectedVersion: $v, input: {repository: $r}) { repository } }";
const VERIFY: &str = "mutation($s: String!) { verifyService(slug: $s) { items { itemKey outcome summary } skipped { itemKey } } }";

async fn create(app: &TestApp, slug: &str, repo: &str) -> Value {
    app.gql(CREATE, json!({"s": slug, "r": repo})).await
}

fn assert_refused(body: &Value, needle: &str) {
    assert_eq!(code(body), "VALIDATION", "{body:#}");
    assert_eq!(field(body), "input.repository", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains(needle), "`{needle}` in {message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_roots_local_checkouts_are_off() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = TestApp::spawn_with(backend, SourceArgs::default()).await;
        app.seed_team("payments").await;
        let well = fixture_repos().join("well-prepared").display().to_string();
        for repo in [well.as_str(), "/etc", "file:/root", "./tests"] {
            assert_refused(&create(&app, "svc", repo).await, "--local-repos-root");
        }
        // GitHub repositories are unaffected.
        let ok = create(&app, "svc", "acme/svc").await;
        assert_eq!(
            ok["data"]["createService"]["repository"], "acme/svc",
            "{ok:#}"
        );
        assert_refused(
            &app.gql(UPDATE, json!({"s": "svc", "v": 1, "r": well}))
                .await,
            "ORRERY_LOCAL_REPOS_ROOT",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_local_checkout_verifies_as_an_error_once_roots_are_gone() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        // Stored while allowed (the default test app allows the fixtures) …
        let app = TestApp::spawn(backend).await;
        app.seed_team("payments").await;
        let well = fixture_repos().join("well-prepared").display().to_string();
        let body = create(&app, "svc", &well).await;
        assert!(body.get("errors").is_none(), "{body:#}");
        // … then verified by a server without roots, on the same database.
        let strict = app.restart_with(SourceArgs::default()).await;
        let report = strict.ok(VERIFY, json!({"s": "svc"})).await["verifyService"].clone();
        let items = report["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{report:#}");
        let refused = items
            .iter()
            .filter(|i| i["outcome"] == "ERROR")
            .filter(|i| {
                i["summary"]
                    .as_str()
                    .unwrap()
                    .contains("--local-repos-root")
            })
            .count();
        assert!(
            refused >= 10 && refused == items.len(),
            "every repository check is an error that says how to enable them: {report:#}"
        );
        assert!(
            items.iter().all(|i| i["outcome"] != "PASS"),
            "nothing passes: {report:#}"
        );
    }
}

async fn local_paths_inside_the_roots_are_stored_canonical(app: TestApp) {
    app.seed_team("payments").await;
    let root = fixture_repos().canonicalize().unwrap();
    let dotted = format!(
        "file:{}/neglected/../well-prepared/",
        fixture_repos().display()
    );
    let body = create(&app, "svc", &dotted).await;
    assert_eq!(
        body["data"]["createService"]["repository"],
        format!("file:{}", root.join("well-prepared").display()),
        "{body:#}"
    );
    let report = app.ok(VERIFY, json!({"s": "svc"})).await["verifyService"].clone();
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["outcome"] == "PASS"),
        "{report:#}"
    );
}

async fn escapes_from_the_roots_are_refused(app: TestApp) {
    app.seed_team("payments").await;
    let root = fixture_repos().display().to_string();
    for repo in [
        "/etc".to_owned(),
        "/".to_owned(),
        "file:/root".to_owned(),
        "../../somewhere".to_owned(),
        format!("{root}/../../../src"),
        format!("{root}/well-prepared/../.."),
        format!("file:{root}/.."),
    ] {
        assert_refused(&create(&app, "svc", &repo).await, "outside the directories");
    }
    assert_refused(
        &create(&app, "svc", &format!("{root}/no-such-checkout")).await,
        "does not exist",
    );
    // Nothing was stored.
    let listed = app
        .ok("{ services { edges { node { slug } } } }", json!({}))
        .await;
    assert_eq!(listed["services"]["edges"], json!([]));
}

async fn symlinks_out_of_the_root_are_refused_and_never_quoted(app: TestApp) {
    app.seed_team("payments").await;
    // A root of our own holding a checkout whose files link out of it, and a link to /etc.
    let base = std::env::temp_dir().join(format!(
        "orrery-links-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let root = base.join("root");
    let secret = base.join("secret");
    std::fs::create_dir_all(root.join("repo")).unwrap();
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("Dockerfile"), "USER secret-token-1234\n").unwrap();
    std::fs::write(root.join("repo/README.md"), "# repo\n").unwrap();
    std::os::unix::fs::symlink(secret.join("Dockerfile"), root.join("repo/Dockerfile")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("repo/docs")).unwrap();
    std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
    let app = app
        .restart_with(SourceArgs {
            local_repos_roots: vec![root.clone()],
            ..SourceArgs::default()
        })
        .await;
    assert_refused(
        &create(&app, "svc", &root.join("etc").display().to_string()).await,
        "outside the directories",
    );
    let body = create(&app, "svc", &root.join("repo").display().to_string()).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let report = app.ok(VERIFY, json!({"s": "svc"})).await.to_string();
    assert!(
        !report.contains("secret-token"),
        "quoted a file outside the root: {report}"
    );
    std::fs::remove_dir_all(base).unwrap();
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}
