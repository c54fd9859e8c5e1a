//! The one error shape for rejected input: which field, and what is wrong with it.

use std::fmt;

/// A value that failed to parse or a rule it broke, naming the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the offending input field, e.g. `input.slug` or `expiresAt`.
    pub field: String,
    /// Human-readable explanation, phrased so the user knows how to fix it.
    pub message: String,
}

/// Result alias for domain parsing and rule checks.
pub type FieldResult<T> = Result<T, FieldError>;

impl FieldError {
    /// Builds an error for `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Re-anchors the error under another field name (parsers do not know the caller's field).
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// Trims `value` and checks its length in characters; empty strings are rejected.
pub fn required_text(field: &str, value: &str, max_chars: usize) -> FieldResult<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    let len = trimmed.chars().count();
    if len > max_chars {
        return Err(FieldError::new(
            field,
            format!("must be at most {max_chars} characters (got {len})"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Like [`required_text`] but `None` or blank input yields `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> FieldResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required_text(field, v, max_chars).map(Some),
    }
}

/// Accepts only absolute `http`/`https` URLs without whitespace.
pub fn http_url(field: &str, value: &str) -> FieldResult<String> {
    let v = required_text(field, value, 2000)?;
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| FieldError::new(field, "must be an http:// or https:// URL"))?;
    if rest.is_empty() || rest.starts_with('/') || v.chars().any(char::is_whitespace) {
        return Err(FieldError::new(
            field,
            "must be an absolute URL with a host and no spaces",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_trims_and_limits() {
        assert_eq!(required_text("f", "  a ", 3).unwrap(), "a");
        assert_eq!(required_text("f", "   ", 3).unwrap_err().field, "f");
        assert!(
            required_text("f", "abcd", 3)
                .unwrap_err()
                .message
                .contains("at most 3")
        );
    }

    #[test]
    fn optional_text_blank_is_none() {
        assert_eq!(optional_text("f", Some("  "), 3).unwrap(), None);
        assert_eq!(optional_text("f", None, 3).unwrap(), None);
        assert_eq!(optional_text("f", Some("x"), 3).unwrap(), Some("x".into()));
    }

    #[test]
    fn urls_need_scheme_and_host() {
        assert!(http_url("u", "https://runbooks.example/checkout").is_ok());
        assert!(http_url("u", "ftp://x").is_err());
        assert!(http_url("u", "https://").is_err());
        assert!(http_url("u", "https://a b").is_err());
    }
}
