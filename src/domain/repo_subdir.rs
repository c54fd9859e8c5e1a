//! A service's directory inside its repository (monorepos): where its checks look.

use super::{FieldError, FieldResult};
use std::fmt;

/// Longest sub-directory accepted, in bytes.
const MAX_LEN: usize = 300;

/// A relative, normalised directory inside a repository: `/`-separated segments, none empty,
/// `.` or `..`, no leading or trailing `/`. It can only name something inside the repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RepoSubdir(String);

impl RepoSubdir {
    /// Parses `value`; an empty value, `.` or `./` mean the repository root (`None`).
    /// A leading `./` and a trailing `/` are dropped.
    pub fn parse(field: &str, value: &str) -> FieldResult<Option<Self>> {
        let v = value.trim();
        let v = v.strip_prefix("./").unwrap_or(v);
        let v = v.trim_end_matches('/');
        if v.is_empty() || v == "." {
            return Ok(None);
        }
        let bad = |why: &str| Err(FieldError::new(field, why.to_owned()));
        if v.len() > MAX_LEN {
            return bad(&format!("must be at most {MAX_LEN} characters"));
        }
        if v.starts_with('/') {
            return bad("must be relative to the repository root (no leading `/`)");
        }
        if v.contains('\\') {
            return bad("separate directories with `/`, not `\\`");
        }
        if v.chars().any(char::is_control) {
            return bad("must not contain control characters");
        }
        for segment in v.split('/') {
            match segment {
                "" => return bad("must not contain empty segments (`//`)"),
                "." | ".." => {
                    return bad(
                        "must not contain `.` or `..` segments: it names a directory \
                                inside the repository",
                    );
                }
                _ => {}
            }
        }
        Ok(Some(Self(v.to_owned())))
    }

    /// The directory, e.g. `services/payments`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `path` (repository-relative) seen from inside this directory, if it lies inside it.
    pub fn strip<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(self.0.as_str())?
            .strip_prefix('/')
            .filter(|rest| !rest.is_empty())
    }

    /// A path relative to this directory as a repository-relative path.
    pub fn join(&self, path: &str) -> String {
        format!("{}/{path}", self.0)
    }
}

impl fmt::Display for RepoSubdir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::RepoSubdir;

    fn ok(v: &str) -> Option<String> {
        RepoSubdir::parse("p", v)
            .unwrap()
            .map(|s| s.as_str().to_owned())
    }

    #[test]
    fn normalises_and_names_the_root() {
        assert_eq!(ok(""), None);
        assert_eq!(ok("./"), None);
        assert_eq!(ok("."), None);
        assert_eq!(ok("./services/pay/"), Some("services/pay".into()));
        assert_eq!(ok("apps/checkout-api"), Some("apps/checkout-api".into()));
    }

    #[test]
    fn refuses_anything_outside_or_odd() {
        for bad in ["/etc", "a/../b", "..", "a//b", "a\\b", "a/./b", "a\u{0}b"] {
            let e = RepoSubdir::parse("repositoryPath", bad).unwrap_err();
            assert_eq!(e.field, "repositoryPath", "{bad}");
        }
        assert!(RepoSubdir::parse("p", &"a/".repeat(200)).is_err());
    }

    #[test]
    fn strips_and_joins_paths() {
        let d = RepoSubdir::parse("p", "svc/pay").unwrap().unwrap();
        assert_eq!(d.strip("svc/pay/Dockerfile"), Some("Dockerfile"));
        assert_eq!(d.strip("svc/payments/Dockerfile"), None);
        assert_eq!(d.strip("svc/pay"), None);
        assert_eq!(d.join("k8s/a.yaml"), "svc/pay/k8s/a.yaml");
    }
}
