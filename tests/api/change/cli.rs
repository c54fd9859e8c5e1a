//! `orrery check` on git repositories with two commits: offline (the repository checks
//! alone) and against a running server, with GitHub Actions' step summary.

use crate::helpers::{Backend, TestApp};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A git repository whose first commit is the well-prepared fixture without its README and
/// whose second restores the README and runs the container as root (in the Dockerfile and
/// in the Deployment): one item fixed, one blocker broken.
fn two_commit_repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orrery-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/well-prepared");
    copy_dir(&fixture, &dir);
    let readme = std::fs::read(dir.join("README.md")).unwrap();
    std::fs::remove_file(dir.join("README.md")).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "base"]);
    std::fs::write(dir.join("README.md"), readme).unwrap();
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM debian:12\nCOPY app /app\nUSER root\nENTRYPOINT [\"/app\"]\n",
    )
    .unwrap();
    let deployment = dir.join("deploy/deployment.yaml");
    let yaml = std::fs::read_to_string(&deployment).unwrap();
    std::fs::write(
        &deployment,
        yaml.replace("runAsNonRoot: true", "runAsNonRoot: false"),
    )
    .unwrap();
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "head"]);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

async fn check(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> (Output, String) {
    let summary = dir.with_extension("summary.md");
    let _ = std::fs::remove_file(&summary);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orrery"));
    cmd.arg("check")
        .arg("--repo")
        .arg(dir)
        .args(extra)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env_remove("GITHUB_BASE_REF")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("ORRERY_SERVER")
        .env_remove("ORRERY_TOKEN");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let written = std::fs::read_to_string(&summary).unwrap_or_default();
    let _ = std::fs::remove_file(&summary);
    (out, written)
}

fn text(out: &Output) -> String {
    format!(
        "{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn offline_the_repository_checks_alone_decide_by_the_policy() {
    let dir = two_commit_repo("offline");
    let (out, summary) = check(&dir, &["--service", "pay-api", "--tier", "tier3"], &[]).await;
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("Orrery readiness: pay-api: Repository checks: "),
        "{shown}"
    );
    assert!(shown.contains("1 broken, 1 fixed [failure]"), "{shown}");
    // The broken blocker is annotated on the line that broke it (`USER root`).
    assert!(
        shown.contains("::error file=Dockerfile,line=3,title=Orrery%3A "),
        "{shown}"
    );
    assert!(
        summary.starts_with("## Orrery readiness: pay-api"),
        "{summary}"
    );
    assert!(
        summary.contains("### Broken by this change (1)"),
        "{summary}"
    );
    assert!(summary.contains("`security.non_root`"), "{summary}");
    assert!(
        summary.contains("### Fixed by this change (1)"),
        "{summary}"
    );

    let (out, _) = check(
        &dir,
        &[
            "--service",
            "pay-api",
            "--tier",
            "tier3",
            "--policy",
            "informational",
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("::warning file=Dockerfile"));

    // Judging the head against itself finds nothing new.
    let (out, _) = check(&dir, &["--base", "HEAD", "--tier", "tier3"], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A base that does not exist cannot be judged.
    let (out, _) = check(&dir, &["--base", "no-such-branch"], &[]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("fetch-depth"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_server_the_whole_scorecard_is_judged() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.seed_team("pay").await;
    app.ok(
        "mutation { createService(input: {slug: \"pay-api\", name: \"Pay\", teamSlug: \"pay\", tier: TIER3, repository: \"acme/pay\"}) { slug } }",
        serde_json::json!({}),
    )
    .await;
    let dir = two_commit_repo("server");
    // The service is found from the repository GitHub Actions names.
    let (out, summary) = check(
        &dir,
        &["--server", &app.base],
        &[("GITHUB_REPOSITORY", "Acme/Pay")],
    )
    .await;
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("Orrery readiness: pay-api: NO-GO · "),
        "{shown}"
    );
    assert!(shown.contains("::error file=Dockerfile,line=3,"), "{shown}");
    assert!(summary.contains("| Gate | NO-GO | NO-GO |"), "{summary}");
    assert!(
        summary.contains("### Broken by this change (1)"),
        "{summary}"
    );

    // An unknown service is reported, exit 2.
    let (out, _) = check(&dir, &["--server", &app.base, "--service", "nope"], &[]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot check `nope`"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

const MANIFEST_WITHOUT_SLO: &str = "apiVersion: orrery.dev/v1
kind: Service
service:
  slug: pay-api
  name: Pay
  team: pay
  tier: tier2
  lifecycle: development
";

const SLO: &str = "slos:
  - name: availability
    sli:
      kind: ratio
      good_query: sum(rate(http_requests_total{job=\"pay\",code!~\"5..\"}[5m]))
      total_query: sum(rate(http_requests_total{job=\"pay\"}[5m]))
    objective_percent: 99.9
    window_days: 28
";

/// A repository whose head adds an SLO to its manifest, then one whose head breaks it.
fn manifest_repo(name: &str, head_manifest: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orrery-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/well-prepared");
    copy_dir(&fixture, &dir);
    std::fs::write(dir.join("orrery.yaml"), MANIFEST_WITHOUT_SLO).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "base"]);
    std::fs::write(dir.join("orrery.yaml"), head_manifest).unwrap();
    git(&dir, &["commit", "-qam", "head"]);
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manifest_that_adds_an_slo_clears_no_slo_in_the_after_scorecard() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.seed_team("pay").await;
    app.seed_service("pay-api", "pay", "TIER2").await;
    let dir = manifest_repo("slo", &format!("{MANIFEST_WITHOUT_SLO}{SLO}"));
    let (out, summary) = check(&dir, &["--server", &app.base, "--service", "pay-api"], &[]).await;
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    // The base has no SLO (NO_SLO blocks); the head's manifest declares one.
    let head_blockers = summary
        .split("### What blocks launch at the head")
        .nth(1)
        .unwrap_or_default();
    assert!(!head_blockers.is_empty(), "{summary}");
    assert!(!head_blockers.contains("NO_SLO"), "{summary}");

    let (out, summary) = check(
        &dir,
        &[
            "--server",
            &app.base,
            "--service",
            "pay-api",
            "--base",
            "HEAD",
            "--head",
            "HEAD~1",
        ],
        &[],
    )
    .await;
    assert!(summary.contains("`NO_SLO`"), "{}\n{summary}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_change_that_breaks_the_manifest_is_annotated_on_its_line() {
    let broken = MANIFEST_WITHOUT_SLO.replace("tier: tier2", "tier: tier9");
    let dir = manifest_repo("broken", &broken);
    let (out, summary) = check(&dir, &["--tier", "tier3"], &[]).await;
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("::error file=orrery.yaml,line=7,"),
        "{shown}"
    );
    assert!(
        summary.contains("### The readiness manifest has problems (1)"),
        "{summary}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
