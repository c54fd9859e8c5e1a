//! Action items: follow-ups a launch review records with its decision (or any time after),
//! each with an owner and a due date. Pure parsing; nothing here reads the clock.

use super::ids::Login;
use super::validation::required_text;
use super::{FieldError, FieldResult};
use chrono::NaiveDate;

/// Longest action item title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// A validated action item title: trimmed, not empty, at most [`MAX_TITLE_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionTitle(String);

impl ActionTitle {
    /// Parses `value`, reporting problems against `field`.
    pub fn parse(field: &str, value: &str) -> FieldResult<Self> {
        required_text(field, value, MAX_TITLE_CHARS).map(Self)
    }

    /// The validated text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated new action item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActionItem {
    /// What is to be done.
    pub title: ActionTitle,
    /// Who does it.
    pub owner: Login,
    /// By when.
    pub due: NaiveDate,
}

impl NewActionItem {
    /// Parses a typed item; fields are reported as `{prefix}.title` and `{prefix}.owner`
    /// (`prefix` may be empty).
    pub fn parse(prefix: &str, title: &str, owner: &str, due: NaiveDate) -> FieldResult<Self> {
        let at = |f: &str| {
            if prefix.is_empty() {
                f.to_owned()
            } else {
                format!("{prefix}.{f}")
            }
        };
        let title = ActionTitle::parse(&at("title"), title)?;
        if owner.trim().is_empty() {
            return Err(FieldError::new(
                at("owner"),
                "must not be empty: name the login of the person who owns it",
            ));
        }
        let owner = Login::parse(&at("owner"), owner)?;
        Ok(Self { title, owner, due })
    }
}

/// Parses a due date typed as `YYYY-MM-DD`.
pub fn parse_due(field: &str, value: &str) -> FieldResult<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "must not be empty: pick a due date"));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            format!("`{v}` is not a date like 2027-01-31 (year-month-day)"),
        )
    })
}

/// One row of an action item form as typed: all three fields are text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionRow {
    /// Typed title.
    pub title: String,
    /// Typed owner login.
    pub owner: String,
    /// Typed due date.
    pub due: String,
}

impl ActionRow {
    /// Whether every field is blank (such rows are ignored).
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty() && self.owner.trim().is_empty() && self.due.trim().is_empty()
    }

    /// `Ok(None)` for a blank row, the item for a complete valid row, or every problem with
    /// the row (fields `title`, `owner`, `due`).
    pub fn parse(&self) -> Result<Option<NewActionItem>, Vec<FieldError>> {
        if self.is_blank() {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let title = ActionTitle::parse("title", &self.title).map_err(|e| errors.push(e));
        let owner = if self.owner.trim().is_empty() {
            errors.push(FieldError::new(
                "owner",
                "must not be empty: name the login of the person who owns it",
            ));
            Err(())
        } else {
            Login::parse("owner", &self.owner).map_err(|e| errors.push(e))
        };
        let due = parse_due("due", &self.due).map_err(|e| errors.push(e));
        match (title, owner, due) {
            (Ok(title), Ok(owner), Ok(due)) => Ok(Some(NewActionItem { title, owner, due })),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, owner: &str, due: &str) -> ActionRow {
        ActionRow {
            title: title.into(),
            owner: owner.into(),
            due: due.into(),
        }
    }

    #[test]
    fn titles_are_trimmed_and_limited() {
        assert_eq!(
            ActionTitle::parse("t", "  Add a runbook ")
                .unwrap()
                .as_str(),
            "Add a runbook"
        );
        assert_eq!(ActionTitle::parse("t", "   ").unwrap_err().field, "t");
        assert!(ActionTitle::parse("t", &"x".repeat(MAX_TITLE_CHARS)).is_ok());
        let long = ActionTitle::parse("t", &"é".repeat(MAX_TITLE_CHARS + 1)).unwrap_err();
        assert!(long.message.contains("at most 200"), "{}", long.message);
    }

    #[test]
    fn new_items_name_the_field_under_the_prefix() {
        let due = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        let ok = NewActionItem::parse("input", " Load test ", "bob", due).unwrap();
        assert_eq!(ok.title.as_str(), "Load test");
        assert_eq!(ok.owner.as_str(), "bob");
        let e = NewActionItem::parse("actionItems[1]", "x", "not a login", due).unwrap_err();
        assert_eq!(e.field, "actionItems[1].owner");
        let e = NewActionItem::parse("", "", "bob", due).unwrap_err();
        assert_eq!(e.field, "title");
        let e = NewActionItem::parse("input", "x", " ", due).unwrap_err();
        assert_eq!(e.field, "input.owner");
    }

    #[test]
    fn blank_rows_are_ignored_and_complete_rows_parse() {
        assert_eq!(row(" ", "", "  ").parse(), Ok(None));
        let item = row("Add alerts", "dana", "2027-02-01")
            .parse()
            .unwrap()
            .unwrap();
        assert_eq!(item.due, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
    }

    #[test]
    fn half_filled_rows_report_each_missing_field() {
        let errors = row("Add alerts", "", "").parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["owner", "due"]);
        let errors = row("", "bob", "31/01/2027").parse().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "due"]);
        assert!(errors[1].message.contains("year-month-day"));
    }
}
