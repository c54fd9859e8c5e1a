//! Reading the audit log: what a filter may ask for, checked once; which page an audited
//! entity lives on ([`subject`]); and what a change changed, field by field ([`diff`]).
//!
//! An audit event names its entity by type and identifier (`service`/`checkout`,
//! `review`/`12`, `item_response`/`12/ownership.owner`, `waiver`/`7`, …) and carries the
//! entity's snapshots before and after the change.

pub mod diff;
mod subject;

pub use subject::{Subject, subject};

use super::ids::Slug;
use super::validation::{FieldError, Lines, forbidden_char};
use chrono::{DateTime, Datelike, Utc};

/// Longest actor, entity identifier or action the log stores (its column widths).
const MAX_TEXT: usize = 64;
/// Longest entity type the log stores.
const MAX_ENTITY_TYPE: usize = 32;

/// How the `action` filter matches: a value ending in `.` is a prefix (`review.` matches
/// `review.start`, `review.decide`, …), any other value must equal the action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionMatch {
    /// The whole action, e.g. `review.decide`.
    Exact(String),
    /// The beginning of the action, ending in `.`, e.g. `review.`.
    Prefix(String),
}

/// An audit log filter as asked for: texts as typed, nothing checked yet. Empty texts mean
/// "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Who acted (a login; matched case-insensitively, as logins are).
    pub actor: Option<String>,
    /// Entity type, e.g. `service`, `review`, `item_response`.
    pub entity_type: Option<String>,
    /// Entity identifier, e.g. a slug or a numeric id.
    pub entity_id: Option<String>,
    /// An action (`review.decide`) or an action prefix ending in `.` (`review.`).
    pub action: Option<String>,
    /// A service's slug: its own events and those of everything that belongs to it.
    pub service: Option<String>,
    /// A review's id: its own events and those of its answers, waivers, sign-offs and
    /// action items.
    pub review: Option<i64>,
    /// Earliest instant (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Latest instant (inclusive).
    pub to: Option<DateTime<Utc>>,
}

/// A checked audit log filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Who acted, in canonical (lowercase) form.
    pub actor: Option<String>,
    /// Entity type.
    pub entity_type: Option<String>,
    /// Entity identifier.
    pub entity_id: Option<String>,
    /// Which actions.
    pub action: Option<ActionMatch>,
    /// A service and everything that belongs to it.
    pub service: Option<Slug>,
    /// A review and everything in it.
    pub review: Option<i64>,
    /// Earliest instant (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Latest instant (inclusive).
    pub to: Option<DateTime<Utc>>,
}

impl AuditQuery {
    /// Checks the filter, or names the first field that is wrong.
    pub fn check(&self) -> Result<AuditFilter, FieldError> {
        self.checked().map_err(|mut all| all.remove(0))
    }

    /// Every problem at once, for a form that shows each next to its field.
    pub fn problems(&self) -> Vec<FieldError> {
        self.checked().err().unwrap_or_default()
    }

    fn checked(&self) -> Result<AuditFilter, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut keep =
            |r: Result<Option<String>, FieldError>| r.map_err(|e| problems.push(e)).ok().flatten();
        let actor =
            keep(text("actor", self.actor.as_deref(), MAX_TEXT)).map(|a| a.to_ascii_lowercase());
        let entity_type = keep(text(
            "entity_type",
            self.entity_type.as_deref(),
            MAX_ENTITY_TYPE,
        ));
        let entity_id = keep(text("entity_id", self.entity_id.as_deref(), MAX_TEXT));
        let action = keep(action(self.action.as_deref()));
        let service = keep(text("service", self.service.as_deref(), MAX_TEXT));
        let service = service.and_then(|s| {
            Slug::parse("service", &s)
                .map_err(|e| problems.push(e))
                .ok()
        });
        if self.review.is_some_and(|r| r <= 0) {
            problems.push(FieldError::new("review", "must be a review id (1 or more)"));
        }
        for (field, at) in [("from", self.from), ("to", self.to)] {
            if at.is_some_and(|at| !(1..=9999).contains(&at.year())) {
                problems.push(FieldError::new(field, "must be in the years 1 to 9999"));
            }
        }
        if problems
            .iter()
            .all(|p| p.field != "from" && p.field != "to")
            && let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            problems.push(FieldError::new("from", "must not be after `to`"));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(AuditFilter {
            actor,
            entity_type,
            entity_id,
            action: action.map(|a| {
                if a.ends_with('.') {
                    ActionMatch::Prefix(a)
                } else {
                    ActionMatch::Exact(a)
                }
            }),
            service,
            review: self.review,
            from: self.from,
            to: self.to,
        })
    }
}

