//! Unit tests of the repository checks against an in-memory source.

use super::*;
use crate::domain::template::CheckSpec;
use crate::verify::{CheckOutcome, CheckResult};
use futures_util::future::BoxFuture;
use std::sync::Arc;

/// An in-memory repository; `broken` makes every call fail.
#[derive(Default)]
pub(super) struct MemRepo {
    pub files: Vec<(String, String)>,
    pub broken: Option<&'static str>,
    pub unreadable: Vec<&'static str>,
}

impl MemRepo {
    pub fn new(files: &[(&str, &str)]) -> Self {
        let files = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        Self {
            files,
            ..Self::default()
        }
    }
}

impl RepoSource for MemRepo {
    fn describe(&self) -> String {
        "memory".into()
    }
    fn tree(&self) -> BoxFuture<'_, Result<Arc<RepoTree>, SourceError>> {
        let files = self
            .files
            .iter()
            .map(|(path, text)| RepoFile {
                path: path.clone(),
                size: text.len() as u64,
            })
            .collect();
        let result = match self.broken {
            Some(m) => Err(SourceError::new(m)),
            None => Ok(Arc::new(RepoTree::new(Some("abc123".into()), files))),
        };
        Box::pin(async move { result })
    }
    fn read<'a>(
        &'a self,
        _: &'a RepoTree,
        path: &'a str,
    ) -> BoxFuture<'a, Result<Arc<str>, SourceError>> {
        Box::pin(async move {
            if self.unreadable.contains(&path) {
                return Err(SourceError::new(format!("{path}: connection reset")));
            }
            let text = self
                .files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.as_str());
            text.map(Arc::from)
                .ok_or_else(|| SourceError::new(format!("{path} missing")))
        })
    }
}

pub(super) fn spec(yaml: &str) -> CheckSpec {
    serde_saphyr::from_str(yaml).expect("test spec parses")
}

pub(super) async fn check(yaml: &str, repo: &MemRepo) -> CheckResult {
    run_repo_check(&spec(yaml), repo).await
}

