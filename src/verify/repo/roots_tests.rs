use super::*;
use std::fs;

/// A fresh directory tree: `allowed/repo`, `allowed/link-out` → `secret`, and `secret/`.
fn tree(name: &str) -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("orrery-roots-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    fs::create_dir_all(base.join("allowed/repo/sub")).unwrap();
    fs::create_dir_all(base.join("secret")).unwrap();
    fs::write(base.join("allowed/file.txt"), "x").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(base.join("secret"), base.join("allowed/link-out")).unwrap();
    (base.clone(), base.join("allowed"))
}

#[test]
fn no_roots_means_local_checkouts_are_off() {
    let roots = LocalRoots::new(&[]).unwrap();
    assert!(!roots.enabled());
    let e = roots.resolve("/srv/repo").unwrap_err();
    assert_eq!(e, Refused::Disabled);
    assert!(e.to_string().contains("--local-repos-root"), "{e}");
    assert!(e.to_string().contains("ORRERY_LOCAL_REPOS_ROOT"), "{e}");
}

#[test]
fn paths_inside_a_root_resolve_to_their_canonical_directory() {
    let (base, allowed) = tree("inside");
    let roots = LocalRoots::new(std::slice::from_ref(&allowed)).unwrap();
    let canonical_allowed = fs::canonicalize(&allowed).unwrap();
    let repo = format!("{}/repo", allowed.display());
    assert_eq!(
        roots.resolve(&repo).unwrap(),
        canonical_allowed.join("repo")
    );
    let dotted = format!("{}/repo/sub/../", allowed.display());
    assert_eq!(
        roots.resolve(&dotted).unwrap(),
        canonical_allowed.join("repo")
    );
    assert_eq!(
        roots.resolve(&allowed.display().to_string()).unwrap(),
        canonical_allowed
    );
    fs::remove_dir_all(base).unwrap();
}

#[test]
fn escapes_are_refused() {
    let (base, allowed) = tree("escape");
    let roots = LocalRoots::new(std::slice::from_ref(&allowed)).unwrap();
    let outside = |p: String| {
        let e = roots.resolve(&p).unwrap_err();
        assert!(matches!(e, Refused::Outside { .. }), "{p}: {e}");
    };
    outside("/etc".into());
    outside("/".into());
    outside(format!("{}/repo/../../secret", allowed.display()));
    outside(format!("{}/../secret", allowed.display()));
    outside("../../../../../../etc".into());
    #[cfg(unix)]
    outside(format!("{}/link-out", allowed.display()));
    // Whether something exists outside the roots is not revealed.
    let absent = roots.resolve("/no/such/place").unwrap_err();
    assert!(matches!(absent, Refused::Outside { .. }));
    fs::remove_dir_all(base).unwrap();
}

#[test]
fn missing_and_non_directories_inside_a_root_are_named() {
    let (base, allowed) = tree("missing");
    let roots = LocalRoots::new(std::slice::from_ref(&allowed)).unwrap();
    let e = roots
        .resolve(&format!("{}/nope", allowed.display()))
        .unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
    let e = roots
        .resolve(&format!("{}/file.txt", allowed.display()))
        .unwrap_err();
    assert!(e.to_string().contains("not a directory"), "{e}");
    fs::remove_dir_all(base).unwrap();
}

#[test]
fn roots_must_exist() {
    let e = LocalRoots::new(&[PathBuf::from("/no/such/root")]).unwrap_err();
    assert!(e.contains("/no/such/root"), "{e}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever a client writes — `..`, `.`, links out, absolute jumps — a path that resolves
    /// is a directory inside the root.
    #[test]
    fn whatever_resolves_lies_inside_the_root(
        segments in proptest::collection::vec(
            proptest::sample::select(vec!["..", ".", "repo", "sub", "link-out", "etc", "", "/etc"]),
            0..8,
        ),
        absolute in proptest::bool::ANY,
    ) {
        let (base, allowed) = tree_once();
        let roots = LocalRoots::new(std::slice::from_ref(&allowed)).unwrap();
        let canonical_root = fs::canonicalize(&allowed).unwrap();
        let tail = segments.join("/");
        let path = if absolute { format!("{}/{tail}", allowed.display()) } else { tail };
        if let Ok(dir) = roots.resolve(&path) {
            proptest::prop_assert!(dir.starts_with(&canonical_root), "{path} -> {dir:?}");
            proptest::prop_assert!(dir.is_dir());
        }
        let _ = base;
    }
}

/// One shared tree for the property test (created on first use, never removed while running).
fn tree_once() -> (PathBuf, PathBuf) {
    static TREE: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    TREE.get_or_init(|| tree("property")).clone()
}
