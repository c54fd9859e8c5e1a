//! `GET /my-work`: what waits for the person looking — reviews they own, sign-offs they may
//! give, waivers and not-applicable claims they may decide, and their action items (overdue
//! first). Someone nobody knows yet is asked who they are (or to sign in) first.

use super::error::WebError;
use super::format;
use super::identity;
use super::meeting::sections::role_label;
use super::page::{Chrome, Nav, render};
use super::service::actions::ActionView;
use crate::domain::my_work::{MyAction, OpenReview, PendingDecision, SignRequest};
use crate::domain::review::ReviewState;
use crate::edge::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

/// A review in one of the page's tables.
struct ReviewView {
    id: i64,
    service: String,
    service_name: String,
    team: String,
    state: &'static str,
    target: String,
    /// What the person is asked: roles to sign as, or the sign-offs still missing.
    detail: String,
}

/// A waiver request or not-applicable claim to decide.
struct DecisionView {
    review_id: i64,
    service: String,
    item_key: String,
    item_title: String,
    asked_by: String,
    asked: String,
    asked_machine: String,
}

#[derive(Template)]
#[template(path = "my_work.html", config = "web/askama.toml")]
struct MyWorkPage {
    page: Chrome,
    login: String,
    /// Nobody named: the page asks who the person is instead.
    unknown: bool,
    reviews: Vec<ReviewView>,
    to_sign: Vec<ReviewView>,
    waivers: Vec<DecisionView>,
    not_applicable: Vec<DecisionView>,
    actions: Vec<ActionView>,
    overdue: usize,
}

fn state_words(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "Draft",
        ReviewState::InReview => "In review",
        ReviewState::Approved => "Approved",
        ReviewState::Rejected => "Rejected",
        ReviewState::Expired => "Expired",
    }
}

fn target(d: Option<NaiveDate>) -> String {
    d.map_or_else(
        || "Not set".to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

fn review_view(r: OpenReview, detail: String) -> ReviewView {
    ReviewView {
        id: r.id,
        service: r.service,
        service_name: r.service_name,
        team: r.team,
        state: state_words(r.state),
        target: target(r.target_date),
        detail,
    }
}

/// "Security and SRE sign-offs missing", or the review's state in words.
fn missing_sign_offs(r: &OpenReview) -> String {
    if r.state != ReviewState::InReview {
        return "being filled in".to_owned();
    }
    let missing: Vec<String> = r
        .required_roles
        .iter()
        .filter(|role| !r.signed_roles.contains(role))
        .map(|role| role_label(role))
        .collect();
    match missing.len() {
        0 => "Every sign-off is in; waiting for the decision".to_owned(),
        1 => format!("{} sign-off missing", missing[0]),
        _ => format!(
            "{} sign-offs missing: {}",
            missing.len(),
            missing.join(", ")
        ),
    }
}

fn sign_view(s: SignRequest) -> ReviewView {
    let roles: Vec<String> = s.roles.iter().map(|r| role_label(r)).collect();
    let detail = format!("Sign as {}", roles.join(" or "));
    review_view(s.review, detail)
}

fn decision_view(d: PendingDecision) -> DecisionView {
    DecisionView {
        review_id: d.review_id,
        service: d.service,
        item_key: d.item_key,
        item_title: d.item_title,
        asked_by: d.asked_by,
        asked: format::instant(d.asked_at),
        asked_machine: format::machine(d.asked_at),
    }
}

fn action_view(a: MyAction, today: NaiveDate) -> ActionView {
    let i = a.item;
    ActionView::new(
        i.review_id,
        &i.service,
        &i.title,
        &i.owner,
        i.due_date,
        today,
    )
}

/// `GET /my-work`.
pub async fn page(State(state): State<AppState>) -> Result<Response, WebError> {
    let chrome = Chrome::new("My work", Nav::MyWork);
    let actor = identity::current().actor.filter(|_| chrome.viewer.named);
    let Some(actor) = actor else {
        let view = MyWorkPage {
            page: chrome,
            login: String::new(),
            unknown: true,
            reviews: vec![],
            to_sign: vec![],
            waivers: vec![],
            not_applicable: vec![],
            actions: vec![],
            overdue: 0,
        };
        return Ok(render(StatusCode::OK, &view));
    };
    let s = &state.services;
    let work = s.my_work(&actor).await?;
    let today = s.now().date_naive();
    let overdue = work.action_items.iter().filter(|a| a.overdue).count();
    let view = MyWorkPage {
        page: chrome,
        login: actor.login().to_owned(),
        unknown: false,
        reviews: work
            .reviews
            .into_iter()
            .map(|r| {
                let detail = missing_sign_offs(&r);
                review_view(r, detail)
            })
            .collect(),
        to_sign: work.to_sign.into_iter().map(sign_view).collect(),
        waivers: work.waivers.into_iter().map(decision_view).collect(),
        not_applicable: work.not_applicable.into_iter().map(decision_view).collect(),
        actions: work
            .action_items
            .into_iter()
            .map(|a| action_view(a, today))
            .collect(),
        overdue,
    };
    Ok(render(StatusCode::OK, &view))
}
