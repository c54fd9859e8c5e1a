//! The worker posts one check run per service on the head commit: the change's title,
//! summary, annotations and conclusion; later deliveries update that run; a re-run request
//! posts a new one.

use super::fake::{FakeChecks, Files, Run};
use super::*;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use orrery::store::entities::pr_check_run;
use serde_json::json;

/// The well-prepared fixture without its README and security policy (base), and the same
/// with the README back and the deployment cut to one replica (head): the change fixes a
/// minor item, breaks a blocker, and leaves the security policy failing as before.
fn commits() -> Vec<(String, Files)> {
    let all = crate::github_fake::load_dir(&crate::helpers::fixture_repos().join("well-prepared"));
    let base: Files = all
        .iter()
        .filter(|(p, _)| p != "README.md" && p != "SECURITY.md")
        .cloned()
        .collect();
    let head: Files = all
        .iter()
        .filter(|(p, _)| p != "SECURITY.md")
        .map(|(p, b)| {
            if p == "deploy/deployment.yaml" {
                let text = String::from_utf8_lossy(b).replace("replicas: 3", "replicas: 1");
                (p.clone(), text.into_bytes())
            } else {
                (p.clone(), b.clone())
            }
        })
        .collect();
    vec![(BASE.to_owned(), base), (HEAD.to_owned(), head)]
}

async fn setup(backend: Backend) -> (TestApp, wiremock::MockServer, FakeChecks) {
    let (github, fake) = FakeChecks::new(commits()).start().await;
    let app = spawn(backend, Some(&github.uri())).await;
    service_on(&app, "orders", "Acme/Orders").await;
    (app, github, fake)
}

fn patches(run: &Run) -> Vec<&Value> {
    run.bodies.iter().skip(1).collect()
}

async fn stored_runs(app: &TestApp) -> Vec<pr_check_run::Model> {
    pr_check_run::Entity::find()
        .all(app.services.db.conn())
        .await
        .unwrap()
}

