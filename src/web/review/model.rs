//! The checklist page's view types: notices, a refused post's input, filter tabs,
//! categories with their progress, and the sticky scorecard summary.

use super::forms::{AnswerForm, WaiverForm};
use super::items::ItemView;
use crate::web::scorecard_view::CardView;

/// A message at the top of the page.
#[derive(Debug, Clone)]
pub struct Notice {
    /// `success`, `warning` or `error`.
    pub class: &'static str,
    /// Headline.
    pub title: String,
    /// Details, one per line.
    pub lines: Vec<String>,
}

impl Notice {
    /// A refusal with its explanation.
    pub fn error(title: impl Into<String>, line: impl Into<String>) -> Self {
        Self {
            class: "error",
            title: title.into(),
            lines: vec![line.into()],
        }
    }

    /// A success with no details.
    pub fn success(title: impl Into<String>) -> Self {
        Self {
            class: "success",
            title: title.into(),
            lines: Vec::new(),
        }
    }
}

/// The item a refused post was about, with what the user typed.
#[derive(Debug, Clone)]
pub struct Edited {
    /// Item key.
    pub key: String,
    /// The answer form as typed.
    pub answer: Option<AnswerForm>,
    /// The waiver form as typed.
    pub waiver: Option<WaiverForm>,
}

/// A filter tab.
#[derive(Debug, Clone)]
pub struct Tab {
    /// Link.
    pub href: String,
    /// Words.
    pub label: &'static str,
    /// Query-string spelling of its filter (what the script recounts).
    pub key: &'static str,
    /// Items it shows.
    pub count: usize,
    /// The current filter.
    pub current: bool,
}

/// A category with its score, progress and the items the filter shows.
#[derive(Debug, Clone)]
pub struct CategoryBlock {
    /// Key, for anchors.
    pub key: String,
    /// Title.
    pub title: String,
    /// Score in words, `None` when nothing in it applies.
    pub score: Option<String>,
    /// Items of the category with an answer (whatever the filter).
    pub answered: usize,
    /// Applicable items of the category.
    pub total: usize,
    /// Shown unfolded: something in it is still open, or a filter is on.
    pub unfolded: bool,
    /// Items shown.
    pub items: Vec<ItemView>,
}

/// The compact summary kept at the top of the screen while answering.
#[derive(Debug, Clone)]
pub struct SummaryView {
    /// The review.
    pub id: i64,
    /// The scorecard, when the review could be scored.
    pub card: Option<CardView>,
    /// Items with an answer.
    pub answered: usize,
    /// Applicable items.
    pub total: usize,
    /// The first unanswered item, in checklist order.
    pub next_unanswered: Option<String>,
    /// The viewer may answer (shortcuts to answer are offered).
    pub may_answer: bool,
}

impl SummaryView {
    /// Answered items as a whole percentage, for the bar.
    pub fn percent(&self) -> usize {
        (self.answered * 100).checked_div(self.total).unwrap_or(0)
    }
}