/// A trimmed one-line text of at most `max` characters; blank is `None`.
fn text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Some((at, c)) = forbidden_char(v, Lines::Single) {
        return Err(FieldError::new(
            field,
            format!(
                "contains the control character U+{:04X} at character {}; remove it",
                u32::from(c),
                at + 1
            ),
        ));
    }
    let len = v.chars().count();
    if len > max {
        return Err(FieldError::new(
            field,
            format!("must be at most {max} characters (got {len})"),
        ));
    }
    Ok(Some(v.to_owned()))
}

/// An action or an action prefix: lowercase words of letters, digits and `_` joined by `.`,
/// optionally ending in `.`.
fn action(value: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(v) = text("action", value, MAX_TEXT)? else {
        return Ok(None);
    };
    let word = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let words = v.strip_suffix('.').unwrap_or(&v);
    if !words.split('.').all(word) {
        return Err(FieldError::new(
            "action",
            format!(
                "`{}` is not an action: use one like `review.decide`, or a prefix ending in `.` \
                 like `review.`",
                v.escape_debug()
            ),
        ));
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, h, 0, 0).unwrap()
    }

    #[test]
    fn blank_texts_mean_any_and_actors_are_canonical() {
        let q = AuditQuery {
            actor: Some("  Alice ".into()),
            entity_type: Some(" ".into()),
            action: Some("review.".into()),
            ..AuditQuery::default()
        };
        let f = q.check().unwrap();
        assert_eq!(f.actor.as_deref(), Some("alice"));
        assert_eq!(f.entity_type, None);
        assert_eq!(f.action, Some(ActionMatch::Prefix("review.".into())));
        let exact = AuditQuery {
            action: Some("review.sign_off".into()),
            ..AuditQuery::default()
        };
        assert_eq!(
            exact.check().unwrap().action,
            Some(ActionMatch::Exact("review.sign_off".into()))
        );
    }

    #[test]
    fn every_problem_names_its_field() {
        let q = AuditQuery {
            actor: Some("a\u{0}".into()),
            entity_id: Some("x".repeat(65)),
            action: Some("review%".into()),
            service: Some("Not A Slug".into()),
            review: Some(0),
            from: Some(at(12)),
            to: Some(at(11)),
            ..AuditQuery::default()
        };
        let fields: Vec<String> = q.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["actor", "entity_id", "action", "service", "review", "from"]
        );
        assert_eq!(q.check().unwrap_err().field, "actor");
        for bad in [".", "review..", ".start", "Review.start"] {
            let q = AuditQuery {
                action: Some(bad.into()),
                ..AuditQuery::default()
            };
            assert_eq!(q.check().unwrap_err().field, "action", "{bad}");
        }
    }

    #[test]
    fn instants_stay_within_years_a_database_stores() {
        let far = DateTime::<Utc>::MAX_UTC;
        let q = AuditQuery {
            from: Some(far),
            to: Some(at(9)),
            ..AuditQuery::default()
        };
        let problems = q.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("years 1 to 9999"));
    }

    #[test]
    fn a_window_of_one_instant_is_allowed() {
        let q = AuditQuery {
            from: Some(at(9)),
            to: Some(at(9)),
            ..AuditQuery::default()
        };
        assert!(q.problems().is_empty());
    }
}
