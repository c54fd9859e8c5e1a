//! Filling a check's `{{…}}` placeholders from the service's own fields.
//!
//! Templates are shared by every service, so their queries and patterns name the service
//! through placeholders. A placeholder the service cannot fill is an error naming the field
//! to set, never a query run with the placeholder left in (which would quietly match nothing).

use crate::domain::catalog::Monitoring;
use crate::domain::template::CheckSpec;
use std::fmt;

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 4] = ["slug", "job", "selector", "namespace"];

/// The values a service offers for placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceFields {
    /// The service's slug (always known).
    pub slug: String,
    /// Prometheus `job` label of its scrape targets.
    pub job: Option<String>,
    /// Kubernetes namespace (or equivalent) label value.
    pub namespace: Option<String>,
    /// Label-matcher list, e.g. `job="checkout",namespace="shop"`; `None` when empty.
    pub selector: Option<String>,
}

impl ServiceFields {
    /// Fields of a service with the given slug and monitoring settings.
    pub fn new(slug: impl Into<String>, monitoring: &Monitoring) -> Self {
        let selector = monitoring.selector();
        Self {
            slug: slug.into(),
            job: monitoring.job.clone(),
            namespace: monitoring.namespace.clone(),
            selector: (!selector.is_empty()).then_some(selector),
        }
    }

    fn get(&self, name: &str) -> Option<Option<&str>> {
        Some(match name {
            "slug" => Some(self.slug.as_str()),
            "job" => self.job.as_deref(),
            "namespace" => self.namespace.as_deref(),
            "selector" => self.selector.as_deref(),
            _ => return None,
        })
    }
}

/// Why a template could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FillError {
    /// The service lacks the field the placeholder needs.
    Missing {
        /// Placeholder name, e.g. `job`.
        placeholder: String,
    },
    /// The template names a placeholder that does not exist (or one left unclosed).
    Unknown {
        /// What was written between the braces.
        placeholder: String,
    },
}

impl fmt::Display for FillError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { placeholder } => write!(
                f,
                "the check uses {{{{{placeholder}}}}} but the service has no {}; set it on the service",
                field_hint(placeholder)
            ),
            Self::Unknown { placeholder } => write!(
                f,
                "the check uses an unknown placeholder {{{{{placeholder}}}}} (known: {})",
                PLACEHOLDERS.join(", ")
            ),
        }
    }
}

impl std::error::Error for FillError {}

fn field_hint(placeholder: &str) -> &'static str {
    match placeholder {
        "job" => "monitoring job (monitoring.job)",
        "namespace" => "monitoring namespace (monitoring.namespace)",
        "selector" => "monitoring selector (monitoring job, namespace or matchers)",
        _ => "value for it",
    }
}

/// Replaces every `{{name}}` (spaces inside the braces allowed) with the service's value.
pub fn fill(template: &str, fields: &ServiceFields) -> Result<String, FillError> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(FillError::Unknown {
                placeholder: after.chars().take(20).collect(),
            });
        };
        let name = after[..end].trim();
        match fields.get(name) {
            Some(Some(value)) => out.push_str(value),
            Some(None) => {
                return Err(FillError::Missing {
                    placeholder: name.to_owned(),
                });
            }
            None => {
                return Err(FillError::Unknown {
                    placeholder: name.to_owned(),
                });
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether `text` contains a placeholder.
pub fn has_placeholder(text: &str) -> bool {
    text.contains("{{")
}

/// Fills every string of a check spec (paths, patterns, queries, label values), so the
/// check runs on the service's own values. The first placeholder that cannot be filled is
/// the error.
pub fn fill_spec(spec: &CheckSpec, fields: &ServiceFields) -> Result<CheckSpec, FillError> {
    let mut value = serde_json::to_value(spec).map_err(|e| FillError::Unknown {
        placeholder: e.to_string(),
    })?;
    fill_value(&mut value, fields)?;
    serde_json::from_value(value).map_err(|e| FillError::Unknown {
        placeholder: e.to_string(),
    })
}

fn fill_value(value: &mut serde_json::Value, fields: &ServiceFields) -> Result<(), FillError> {
    use serde_json::Value;
    match value {
        Value::String(s) if has_placeholder(s) => *s = fill(s, fields)?,
        Value::Array(items) => {
            for v in items {
                fill_value(v, fields)?;
            }
        }
        Value::Object(map) => {
            for v in map.values_mut() {
                fill_value(v, fields)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ServiceFields {
        ServiceFields {
            slug: "checkout".into(),
            job: Some("checkout-api".into()),
            namespace: None,
            selector: Some("job=\"checkout-api\"".into()),
        }
    }

    #[test]
    fn fills_known_placeholders() {
        let q = fill("up{ {{selector}} } and on() vector({{ slug }})", &fields());
        assert_eq!(
            q.unwrap(),
            "up{ job=\"checkout-api\" } and on() vector(checkout)"
        );
        assert_eq!(
            fill("no placeholders", &fields()).unwrap(),
            "no placeholders"
        );
    }

    #[test]
    fn missing_field_names_it() {
        let e = fill("x{namespace=\"{{namespace}}\"}", &fields()).unwrap_err();
        assert_eq!(
            e,
            FillError::Missing {
                placeholder: "namespace".into()
            }
        );
        assert!(e.to_string().contains("monitoring.namespace"), "{e}");
    }

    #[test]
    fn unknown_or_unclosed_placeholders_are_errors() {
        assert!(matches!(
            fill("{{team}}", &fields()),
            Err(FillError::Unknown { placeholder }) if placeholder == "team"
        ));
        assert!(matches!(
            fill("up{{{job}", &fields()),
            Err(FillError::Unknown { .. })
        ));
    }

    #[test]
    fn selector_is_none_without_monitoring() {
        let f = ServiceFields::new("a", &Monitoring::default());
        assert_eq!(f.selector, None);
        assert!(fill("{{selector}}", &f).is_err());
    }

    #[test]
    fn fills_every_string_of_a_spec() {
        let spec = CheckSpec::RepoFileContains {
            paths: vec!["deploy/{{slug}}/*.yaml".into()],
            pattern: "job: {{job}}".into(),
            case_insensitive: None,
            needs: None,
            near_miss: None,
        };
        let filled = fill_spec(&spec, &fields()).unwrap();
        assert_eq!(
            filled,
            CheckSpec::RepoFileContains {
                paths: vec!["deploy/checkout/*.yaml".into()],
                pattern: "job: checkout-api".into(),
                case_insensitive: None,
                needs: None,
                near_miss: None,
            }
        );
        let spec = CheckSpec::RepoFileExists {
            paths: vec!["{{namespace}}/x".into()],
            min_bytes: None,
        };
        assert!(matches!(
            fill_spec(&spec, &fields()),
            Err(FillError::Missing { .. })
        ));
    }
}
