//! `repo.branch_protection` on the wiremock GitHub: classic protection, rulesets, both,
//! none, and no permission to read them.

use super::fake::*;
use crate::domain::template::CheckSpec;
use crate::verify::repo::run_repo_check;
use crate::verify::{CheckOutcome, CheckResult};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

const HEAD: &str = "0123456789abcdef0123456789abcdef01234567";

fn spec(yaml: &str) -> CheckSpec {
    serde_saphyr::from_str(&format!("kind: repo.branch_protection\n{yaml}")).expect("spec")
}

/// A fake with branch `main` at [`HEAD`] and nothing else mounted.
async fn fake() -> MockServer {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    mount_repo(&server).await;
    mount_branch(&server, "main", HEAD, BRANCH_PRIORITY).await;
    server
}

async fn check(server: &MockServer, yaml: &str) -> CheckResult {
    run_repo_check(&spec(yaml), &github(server).repo(OWNER, NAME)).await
}

/// A ruleset rule as `GET /repos/{o}/{r}/rules/branches/{b}` lists it.
fn rule(kind: &str, parameters: Value, id: u64, source_type: &str, source: &str) -> Value {
    json!({ "type": kind, "parameters": parameters, "ruleset_source_type": source_type,
            "ruleset_source": source, "ruleset_id": id })
}

fn reviews(n: u32) -> Value {
    json!({ "required_approving_review_count": n, "dismiss_stale_reviews_on_push": false,
            "require_code_owner_review": false, "require_last_push_approval": false,
            "required_review_thread_resolution": false })
}

fn checks(names: &[&str]) -> Value {
    let list: Vec<Value> = names.iter().map(|c| json!({ "context": c })).collect();
    json!({ "strict_required_status_checks_policy": true, "required_status_checks": list })
}

const NEEDS: &str = "min_reviews: 1\nrequire_status_checks: true";

#[tokio::test]
async fn classic_protection_alone_passes() {
    let server = fake().await;
    mount_protection(&server, "main", Some(classic(2, &["ci/build"])), json!([])).await;
    let r = check(&server, NEEDS).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    assert_eq!(
        r.evidence.summary,
        "main is protected: 2 approving reviews required by classic branch protection; \
         status checks ci/build required by classic branch protection (1 approving review \
         and passing status checks needed)"
    );
    let o = &r.evidence.observed;
    assert_eq!(o["required_reviews"], 2);
    assert_eq!(o["reviews_from"], "classic branch protection");
    assert_eq!(o["status_checks"], json!(["ci/build"]));
    assert_eq!(r.evidence.commit.as_deref(), Some(HEAD));
}

#[tokio::test]
async fn rulesets_alone_pass_and_name_each_ruleset() {
    let server = fake().await;
    let rules = json!([
        rule("deletion", Value::Null, 42, "Repository", "acme/orders"),
        rule("pull_request", reviews(1), 42, "Repository", "acme/orders"),
        rule(
            "required_status_checks",
            checks(&["test", "lint"]),
            7,
            "Organization",
            "acme"
        ),
    ]);
    mount_protection(&server, "main", None, rules).await;
    let r = check(&server, NEEDS).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    let o = &r.evidence.observed;
    assert_eq!(o["reviews_from"], "ruleset 42 (Repository acme/orders)");
    assert_eq!(o["status_checks"], json!(["lint", "test"]));
    assert_eq!(
        o["status_checks_from"],
        json!(["ruleset 7 (Organization acme)"])
    );
    assert_eq!(
        o["rules"].as_array().map(Vec::len),
        Some(2),
        "one entry per ruleset"
    );
}

#[tokio::test]
async fn with_both_the_strongest_rule_wins() {
    let server = fake().await;
    let rules = json!([rule("pull_request", reviews(3), 9, "Organization", "acme")]);
    mount_protection(&server, "main", Some(classic(1, &["ci"])), rules).await;
    let r = check(&server, "min_reviews: 2\nrequire_status_checks: true").await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    assert_eq!(r.evidence.observed["required_reviews"], 3);
    assert_eq!(
        r.evidence.observed["reviews_from"],
        "ruleset 9 (Organization acme)"
    );
    assert_eq!(
        r.evidence.observed["status_checks_from"],
        json!(["classic branch protection"])
    );

    let r = check(&server, "min_reviews: 4").await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary
            == "main is not protected enough: 3 approving reviews required by ruleset 9 \
                (Organization acme); status checks ci required by classic branch protection \
                (4 approving reviews needed)",
        "{}",
        r.evidence.summary
    );
}

#[tokio::test]
async fn an_unprotected_branch_fails_with_evidence() {
    let server = fake().await;
    mount_protection(&server, "main", None, json!([])).await;
    let r = check(&server, NEEDS).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary
            == "main is not protected: no classic branch protection and no active ruleset \
                applies (1 approving review and passing status checks needed)",
        "{}",
        r.evidence.summary
    );
    assert_eq!(r.evidence.observed["required_reviews"], 0);
    assert_eq!(r.evidence.observed["rules"], json!([]));
    assert_eq!(r.evidence.commit.as_deref(), Some(HEAD));

    // Status checks switched on with none named block nothing.
    let mut empty = classic(1, &[]);
    empty["required_status_checks"]["contexts"] = json!([]);
    let server = fake().await;
    mount_protection(&server, "main", Some(empty), json!([])).await;
    let r = check(&server, NEEDS).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.ends_with(
            "no status check is required (1 approving review and passing status checks needed)"
        ),
        "{}",
        r.evidence.summary
    );
}

#[tokio::test]
async fn no_permission_to_read_protection_is_an_error() {
    for (status, message) in [
        (403, "Resource not accessible by integration"),
        (404, "Not Found"),
    ] {
        let server = fake().await;
        get(&repo_path("/branches/main/protection"))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({ "message": message })),
            )
            .mount(&server)
            .await;
        let r = check(&server, NEEDS).await;
        assert_eq!(r.outcome, CheckOutcome::Error, "{}", r.evidence.summary);
        let s = &r.evidence.summary;
        assert!(
            s.starts_with(
                "Could not read the branch protection of GitHub repository acme/orders at http://"
            ),
            "{s}"
        );
        assert!(
            s.contains(&format!("{status}")) && s.contains(message),
            "{s}"
        );
        assert!(s.contains("Administration: read"), "{s}");
    }
    let server = fake().await;
    mount_protection(&server, "main", Some(classic(1, &["ci"])), json!([])).await;
    get(&repo_path("/rules/branches/main"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({ "message": "Forbidden" })))
        .with_priority(1)
        .mount(&server)
        .await;
    let r = check(&server, NEEDS).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{}", r.evidence.summary);
    assert!(
        r.evidence
            .summary
            .contains("reading the rulesets for branch main of acme/orders failed")
    );
}

#[tokio::test]
async fn a_named_branch_is_read_without_the_default_branch() {
    let server = MockServer::start().await;
    mount_fallback(&server).await;
    mount_branch(&server, "release/v1", HEAD, BRANCH_PRIORITY).await;
    let rules = json!([rule(
        "pull_request",
        reviews(2),
        1,
        "Repository",
        "acme/orders"
    )]);
    mount_protection(&server, "release/v1", None, rules).await;
    let r = check(&server, "branch: release/v1\nmin_reviews: 2").await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    assert_eq!(r.evidence.observed["branch"], "release/v1");

    let r = check(&server, "branch: gone\nmin_reviews: 1").await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence
            .summary
            .contains("reading branch gone of acme/orders failed: the branch does not exist"),
        "{}",
        r.evidence.summary
    );
}
