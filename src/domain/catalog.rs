//! Catalog vocabulary: tiers, lifecycles, dependency kinds, links and monitoring selectors.

use super::validation::{http_url, optional_text, required_text};
use super::{FieldError, FieldResult};
use serde::{Deserialize, Serialize};

/// Declares a closed set of values stored and exchanged as lowercase strings.
#[macro_export]
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored/wire spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored/wire spelling, naming `field` and the allowed values on error.
            pub fn parse(field: &str, value: &str) -> $crate::domain::FieldResult<Self> {
                match value {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::domain::FieldError::new(field, format!(
                        "`{other}` is not one of: {}",
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// How critical a service is; tier1 is the most critical.
    Tier { Tier1 => "tier1", Tier2 => "tier2", Tier3 => "tier3", Tier4 => "tier4" }
);

impl Tier {
    /// Tier1 and tier2 services must define at least one SLO to launch.
    pub fn requires_slo(self) -> bool {
        matches!(self, Tier::Tier1 | Tier::Tier2)
    }
}

string_enum!(
    /// Where a service is in its life.
    Lifecycle {
        Planned => "planned",
        Development => "development",
        Beta => "beta",
        Production => "production",
        Deprecated => "deprecated",
    }
);

string_enum!(
    /// Whether a dependency's failure takes the service down (`hard`) or degrades it (`soft`).
    DependencyKind { Hard => "hard", Soft => "soft" }
);

string_enum!(
    /// What a service link points at.
    LinkKind {
        Runbook => "runbook",
        Dashboard => "dashboard",
        Oncall => "oncall",
        Docs => "docs",
        Repository => "repository",
        Other => "other",
    }
);

/// A titled link from a service to its runbook, dashboards, on-call schedule, ...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// What the link points at.
    pub kind: LinkKind,
    /// Short label shown in the UI.
    pub title: String,
    /// Absolute http(s) URL.
    pub url: String,
}

impl Link {
    /// Validates a link given at position `index` of a list field named `field`.
    pub fn parse(
        field: &str,
        index: usize,
        kind: LinkKind,
        title: &str,
        url: &str,
    ) -> FieldResult<Self> {
        Ok(Self {
            kind,
            title: required_text(&format!("{field}[{index}].title"), title, 100)?,
            url: http_url(&format!("{field}[{index}].url"), url)?,
        })
    }
}

/// How to find the service in Prometheus: its job and any extra label matchers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Monitoring {
    /// Value of the `job` label of the service's scrape targets.
    pub job: Option<String>,
    /// Kubernetes namespace (or equivalent) label value.
    pub namespace: Option<String>,
    /// Extra label matchers, e.g. `app="checkout"`, joined with commas in queries.
    pub matchers: Vec<String>,
}

impl Monitoring {
    /// Validates the parts of a selector; label values may not contain quotes or newlines.
    pub fn parse(
        field: &str,
        job: Option<&str>,
        namespace: Option<&str>,
        matchers: &[String],
    ) -> FieldResult<Self> {
        let clean = |name: &str, v: Option<&str>| -> FieldResult<Option<String>> {
            let v = optional_text(&format!("{field}.{name}"), v, 200)?;
            if let Some(s) = &v
                && s.contains(['"', '\n', '\\'])
            {
                return Err(FieldError::new(
                    format!("{field}.{name}"),
                    "must not contain quotes, backslashes or newlines",
                ));
            }
            Ok(v)
        };
        let mut parsed = Vec::with_capacity(matchers.len());
        for (i, m) in matchers.iter().enumerate() {
            let f = format!("{field}.matchers[{i}]");
            let m = required_text(&f, m, 300)?;
            let ok = m.split_once(['=', '!']).is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            if !ok || m.contains('\n') {
                return Err(FieldError::new(
                    f,
                    "must be a label matcher like `app=\"checkout\"`",
                ));
            }
            parsed.push(m);
        }
        Ok(Self {
            job: clean("job", job)?,
            namespace: clean("namespace", namespace)?,
            matchers: parsed,
        })
    }

    /// The PromQL label-matcher list for this service, e.g. `job="checkout",namespace="shop"`.
    pub fn selector(&self) -> String {
        let mut parts = Vec::new();
        if let Some(job) = &self.job {
            parts.push(format!("job=\"{job}\""));
        }
        if let Some(ns) = &self.namespace {
            parts.push(format!("namespace=\"{ns}\""));
        }
        parts.extend(self.matchers.iter().cloned());
        parts.join(",")
    }
}

/// A repository reference: `owner/name` on GitHub, or a local path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repository {
    /// `owner/name` on GitHub.
    GitHub { owner: String, name: String },
    /// A directory on the machine running Orrery (CI jobs, local checkouts).
    Local(String),
}

