//! One person's work across the portfolio: the open reviews they own, the sign-offs waiting
//! for them, the waivers and not-applicable claims they may decide, and their action items.
//!
//! Pure: the rows come in already loaded, the person's [`Grants`] and today's date decide
//! what is theirs. Separation of duties is the access rules': a person is never asked to
//! decide their own waiver request or their own not-applicable claim.

use crate::domain::access::Grants;
use crate::domain::review::ReviewState;
use chrono::{DateTime, NaiveDate, Utc};

/// An open review (draft or in review) of an active service.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenReview {
    /// Review id.
    pub id: i64,
    /// The service's slug.
    pub service: String,
    /// The service's name.
    pub service_name: String,
    /// Owning team's id.
    pub team_id: i64,
    /// Owning team's name.
    pub team: String,
    /// Draft or in review.
    pub state: ReviewState,
    /// Target launch date, if set.
    pub target_date: Option<NaiveDate>,
    /// Roles whose sign-off the service's tier requires.
    pub required_roles: Vec<String>,
    /// Roles signed so far.
    pub signed_roles: Vec<String>,
    /// Whether the person answered any of its items.
    pub answered_by_me: bool,
}

/// A waiver request or not-applicable claim waiting for a second person.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingDecision {
    /// Review id.
    pub review_id: i64,
    /// The service's slug.
    pub service: String,
    /// Item key.
    pub item_key: String,
    /// Item title.
    pub item_title: String,
    /// Who asked (requested the waiver, or marked the item not applicable).
    pub asked_by: String,
    /// When.
    pub asked_at: DateTime<Utc>,
}

/// An open action item.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    /// Review id.
    pub review_id: i64,
    /// The service's slug.
    pub service: String,
    /// Action item id.
    pub id: i64,
    /// What is to be done.
    pub title: String,
    /// Its owner's login.
    pub owner: String,
    /// Due date.
    pub due_date: NaiveDate,
}

/// A review waiting for the person's sign-off, with the roles they may sign it as.
#[derive(Debug, Clone, PartialEq)]
pub struct SignRequest {
    /// The review.
    pub review: OpenReview,
    /// Required roles not signed yet that the person holds.
    pub roles: Vec<String>,
}

/// An action item of the person's, with whether it is past its due date.
#[derive(Debug, Clone, PartialEq)]
pub struct MyAction {
    /// The item.
    pub item: ActionRow,
    /// Due before today.
    pub overdue: bool,
}

/// Everything waiting for one person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MyWork {
    /// Open reviews of teams the person owns, or that they answered items of; soonest
    /// target date first.
    pub reviews: Vec<OpenReview>,
    /// Reviews in review that need a sign-off the person may give; soonest target first.
    pub to_sign: Vec<SignRequest>,
    /// Waiver requests the person may decide, oldest first.
    pub waivers: Vec<PendingDecision>,
    /// Not-applicable claims the person may accept or reject, oldest first.
    pub not_applicable: Vec<PendingDecision>,
    /// The person's open action items, overdue first, then by due date.
    pub action_items: Vec<MyAction>,
}

impl MyWork {
    /// Whether nothing waits for the person.
    pub fn is_empty(&self) -> bool {
        self.reviews.is_empty()
            && self.to_sign.is_empty()
            && self.waivers.is_empty()
            && self.not_applicable.is_empty()
            && self.action_items.is_empty()
    }
}

/// Target date first (none last), then service slug.
fn by_target(a: &OpenReview, b: &OpenReview) -> std::cmp::Ordering {
    match (a.target_date, b.target_date) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.service.cmp(&b.service))
}

/// Sorts out what is `g`'s among the rows, as of `today`.
pub fn my_work(
    g: &Grants,
    today: NaiveDate,
    open: Vec<OpenReview>,
    waivers: Vec<PendingDecision>,
    claims: Vec<PendingDecision>,
    actions: Vec<ActionRow>,
) -> MyWork {
    let mut to_sign: Vec<SignRequest> = open
        .iter()
        .filter(|r| r.state == ReviewState::InReview)
        .filter_map(|r| {
            let roles: Vec<String> = r
                .required_roles
                .iter()
                .filter(|role| !r.signed_roles.contains(role) && g.holds(role, r.team_id))
                .cloned()
                .collect();
            (!roles.is_empty()).then(|| SignRequest {
                review: r.clone(),
                roles,
            })
        })
        .collect();
    to_sign.sort_by(|a, b| by_target(&a.review, &b.review));
    let mut reviews: Vec<OpenReview> = open
        .into_iter()
        .filter(|r| g.owned_teams.contains(&r.team_id) || r.answered_by_me)
        .collect();
    reviews.sort_by(by_target);
    let theirs = |mut rows: Vec<PendingDecision>| {
        rows.retain(|d| g.is_reviewer() && d.asked_by != g.login);
        rows.sort_by(|a, b| {
            a.asked_at
                .cmp(&b.asked_at)
                .then(a.item_key.cmp(&b.item_key))
        });
        rows
    };
    let mut action_items: Vec<MyAction> = actions
        .into_iter()
        .filter(|a| a.owner == g.login)
        .map(|item| MyAction {
            overdue: item.due_date < today,
            item,
        })
        .collect();
    action_items.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(a.item.due_date.cmp(&b.item.due_date))
            .then(a.item.id.cmp(&b.item.id))
    });
    MyWork {
        reviews,
        to_sign,
        waivers: theirs(waivers),
        not_applicable: theirs(claims),
        action_items,
    }
}

#[cfg(test)]
#[path = "my_work_tests.rs"]
mod tests;