async fn a_change_that_fixes_one_item_and_breaks_a_blocker_fails_once(backend: Backend) {
    let (app, _github, fake) = setup(backend).await;
    let body = pull_request("opened", "acme/orders", HEAD);
    assert_eq!(
        deliver(&app, "pull_request", "pr-1", &body).await.status(),
        202
    );
    let done = settled(&app).await;
    assert_eq!(
        done[0].outcome.as_deref(),
        Some(&*format!("posted 1 check run on {HEAD}"))
    );
    let runs = fake.runs();
    assert_eq!(runs.len(), 1, "exactly one check run: {runs:#?}");
    let run = &runs[0];
    assert_eq!(run.name, "Orrery readiness: orders");
    assert_eq!(run.head_sha, HEAD);
    let created = &run.bodies[0];
    assert_eq!(created["status"], "in_progress");
    assert!(
        created["external_id"]
            .as_str()
            .unwrap()
            .starts_with("service:")
    );

    let completed = patches(run)
        .into_iter()
        .find(|b| b["status"] == "completed")
        .expect("a completing PATCH");
    assert_eq!(completed["conclusion"], "failure");
    let title = completed["output"]["title"].as_str().unwrap();
    // The gate stays NO-GO (most items are unanswered); the score drops.
    assert!(
        title.starts_with("NO-GO · ") && title.contains(" → ") && title.contains("(-"),
        "{title}"
    );
    let summary = completed["output"]["summary"].as_str().unwrap();
    for part in [
        "### Broken by this change (1)",
        "`resilience.replicas`",
        "### Fixed by this change (1)",
        "`ownership.readme`",
        "### Failing before this change (not caused by it)",
        "`ownership.security_contact`",
        &format!("Base `{}` → head `{}`", &BASE[..12], &HEAD[..12]),
    ] {
        assert!(summary.contains(part), "{part} missing in:\n{summary}");
    }
    let broken = summary.split("### Fixed").next().unwrap();
    assert!(!broken.contains("ownership.security_contact"), "{summary}");
    let annotations: Vec<&Value> = patches(run)
        .iter()
        .flat_map(|b| b["output"]["annotations"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(annotations.len(), 1, "{annotations:#?}");
    assert_eq!(annotations[0]["path"], "deploy/deployment.yaml");
    assert_eq!(annotations[0]["annotation_level"], "failure");

    let stored = stored_runs(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (
            stored[0].check_run_id,
            stored[0].conclusion.as_deref(),
            stored[0].annotations
        ),
        (run.id, Some("failure"), 1)
    );
}

async fn a_redelivery_updates_the_same_run_and_a_rerun_posts_a_new_one(backend: Backend) {
    let (app, _github, fake) = setup(backend).await;
    let opened = pull_request("opened", "acme/orders", HEAD);
    deliver(&app, "pull_request", "pr-1", &opened).await;
    settled(&app).await;
    let first = fake.runs()[0].clone();

    // Another delivery about the same head: the same run is updated, nothing is created,
    // and its annotation is not sent twice (GitHub would append it again).
    let reopened = pull_request("reopened", "acme/orders", HEAD);
    assert_eq!(
        deliver(&app, "pull_request", "pr-2", &reopened)
            .await
            .status(),
        202
    );
    settled(&app).await;
    let runs = fake.runs();
    assert_eq!(runs.len(), 1, "no second POST: {runs:#?}");
    let later: Vec<&Value> = runs[0].bodies[first.bodies.len()..].iter().collect();
    assert!(
        later.iter().any(|b| b["status"] == "in_progress"),
        "{later:#?}"
    );
    let again = later
        .iter()
        .find(|b| b["status"] == "completed")
        .expect("completed again");
    assert_eq!(again["conclusion"], "failure");
    assert!(
        again["output"]
            .get("annotations")
            .is_none_or(|a| a.as_array().unwrap().is_empty())
    );

    // "Re-run" on that run: a new run for the same service and commit.
    let rerun = json!({
        "action": "rerequested",
        "check_run": {"id": first.id, "name": first.name, "head_sha": HEAD,
                      "pull_requests": [{"number": 12, "head": {"ref": "change", "sha": HEAD},
                                         "base": {"ref": "main", "sha": BASE}}]},
        "repository": {"name": "orders", "full_name": "acme/orders",
                       "owner": {"login": "acme"}, "default_branch": "main"},
        "installation": {"id": 77}
    });
    assert_eq!(
        deliver(&app, "check_run", "rr-1", &rerun).await.status(),
        202
    );
    settled(&app).await;
    let runs = fake.runs();
    assert_eq!(runs.len(), 2, "{runs:#?}");
    assert_eq!(
        (runs[1].name.as_str(), runs[1].head_sha.as_str()),
        (first.name.as_str(), HEAD)
    );
    let completed = runs[1]
        .bodies
        .iter()
        .find(|b| b["status"] == "completed")
        .unwrap();
    assert_eq!(
        completed["output"]["annotations"].as_array().map(Vec::len),
        Some(1)
    );
    let stored = stored_runs(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].check_run_id, runs[1].id);
}

async fn a_lost_record_adopts_the_run_github_has(backend: Backend) {
    let (app, _github, fake) = setup(backend).await;
    deliver(
        &app,
        "pull_request",
        "pr-1",
        &pull_request("opened", "acme/orders", HEAD),
    )
    .await;
    settled(&app).await;
    pr_check_run::Entity::delete_many()
        .exec(app.services.db.conn())
        .await
        .unwrap();
    let again = pull_request("synchronize", "acme/orders", HEAD);
    deliver(&app, "pull_request", "pr-2", &again).await;
    settled(&app).await;
    assert_eq!(
        fake.runs().len(),
        1,
        "the run GitHub has is updated, not duplicated"
    );
    assert_eq!(stored_runs(&app).await[0].check_run_id, fake.runs()[0].id);
}

async fn a_push_to_the_default_branch_reverifies_the_services(backend: Backend) {
    let (app, _github, fake) = setup(backend).await;
    let push = |git_ref: &str| {
        json!({"ref": git_ref, "before": BASE, "after": HEAD, "deleted": false,
               "repository": {"name": "orders", "full_name": "acme/orders",
                              "owner": {"login": "acme"}, "default_branch": "main"},
               "installation": {"id": 77}})
    };
    let other = deliver(&app, "push", "push-0", &push("refs/heads/feature")).await;
    assert_eq!(other.status(), 204);
    assert_eq!(
        deliver(&app, "push", "push-1", &push("refs/heads/main"))
            .await
            .status(),
        202
    );
    let done = settled(&app).await;
    assert_eq!(done.len(), 1);
    // Background verification is off in the tests' apps: the worker verifies at once.
    assert_eq!(done[0].outcome.as_deref(), Some("verified 1 of 1 services"));
    assert!(fake.runs().is_empty());
}

dual_backend_test!(
    a_push_to_the_default_branch_reverifies_the_services,
    a_change_that_fixes_one_item_and_breaks_a_blocker_fails_once,
    a_redelivery_updates_the_same_run_and_a_rerun_posts_a_new_one,
    a_lost_record_adopts_the_run_github_has,
);
