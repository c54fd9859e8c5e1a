//! Problems found after the schema, as (JSON pointer, message) pairs, and the small
//! parsers the manifest needs beyond the API's (dates).

use crate::domain::FieldError;
use chrono::NaiveDate;

/// A calendar date written `YYYY-MM-DD`.
pub(super) fn date(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            format!(
                "`{}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30",
                value.escape_debug()
            ),
        )
    })
}

/// A rule broken at a JSON pointer into the document.
pub(super) type Problem = (String, String);

/// Turns a parser's field name (`links[2].url`, `planned_events[0].name`) into a JSON
/// pointer under `base` (`/service/links/2/url`).
pub(super) fn pointer(base: &str, field: &str) -> String {
    let mut out = base.to_owned();
    for part in field.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            out.push('/');
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                out.push('/');
                out.push_str(&stripped[..end]);
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else {
            out.push('/');
            out.push_str(rest);
        }
    }
    out
}

/// Collects problems; `take` keeps the value of a passing check.
pub(super) struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn take<T>(&mut self, base: &str, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push((pointer(base, &e.field), e.message)))
            .ok()
    }

    pub fn at(&mut self, pointer: String, message: impl Into<String>) {
        self.0.push((pointer, message.into()));
    }
}
