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

/// Whether a text may span lines (notes, descriptions) or must stay on one (names, titles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Names, titles, identifiers: no control characters at all.
    Single,
    /// Prose: newlines and tabs allowed; other control characters refused.
    Multi,
}

/// The first character `value` may not hold under `lines`, with its position (in characters).
///
/// Control characters (Unicode `Cc`: U+0000–U+001F, U+007F–U+009F) are refused: NUL cannot
/// be stored by PostgreSQL, and the others are invisible on a page. Prose keeps line feeds
/// and tabs; carriage returns are expected to have been normalised away first
/// ([`normalise_newlines`]).
pub fn forbidden_char(value: &str, lines: Lines) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() && !(lines == Lines::Multi && matches!(c, '\n' | '\t')))
}

/// Turns CRLF and lone CR line breaks (browsers post CRLF from text areas) into LF.
pub fn normalise_newlines(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains('\r') {
        value.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        value.into()
    }
}

/// Normalises line breaks and refuses control characters `lines` does not allow, naming the
/// character and where it is.
pub fn clean_text(field: &str, value: &str, lines: Lines) -> FieldResult<String> {
    let value = normalise_newlines(value);
    match forbidden_char(&value, lines) {
        None => Ok(value.into_owned()),
        Some((at, '\n')) => Err(FieldError::new(
            field,
            format!(
                "must be on one line (a line break is at character {})",
                at + 1
            ),
        )),
        Some((at, c)) => Err(FieldError::new(
            field,
            format!(
                "contains the control character U+{:04X} at character {}; remove it",
                u32::from(c),
                at + 1
            ),
        )),
    }
}

/// Trims one-line `value` (a name or title) and checks its length in characters; empty
/// strings and control characters (line breaks included) are rejected.
pub fn required_text(field: &str, value: &str, max_chars: usize) -> FieldResult<String> {
    checked_text(field, value, max_chars, Lines::Single)
}

/// Like [`required_text`] but `None` or blank input yields `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> FieldResult<Option<String>> {
    optional(field, value, max_chars, Lines::Single)
}

/// Trims prose that may span lines (a note, a reason): line breaks are normalised to `\n`;
/// line feeds and tabs are kept, other control characters refused.
pub fn required_prose(field: &str, value: &str, max_chars: usize) -> FieldResult<String> {
    checked_text(field, value, max_chars, Lines::Multi)
}

/// Like [`required_prose`] but `None` or blank input yields `None`.
pub fn optional_prose(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> FieldResult<Option<String>> {
    optional(field, value, max_chars, Lines::Multi)
}

fn optional(
    field: &str,
    value: Option<&str>,
    max_chars: usize,
    lines: Lines,
) -> FieldResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => checked_text(field, v, max_chars, lines).map(Some),
    }
}

fn checked_text(field: &str, value: &str, max_chars: usize, lines: Lines) -> FieldResult<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    let cleaned = clean_text(field, trimmed, lines)?;
    let len = cleaned.chars().count();
    if len > max_chars {
        return Err(FieldError::new(
            field,
            format!("must be at most {max_chars} characters (got {len})"),
        ));
    }
    Ok(cleaned)
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
    fn prose_keeps_lines_and_normalises_crlf() {
        assert_eq!(
            required_prose("f", "a\r\nb\rc\n\td", 100).unwrap(),
            "a\nb\nc\n\td"
        );
        let e = required_text("f", "a\r\nb", 100).unwrap_err();
        assert!(e.message.contains("one line"), "{e}");
    }

    #[test]
    fn control_characters_are_refused_with_their_position() {
        for (value, code) in [
            ("a\0b", "U+0000"),
            ("ab\u{7f}", "U+007F"),
            ("\u{9b}x", "U+009B"),
        ] {
            for lines in [Lines::Single, Lines::Multi] {
                let e = clean_text("note", value, lines).unwrap_err();
                assert_eq!(e.field, "note");
                assert!(e.message.contains(code), "{e}");
            }
        }
        let e = required_prose("f", "ok\u{1b}[31m", 100).unwrap_err();
        assert!(e.message.contains("U+001B at character 3"), "{e}");
        assert!(required_text("f", "tab\there", 100).is_err());
        assert!(optional_prose("f", Some("  \u{0}  "), 100).is_err());
    }

    proptest::proptest! {
        #[test]
        fn accepted_text_holds_no_control_character(s in "\\PC*[\\x00-\\x1f\\x7f]?\\PC*") {
            for lines in [Lines::Single, Lines::Multi] {
                if let Ok(v) = clean_text("f", &s, lines) {
                    proptest::prop_assert!(!v.contains('\r'));
                    proptest::prop_assert!(v.chars().all(|c| !c.is_control() || (lines == Lines::Multi && (c == '\n' || c == '\t'))));
                }
            }
        }
    }

    #[test]
    fn urls_need_scheme_and_host() {
        assert!(http_url("u", "https://runbooks.example/checkout").is_ok());
        assert!(http_url("u", "ftp://x").is_err());
        assert!(http_url("u", "https://").is_err());
        assert!(http_url("u", "https://a b").is_err());
    }
}
