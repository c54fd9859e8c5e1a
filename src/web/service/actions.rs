//! The service page's open action items: follow-ups its reviews recorded and nobody has
//! done yet, overdue first, each linked to the meeting page where it is ticked off.

use crate::domain::records::ActionItem;
use chrono::NaiveDate;

/// One open action item as the service page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionView {
    /// Its review, for the link to the meeting page.
    pub review_id: i64,
    /// What is to be done.
    pub title: String,
    /// Who owns it.
    pub owner: String,
    /// Due date, `2026-12-31`.
    pub due: String,
    /// "3 days overdue", "due today", "due in 5 days".
    pub due_in: String,
    /// Past its due date.
    pub overdue: bool,
}

/// "3 days overdue", "due today", "due tomorrow", "due in 5 days".
pub fn due_words(due: NaiveDate, today: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => "due today".to_owned(),
        1 => "due tomorrow".to_owned(),
        d if d > 1 => format!("due in {d} days"),
        -1 => "1 day overdue".to_owned(),
        d => format!("{} days overdue", -d),
    }
}

/// The views of `items` (open ones, soonest due first, as loaded): overdue ones lead.
pub fn action_views(items: &[ActionItem], today: NaiveDate) -> Vec<ActionView> {
    items
        .iter()
        .map(|a| ActionView {
            review_id: a.review_id,
            title: a.title.clone(),
            owner: a.owner.clone(),
            due: a.due_date.format("%Y-%m-%d").to_string(),
            due_in: due_words(a.due_date, today),
            overdue: a.due_date < today,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_read_in_days() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(due_words(day(10), today), "due today");
        assert_eq!(due_words(day(11), today), "due tomorrow");
        assert_eq!(due_words(day(15), today), "due in 5 days");
        assert_eq!(due_words(day(9), today), "1 day overdue");
        assert_eq!(due_words(day(7), today), "3 days overdue");
    }
}