impl Repository {
    /// Parses `owner/name`, `github:owner/name`, `https://github.com/owner/name(.git)`,
    /// or a local path (absolute, or starting with `./` or `file:`).
    pub fn parse(field: &str, value: &str) -> FieldResult<Self> {
        let v = required_text(field, value, 500)?;
        if let Some(path) = v.strip_prefix("file:") {
            return Ok(Self::Local(path.to_owned()));
        }
        if v.starts_with('/') || v.starts_with("./") || v.starts_with("../") {
            return Ok(Self::Local(v));
        }
        let gh = v
            .strip_prefix("https://github.com/")
            .or_else(|| v.strip_prefix("github:"))
            .unwrap_or(&v);
        let gh = gh.trim_end_matches('/').trim_end_matches(".git");
        let part_ok = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        match gh.split_once('/') {
            Some((owner, name)) if part_ok(owner) && part_ok(name) => Ok(Self::GitHub {
                owner: owner.to_owned(),
                name: name.to_owned(),
            }),
            _ => Err(FieldError::new(
                field,
                "must be a GitHub repository `owner/name` or a local path (absolute, `./…` or `file:…`)",
            )),
        }
    }

    /// Canonical stored form: `owner/name` or `file:<path>`.
    pub fn to_stored(&self) -> String {
        match self {
            Self::GitHub { owner, name } => format!("{owner}/{name}"),
            Self::Local(p) => format!("file:{p}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_and_name_allowed_values() {
        assert_eq!(Tier::parse("t", "tier2").unwrap(), Tier::Tier2);
        let e = Tier::parse("tier", "gold").unwrap_err();
        assert_eq!(e.field, "tier");
        assert!(e.message.contains("tier1, tier2, tier3, tier4"));
        assert!(Tier::Tier1.requires_slo() && Tier::Tier2.requires_slo());
        assert!(!Tier::Tier3.requires_slo() && !Tier::Tier4.requires_slo());
        assert_eq!(Lifecycle::ALL.len(), 5);
    }

    #[test]
    fn monitoring_selector() {
        let m = Monitoring::parse("m", Some("checkout"), Some("shop"), &["app=\"web\"".into()])
            .unwrap();
        assert_eq!(
            m.selector(),
            "job=\"checkout\",namespace=\"shop\",app=\"web\""
        );
        assert!(Monitoring::parse("m", Some("a\"b"), None, &[]).is_err());
        let e = Monitoring::parse("m", None, None, &["nonsense".into()]).unwrap_err();
        assert_eq!(e.field, "m.matchers[0]");
    }

    #[test]
    fn repositories() {
        let gh = Repository::GitHub {
            owner: "acme".into(),
            name: "checkout".into(),
        };
        assert_eq!(Repository::parse("r", "acme/checkout").unwrap(), gh);
        assert_eq!(
            Repository::parse("r", "https://github.com/acme/checkout.git").unwrap(),
            gh
        );
        assert_eq!(
            Repository::parse("r", "/srv/repo").unwrap(),
            Repository::Local("/srv/repo".into())
        );
        assert_eq!(
            Repository::parse("r", "file:rel/x").unwrap().to_stored(),
            "file:rel/x"
        );
        assert!(Repository::parse("r", "not a repo").is_err());
    }

    #[test]
    fn links_need_urls() {
        assert!(Link::parse("links", 0, LinkKind::Runbook, "Runbook", "https://wiki/x").is_ok());
        let e = Link::parse("links", 2, LinkKind::Runbook, "Runbook", "wiki").unwrap_err();
        assert_eq!(e.field, "links[2].url");
    }
}
