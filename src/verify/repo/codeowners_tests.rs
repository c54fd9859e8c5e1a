//! Unit tests of CODEOWNERS parsing, pattern semantics and the `repo.codeowners` check.

use super::codeowners::{Codeowners, translate};
use super::tests::{MemRepo, check};
use crate::verify::CheckOutcome;

fn owns(rules: &str, path: &str) -> bool {
    !Codeowners::parse(&format!("{rules} @o"))
        .owners_of(path)
        .is_empty()
}

#[test]
fn patterns_follow_github_semantics() {
    let cases: &[(&str, &str, bool)] = &[
        ("*", "a/b/c.rs", true),
        ("*.js", "web/app.js", true),
        ("*.js", "app.jsx", false),
        ("/build/logs/", "build/logs/a/b.log", true),
        ("/build/logs/", "x/build/logs/a.log", false),
        ("apps/", "deep/apps/main.rs", true),
        ("apps/", "apps", false),
        ("/docs/", "docs/a.md", true),
        ("/docs/", "src/docs/a.md", false),
        ("docs/*", "docs/getting-started.md", true),
        ("docs/*", "docs/build-app/troubleshooting.md", false),
        ("docs", "x/docs/a.md", true),
        ("docs", "docs", true),
        ("**/logs", "deeply/nested/logs/x", true),
        ("src/**/test", "src/a/b/test/x.rs", true),
        ("/src/main.rs", "src/main.rs", true),
        ("/src/main.rs", "lib/src/main.rs", false),
        ("README.md", "sub/README.md", true),
        ("Makefile", "makefile", false),
        ("/*", "top.txt", true),
        ("/*", "dir/nested.txt", false),
        ("a?c", "abc", true),
        ("a?c", "a/c", false),
        ("{a}", "{a}", true),
    ];
    for (pattern, path, expected) in cases {
        assert_eq!(
            owns(pattern, path),
            *expected,
            "{pattern} vs {path}: {:?}",
            translate(pattern)
        );
    }
}

#[test]
fn parse_skips_comments_and_invalid_lines_and_last_match_wins() {
    let text = "\
# comment
*            @acme/everyone   # trailing comment

/vendor/
/deploy/     @acme/platform dev@acme.example
!negated     @x
/bad/        not-an-owner
\\#hash.txt  @hash
";
    let c = Codeowners::parse(text);
    assert_eq!(c.rules.len(), 4, "{:?}", c.rules);
    assert_eq!(c.skipped.len(), 2, "{:?}", c.skipped);
    assert!(c.skipped[0].starts_with("line 6:"));
    assert_eq!(c.owners_of("src/lib.rs"), ["@acme/everyone"]);
    assert!(
        c.owners_of("vendor/dep.rs").is_empty(),
        "a rule without owners un-owns"
    );
    assert_eq!(
        c.owners_of("deploy/app.yaml"),
        ["@acme/platform", "dev@acme.example"]
    );
    assert_eq!(c.owners_of("#hash.txt"), ["@hash"]);
    assert_eq!(
        c.rule_for("bad/x").map(|r| r.line),
        Some(2),
        "invalid line ignored"
    );
}

#[tokio::test]
async fn check_finds_codeowners_in_githubs_order_and_lists_unowned_files() {
    let files = [
        ("CODEOWNERS", "* @root-file"),
        (".github/CODEOWNERS", "/src/ @acme/dev\n/docs/ @acme/docs\n"),
        ("src/main.rs", ""),
        ("docs/a.md", ""),
        ("README.md", ""),
        ("Makefile", ""),
    ];
    let repo = MemRepo::new(&files);
    let r = check("kind: repo.codeowners", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(r.evidence.path.as_deref(), Some(".github/CODEOWNERS"));
    assert_eq!(r.evidence.observed["unowned_count"], 4);
    assert!(r.evidence.summary.starts_with("4 of 6 files have no owner in .github/CODEOWNERS: .github/CODEOWNERS, CODEOWNERS, Makefile, README.md"), "{}", r.evidence.summary);

    let r = check("kind: repo.codeowners\npaths: ['src/**', 'docs/**']", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{}", r.evidence.summary);
    let r = check("kind: repo.codeowners\npaths: ['service/**']", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.starts_with("No file matches service/**"));

    let repo = MemRepo::new(&[
        ("CODEOWNERS", "# owners\n\n*   @acme/team\n"),
        ("a/b.rs", ""),
    ]);
    let r = check("kind: repo.codeowners", &repo).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert_eq!(
        (r.evidence.path.as_deref(), r.evidence.line),
        (Some("CODEOWNERS"), Some(3))
    );
    assert_eq!(r.evidence.observed["default_owners"][0], "@acme/team");

    let r = check("kind: repo.codeowners", &MemRepo::new(&[("x.rs", "")])).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert_eq!(
        r.evidence.summary,
        "No CODEOWNERS file at .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS"
    );
}