#[tokio::test]
async fn file_exists_prefers_earlier_globs_and_respects_separators_and_case() {
    let repo = MemRepo::new(&[
        ("README", "x"),
        ("README.md", "x"),
        ("readme.rst", "x"),
        ("docs/design/api/v2.md", "x"),
        (".github/workflows/nested/ci.yml", "x"),
    ]);
    let r = check("kind: repo.file_exists\npaths: [README.md, README]", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert_eq!(r.evidence.path.as_deref(), Some("README.md"));
    assert_eq!(r.evidence.commit.as_deref(), Some("abc123"));
    assert_eq!(r.evidence.observed["match_count"], 2);
    assert_eq!(r.evidence.observed["kind"], "repo.file_exists");

    let r = check(
        "kind: repo.file_exists\npaths: ['docs/design/**/*.md']",
        &repo,
    )
    .await;
    assert_eq!(r.evidence.path.as_deref(), Some("docs/design/api/v2.md"));

    for globs in [
        "['README.RST']",
        "['.github/workflows/*.y*ml']",
        "['*.md', 'docs/*.md']",
    ] {
        let r = check(&format!("kind: repo.file_exists\npaths: {globs}"), &repo).await;
        let expected = if globs.contains("*.md'") {
            CheckOutcome::Pass
        } else {
            CheckOutcome::Fail
        };
        assert_eq!(r.outcome, expected, "{globs}: {}", r.evidence.summary);
    }
    let r = check(
        "kind: repo.file_exists\npaths: [ARCHITECTURE.md, 'docs/adr/*.md']",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(
        r.evidence.summary,
        "No file matches any of ARCHITECTURE.md, docs/adr/*.md"
    );
}

#[tokio::test]
async fn file_exists_min_bytes_names_files_too_small() {
    let repo = MemRepo::new(&[
        ("README.md", "short"),
        ("docs/runbook.md", &"x".repeat(300)),
    ]);
    let r = check(
        "kind: repo.file_exists\npaths: [README.md]\nmin_bytes: 500",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("README.md (5 bytes)"),
        "{}",
        r.evidence.summary
    );
    assert_eq!(r.evidence.observed["too_small"][0]["bytes"], 5);
    let r = check(
        "kind: repo.file_exists\npaths: [README.md, 'docs/*.md']\nmin_bytes: 200",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert_eq!(r.evidence.path.as_deref(), Some("docs/runbook.md"));
}

#[tokio::test]
async fn bad_globs_and_sources_are_errors_never_passes() {
    let repo = MemRepo::new(&[("a", "")]);
    let r = check("kind: repo.file_exists\npaths: ['src/[a-']", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence.summary.contains("src/[a-"),
        "{}",
        r.evidence.summary
    );

    let broken = MemRepo {
        broken: Some("github.com: 502 Bad Gateway"),
        ..MemRepo::default()
    };
    let r = check("kind: repo.file_exists\npaths: [a]", &broken).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence.summary.contains("502 Bad Gateway"),
        "{}",
        r.evidence.summary
    );

    let mut repo = MemRepo::new(&[("a.yaml", "x: 1"), ("b.txt", "hello")]);
    repo.unreadable = vec!["a.yaml"];
    let r = check(
        "kind: repo.yaml_path\npaths: [a.yaml]\npath: $.x\nop: exists",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("connection reset"));
    let r = check(
        "kind: repo.file_contains\npaths: ['*']\npattern: hello",
        &repo,
    )
    .await;
    assert_eq!(
        r.outcome,
        CheckOutcome::Pass,
        "a later readable match still counts"
    );
    let r = check(
        "kind: repo.file_contains\npaths: ['*']\npattern: absent",
        &repo,
    )
    .await;
    assert_eq!(
        r.outcome,
        CheckOutcome::Error,
        "cannot conclude without every file"
    );
}

#[tokio::test]
async fn file_contains_reports_first_matching_line() {
    let long = format!("  USER app {}  ", "y".repeat(400));
    let dockerfile = format!("FROM debian\nRUN true\n{long}\nUSER root\n");
    let repo = MemRepo::new(&[
        ("Dockerfile", &dockerfile),
        ("SECURITY.md", "Mail SECURITY@Acme.example\n"),
    ]);
    let r = check(
        "kind: repo.file_contains\npaths: [Dockerfile]\npattern: '^\\s*USER\\s+'",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert_eq!(
        (r.evidence.path.as_deref(), r.evidence.line),
        (Some("Dockerfile"), Some(3))
    );
    let quoted = r.evidence.observed["matched_line"]
        .as_str()
        .unwrap_or_default();
    assert!(
        quoted.starts_with("USER app yyy") && quoted.chars().count() == 201,
        "{quoted}"
    );

    let ci = "kind: repo.file_contains\npaths: [SECURITY.md]\npattern: 'security@acme'";
    assert_eq!(check(ci, &repo).await.outcome, CheckOutcome::Fail);
    let r = check(&format!("{ci}\ncase_insensitive: true"), &repo).await;
    assert_eq!((r.outcome, r.evidence.line), (CheckOutcome::Pass, Some(1)));

    let r = check(
        "kind: repo.file_contains\npaths: ['*.md', Dockerfile]\npattern: nothing-here",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(
        r.evidence.summary,
        "No file has a line matching `nothing-here` (searched SECURITY.md, Dockerfile)"
    );
    let r = check(
        "kind: repo.file_contains\npaths: [Jenkinsfile]\npattern: x",
        &repo,
    )
    .await;
    assert!(
        r.evidence
            .summary
            .starts_with("No file matches any of Jenkinsfile")
    );

    let r = check(
        "kind: repo.file_contains\npaths: [Dockerfile]\npattern: 'USER ('",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence
            .summary
            .contains("Invalid regular expression `USER (`")
    );
    let r = check(
        "kind: repo.file_contains\npaths: [Dockerfile]\npattern: 'svc-{{slug}}'",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("{{slug}}"));
}

#[tokio::test]
async fn branch_protection_is_not_applicable_locally_and_prometheus_is_refused() {
    let repo = MemRepo::new(&[]);
    let r = check("kind: repo.branch_protection\nmin_reviews: 1", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::NotApplicable);
    assert_eq!(
        r.evidence.summary,
        "branch protection can only be read from GitHub; this is a local checkout"
    );
    let prom = spec("kind: prometheus.target_up");
    assert!(!is_repo_check(&prom));
    assert!(is_repo_check(&spec("kind: repo.codeowners")));
    assert_eq!(
        run_repo_check(&prom, &repo).await.outcome,
        CheckOutcome::Error
    );
}

#[tokio::test]
async fn an_unfilled_placeholder_is_an_error_not_a_quiet_miss() {
    let repo = MemRepo::new(&[("deploy/app.yaml", "job: checkout\n")]);
    let r = check(
        "kind: repo.file_contains\npaths: ['deploy/*.yaml']\npattern: 'job: {{job}}'",
        &repo,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence.summary.contains("placeholder {{job}}"),
        "{}",
        r.evidence.summary
    );
}
