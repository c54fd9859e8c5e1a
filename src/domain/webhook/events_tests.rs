use super::*;
use serde_json::{Value, json};

const HEAD: &str = "1111111111111111111111111111111111111111";
const BASE: &str = "2222222222222222222222222222222222222222";

fn repo() -> Value {
    json!({"id": 1, "name": "orders", "full_name": "Acme/orders", "owner": {"login": "Acme"},
           "default_branch": "main", "private": true})
}

fn pr() -> Value {
    json!({"number": 7, "draft": true, "head": {"ref": "fix", "sha": HEAD},
           "base": {"ref": "main", "sha": BASE}})
}

fn parsed(event: &str, body: Value) -> Delivery {
    parse_delivery(event, body.to_string().as_bytes()).expect("parses")
}

#[test]
fn pull_request_actions_that_change_the_head_or_base_are_work() {
    for action in ["opened", "synchronize", "reopened", "ready_for_review"] {
        let body = json!({"action": action, "number": 7, "pull_request": pr(),
                          "repository": repo(), "installation": {"id": 99}, "extra": [1, 2]});
        let Delivery::Work(w) = parsed("pull_request", body) else {
            panic!("{action} is work");
        };
        assert_eq!(
            w,
            PrCheckRequest {
                kind: JobKind::PullRequest,
                owner: "Acme".into(),
                name: "orders".into(),
                installation_id: Some(99),
                head_sha: Some(HEAD.into()),
                base_sha: Some(BASE.into()),
                pr_number: Some(7),
                check_run_id: None,
            }
        );
        assert_eq!(w.full_name(), "Acme/orders");
    }
    let retargeted = json!({"action": "edited", "pull_request": pr(), "repository": repo(),
                            "changes": {"base": {"ref": {"from": "develop"}}}});
    assert!(matches!(
        parsed("pull_request", retargeted),
        Delivery::Work(_)
    ));
    for action in ["closed", "labeled", "edited", "brand_new_action"] {
        let body = json!({"action": action, "pull_request": pr(), "repository": repo()});
        let Delivery::Ignored(why) = parsed("pull_request", body) else {
            panic!("{action} is ignored");
        };
        assert!(why.contains(action), "{why}");
    }
}

#[test]
fn reruns_name_their_run_or_suite_and_need_a_pull_request() {
    let run = json!({"action": "rerequested", "repository": repo(), "installation": {"id": 5},
        "check_run": {"id": 42, "name": "Orrery readiness: orders", "head_sha": HEAD,
                      "pull_requests": [pr()]}});
    let Delivery::Work(w) = parsed("check_run", run) else {
        panic!("rerun is work")
    };
    assert_eq!(
        (w.kind, w.check_run_id, w.base_sha.as_deref()),
        (JobKind::RerunCheck, Some(42), Some(BASE))
    );
    let suite = json!({"action": "rerequested", "repository": repo(),
        "check_suite": {"id": 3, "head_sha": HEAD, "pull_requests": [pr()]}});
    let Delivery::Work(w) = parsed("check_suite", suite) else {
        panic!("suite rerun is work")
    };
    assert_eq!((w.kind, w.pr_number), (JobKind::RerunSuite, Some(7)));
    let no_pr = json!({"action": "rerequested", "repository": repo(),
        "check_suite": {"id": 3, "head_sha": HEAD, "pull_requests": []}});
    assert!(matches!(parsed("check_suite", no_pr), Delivery::Ignored(_)));
    let requested = json!({"action": "requested", "repository": repo(),
        "check_suite": {"id": 3, "head_sha": HEAD, "pull_requests": [pr()]}});
    assert!(matches!(
        parsed("check_suite", requested),
        Delivery::Ignored(_)
    ));
}

#[test]
fn only_pushes_to_the_default_branch_are_work() {
    let push = |git_ref: &str, deleted: bool| {
        json!({"ref": git_ref, "before": BASE, "after": HEAD, "deleted": deleted,
               "repository": repo(), "installation": {"id": 5}})
    };
    let Delivery::Work(w) = parsed("push", push("refs/heads/main", false)) else {
        panic!("push to main is work")
    };
    assert_eq!(
        (w.kind, w.head_sha.as_deref(), w.base_sha),
        (JobKind::Push, Some(HEAD), None)
    );
    assert!(matches!(
        parsed("push", push("refs/heads/feature", false)),
        Delivery::Ignored(_)
    ));
    assert!(matches!(
        parsed("push", push("refs/tags/main", false)),
        Delivery::Ignored(_)
    ));
    assert!(matches!(
        parsed("push", push("refs/heads/main", true)),
        Delivery::Ignored(_)
    ));
}

#[test]
fn ping_unknown_events_and_bad_payloads() {
    assert_eq!(
        parsed("ping", json!({"zen": "Keep it simple."})),
        Delivery::Ping
    );
    assert!(matches!(parsed("issues", json!({})), Delivery::Ignored(_)));
    let e = parse_delivery("pull_request", b"{not json").unwrap_err();
    assert_eq!(e.event, "pull_request");
    let missing = json!({"action": "opened", "repository": repo()});
    assert!(parse_delivery("pull_request", missing.to_string().as_bytes()).is_err());
    let mut bad_pr = pr();
    bad_pr["head"]["sha"] = json!("not-a-sha");
    let body = json!({"action": "opened", "pull_request": bad_pr, "repository": repo()});
    let e = parse_delivery("pull_request", body.to_string().as_bytes()).unwrap_err();
    assert!(e.reason.contains("not-a-sha"), "{e}");
    let mut bad_repo = repo();
    bad_repo["name"] = json!("../etc");
    let body = json!({"action": "opened", "pull_request": pr(), "repository": bad_repo});
    assert!(parse_delivery("pull_request", body.to_string().as_bytes()).is_err());
}
