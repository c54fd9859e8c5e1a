//! Open action items as pages show them (the service page's, and the person's own on
//! `/my-work`): follow-ups reviews recorded and nobody has done yet, each linked to the
//! meeting page where it is ticked off.

use crate::domain::records::ActionItem;
use chrono::NaiveDate;

/// One open action item as the service page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionView {
    /// Its review, for the link to the meeting page.
    pub review_id: i64,
    /// The service's slug.
    pub service: String,
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
fn due_words(due: NaiveDate, today: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => "due today".to_owned(),
        1 => "due tomorrow".to_owned(),
        d if d > 1 => format!("due in {d} days"),
        -1 => "1 day overdue".to_owned(),
        d => format!("{} days overdue", -d),
    }
}

impl ActionView {
    /// The view of one open action item of `service`'s review `review_id`, as of `today`.
    pub fn new(
        review_id: i64,
        service: &str,
        title: &str,
        owner: &str,
        due_date: NaiveDate,
        today: NaiveDate,
    ) -> Self {
        Self {
            review_id,
            service: service.to_owned(),
            title: title.to_owned(),
            owner: owner.to_owned(),
            due: due_date.format("%Y-%m-%d").to_string(),
            due_in: due_words(due_date, today),
            overdue: due_date < today,
        }
    }
}

/// The views of one service's open `items` (soonest due first, as loaded).
pub fn action_views(service: &str, items: &[ActionItem], today: NaiveDate) -> Vec<ActionView> {
    items
        .iter()
        .map(|a| ActionView::new(a.review_id, service, &a.title, &a.owner, a.due_date, today))
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
