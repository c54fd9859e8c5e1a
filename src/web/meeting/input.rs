//! What the meeting page's forms sent, kept as typed so a refused post shows it again with
//! each problem next to its field.

use super::super::form_errors::FormErrors;
use crate::domain::action_item::{ActionRow, NewActionItem};
use crate::domain::review::ReviewDecision;
use serde::Deserialize;

/// Action item rows the decision form offers when nothing was typed.
pub const BLANK_DECISION_ROWS: usize = 3;

/// The decision form as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    /// `approved`, `rejected` or empty.
    pub decision: String,
    /// Notes.
    pub notes: String,
    /// Why approve over a `NO_GO` gate (offered only when the gate is `NO_GO`).
    pub override_reason: String,
    /// Action item rows, in form order.
    pub rows: Vec<ActionRow>,
    /// Problems by field: `decision`, `notes`, `override_reason`, `title_N`, `owner_N`,
    /// `due_N`.
    pub errors: FormErrors,
}

/// The "add an action item" form as typed.
#[derive(Debug, Clone, Default)]
pub struct AddInput {
    /// The row.
    pub row: ActionRow,
    /// Problems by field: `title`, `owner`, `due`.
    pub errors: FormErrors,
}

/// A sign-off form as typed (one per missing role).
#[derive(Debug, Clone, Default)]
pub struct SignOffInput {
    /// The role it was for.
    pub role: String,
    /// Typed comment.
    pub comment: String,
    /// Problem with the comment.
    pub error: Option<String>,
}

/// Everything typed into the page's forms (empty on a plain `GET`).
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// Decision form.
    pub decision: DecisionInput,
    /// Add-item form.
    pub add: AddInput,
    /// Sign-off form.
    pub sign_off: Option<SignOffInput>,
}

/// The posted decision form: action item rows come as repeated `title`/`owner`/`due`
/// fields, matched by position.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionPost {
    /// `approved` or `rejected`.
    pub decision: String,
    /// Notes.
    pub notes: String,
    /// The override's reason, when approving over `NO_GO`.
    pub override_reason: String,
    /// The review version the person saw.
    pub expected_version: String,
    /// Every row's title.
    pub title: Vec<String>,
    /// Every row's owner.
    pub owner: Vec<String>,
    /// Every row's due date.
    pub due: Vec<String>,
}

/// The posted "add an action item" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddPost {
    /// What is to be done.
    pub title: String,
    /// The owner's login.
    pub owner: String,
    /// Due date.
    pub due: String,
}

/// Parses action rows, recording problems as `{field}_{row}`; blank rows are skipped.
pub fn parse_rows(rows: &[ActionRow], errors: &mut FormErrors) -> Vec<NewActionItem> {
    let mut items = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match row.parse() {
            Ok(Some(item)) => items.push(item),
            Ok(None) => {}
            Err(problems) => {
                for p in problems {
                    errors.add(format!("{}_{i}", p.field), p.message);
                }
            }
        }
    }
    items
}

impl DecisionInput {
    /// The form as posted.
    pub fn from_post(post: DecisionPost) -> Self {
        let n = post.title.len().max(post.owner.len()).max(post.due.len());
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let rows = (0..n)
            .map(|i| ActionRow {
                title: at(&post.title, i),
                owner: at(&post.owner, i),
                due: at(&post.due, i),
            })
            .collect();
        Self {
            decision: post.decision,
            notes: post.notes,
            override_reason: post.override_reason,
            rows,
            errors: FormErrors::default(),
        }
    }

    /// The decision and the action items, or the problems recorded in `self.errors`.
    pub fn parse(&mut self) -> Option<(ReviewDecision, Vec<NewActionItem>)> {
        let decision = match ReviewDecision::parse("decision", self.decision.trim()) {
            Ok(d) => Some(d),
            Err(_) => {
                self.errors.add(
                    "decision",
                    "choose whether the review is approved or rejected",
                );
                None
            }
        };
        let items = parse_rows(&self.rows, &mut self.errors);
        match decision {
            Some(d) if self.errors.is_empty() => Some((d, items)),
            _ => None,
        }
    }

    /// The rows to show: the typed ones plus a blank one when every typed row is filled, and
    /// at least [`BLANK_DECISION_ROWS`].
    pub fn rows_to_show(&self) -> Vec<ActionRow> {
        let mut out = self.rows.clone();
        if !out.is_empty() && out.iter().all(|r| !r.is_blank()) {
            out.push(ActionRow::default());
        }
        while out.len() < BLANK_DECISION_ROWS {
            out.push(ActionRow::default());
        }
        out
    }
}

impl AddInput {
    /// The form as posted.
    pub fn from_post(post: AddPost) -> Self {
        Self {
            row: ActionRow {
                title: post.title,
                owner: post.owner,
                due: post.due,
            },
            errors: FormErrors::default(),
        }
    }

    /// The item, or the problems recorded in `self.errors` (a blank form is a problem here).
    pub fn parse(&mut self) -> Option<NewActionItem> {
        if self.row.is_blank() {
            self.errors
                .add("title", "must not be empty: say what is to be done");
            self.errors
                .add("owner", "must not be empty: name the owner's login");
            self.errors.add("due", "must not be empty: pick a due date");
            return None;
        }
        match self.row.parse() {
            Ok(item) => item,
            Err(problems) => {
                for p in problems {
                    self.errors.add(p.field, p.message);
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::posted::decode;

    /// The form as the browser posts it.
    fn posted<T: serde::de::DeserializeOwned>(list: &[(&str, &str)]) -> T {
        let pairs = list
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        decode(pairs, false).unwrap()
    }

    #[test]
    fn decision_rows_match_by_position_and_blank_rows_are_ignored() {
        let mut form = DecisionInput::from_post(posted(&[
            ("decision", "approved"),
            ("notes", "ok"),
            ("title", "Add alerts"),
            ("owner", "bob"),
            ("due", "2027-01-31"),
            ("title", ""),
            ("owner", ""),
            ("due", ""),
        ]));
        let (decision, items) = form.parse().unwrap();
        assert_eq!(decision, ReviewDecision::Approved);
        assert_eq!(items.len(), 1);
        assert_eq!(form.rows_to_show().len(), BLANK_DECISION_ROWS);
    }

    #[test]
    fn half_filled_rows_and_a_missing_decision_are_reported_per_field() {
        let mut form = DecisionInput::from_post(posted(&[
            ("title", ""),
            ("owner", ""),
            ("due", ""),
            ("title", "Load test"),
            ("owner", ""),
            ("due", ""),
        ]));
        assert!(form.parse().is_none());
        assert!(form.errors.get("decision").is_some());
        assert!(form.errors.get("owner_1").is_some());
        assert!(form.errors.get("due_1").is_some());
        assert!(form.errors.get("title_1").is_none());
        assert!(form.errors.get("owner_0").is_none());
    }

    #[test]
    fn the_add_form_needs_every_field() {
        let mut blank = AddInput::from_post(posted(&[]));
        assert!(blank.parse().is_none());
        assert!(blank.errors.get("title").is_some() && blank.errors.get("due").is_some());
        let mut ok = AddInput::from_post(posted(&[
            ("title", "Rotate keys"),
            ("owner", "dana"),
            ("due", "2027-03-01"),
        ]));
        assert_eq!(ok.parse().unwrap().owner.as_str(), "dana");
    }
}
