//! The meeting page: header with the gate, the agenda, what changed, waivers to decide,
//! sign-offs, the decision and action items.

use super::super::form_errors::FormErrors;
use super::super::format;
use super::super::page::{Chrome, Nav};
use super::super::scorecard_view::{CardView, card_view};
use super::activity::{ActivityView, activity_views};
use super::input::Typed;
use super::sections::{
    ActionView, AgendaView, ChangeView, ItemIndex, SignOffRow, WaiverView, action_views,
    agenda_views, change_views, role_words, sign_off_rows, waiver_views,
};
use crate::domain::access::Permits;
use crate::domain::action_item::ActionRow;
use crate::domain::meeting::{agenda, changes_since};
use crate::domain::review::ReviewState;
use crate::domain::scoring::Decision;
use crate::domain::scoring::{SignOffFact, role_sign_offs};
use crate::services::reviews::meeting::MeetingFacts;
use crate::web::decision_view::{OverrideView, na_claim_view, override_view};
use askama::Template;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A refused post, shown at the top of the page.
#[derive(Debug, Clone)]
pub struct ProblemView {
    /// Heading, e.g. "Not allowed".
    pub title: &'static str,
    /// What happened and what to do.
    pub message: String,
    /// For stale posts: who changed what lately.
    pub activity: Vec<ActivityView>,
}

/// An action item row of a form with its problems.
#[derive(Debug, Clone)]
pub struct RowView {
    pub index: usize,
    pub number: usize,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub title_error: Option<String>,
    pub owner_error: Option<String>,
    pub due_error: Option<String>,
}

/// One entry of an error summary.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// The page.
#[derive(Template)]
#[template(path = "meeting.html", config = "web/askama.toml")]
pub struct MeetingPage {
    pub page: Chrome,
    /// The viewer may submit the draft (owners).
    pub may_submit: bool,
    /// The viewer may decide the review, or why not.
    pub may_decide: bool,
    pub why_not_decide: String,
    /// Why the viewer may not approve over a NO-GO; empty when they may.
    pub why_not_override: String,
    /// The viewer may add and complete action items, or why not.
    pub may_contribute: bool,
    pub why_not_contribute: String,
    pub flash: Option<&'static str>,
    pub problem: Option<ProblemView>,
    pub review_id: i64,
    pub review_version: i64,
    pub slug: String,
    pub name: String,
    pub tier: &'static str,
    pub team_slug: String,
    pub team_name: String,
    pub state: &'static str,
    pub is_draft: bool,
    pub in_review: bool,
    pub decided: Option<String>,
    pub decision_notes: Option<String>,
    pub card: Option<CardView>,
    pub agenda: Vec<AgendaView>,
    pub blockers: usize,
    /// Items on the agenda that fail, blockers included (so the two counts agree).
    pub failing: usize,
    /// Applicable items nobody has answered (submitting asks first when there are some).
    pub unanswered: usize,
    /// Applicable items.
    pub total: usize,
    /// The checklist's address (reason groups link to its items).
    pub review_href: String,
    pub has_previous: bool,
    pub previous_label: String,
    pub changes: Vec<ChangeView>,
    pub activity: Vec<ActivityView>,
    pub waivers: Vec<WaiverView>,
    pub signoffs: Vec<SignOffRow>,
    pub signoffs_missing: usize,
    pub actions: Vec<ActionView>,
    pub actions_open: usize,
    pub decision: String,
    pub notes: String,
    /// The launch gate is NO-GO: the decision form asks for an override reason.
    pub gate_no_go: bool,
    pub override_reason: String,
    pub override_error: Option<String>,
    /// Set when the review was approved over NO-GO.
    pub over: Option<OverrideView>,
    pub decision_error: Option<String>,
    pub decision_summary: Vec<SummaryItem>,
    pub rows: Vec<RowView>,
    pub add: RowView,
    pub add_summary: Vec<SummaryItem>,
}

fn state_label(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "Draft",
        ReviewState::InReview => "In review",
        ReviewState::Approved => "Approved",
        ReviewState::Rejected => "Rejected",
        ReviewState::Expired => "Expired",
    }
}

fn row_view(index: usize, row: &ActionRow, errors: &FormErrors, suffix: &str) -> RowView {
    let err = |f: &str| errors.get(&format!("{f}{suffix}")).map(str::to_owned);
    RowView {
        index,
        number: index + 1,
        title: row.title.clone(),
        owner: row.owner.clone(),
        due: row.due.clone(),
        title_error: err("title"),
        owner_error: err("owner"),
        due_error: err("due"),
    }
}

fn field_word(f: &str) -> &'static str {
    match f {
        "title" => "title",
        "owner" => "owner",
        "due" => "due date",
        _ => "",
    }
}

/// The summary of the decision form's problems, in form order.
fn decision_summary(errors: &FormErrors) -> Vec<SummaryItem> {
    let mut out: Vec<(usize, SummaryItem)> = errors
        .iter()
        .map(|(field, message)| {
            let (pos, href, text) = match field.rsplit_once('_') {
                _ if field == "override_reason" => (
                    2,
                    "#d-override_reason".to_owned(),
                    format!("Reason to approve over NO-GO: {message}"),
                ),
                Some((f, n)) if !field_word(f).is_empty() => {
                    let n: usize = n.parse().unwrap_or(0);
                    (
                        10 + n * 3,
                        format!("#d-{f}-{n}"),
                        format!("Action item {} {}: {message}", n + 1, field_word(f)),
                    )
                }
                _ => (
                    usize::from(field != "decision"),
                    format!("#d-{field}"),
                    format!(
                        "{}: {message}",
                        if field == "decision" {
                            "Decision"
                        } else {
                            "Notes"
                        }
                    ),
                ),
            };
            (pos, SummaryItem { href, text })
        })
        .collect();
    out.sort_by_key(|(p, _)| *p);
    out.into_iter().map(|(_, s)| s).collect()
}

/// Builds the page from the review's facts and what was typed.
pub fn meeting_page(
    facts: &MeetingFacts,
    permits: &Permits,
    typed: &Typed,
    flash: Option<&'static str>,
    problem: Option<ProblemView>,
    now: DateTime<Utc>,
) -> MeetingPage {
    let sheet = &facts.sheet;
    let (review, service) = (&sheet.review, &sheet.service);
    let template = &sheet.template.template;
    let items: ItemIndex<'_> = template.items().map(|(_, i)| (i.key.as_str(), i)).collect();
    let responses: HashMap<&str, _> = sheet
        .items
        .iter()
        .filter_map(|i| i.response.as_ref())
        .map(|r| (r.item_key.as_str(), r))
        .collect();
    let tier = service.tier;
    let state = Some(review.state);
    let agenda_items = facts
        .card
        .as_ref()
        .map(|c| agenda(&c.items))
        .unwrap_or_default();
    let changes = match (&facts.card, &facts.previous) {
        (Some(cur), Some((_, Some(prev)))) => changes_since(&prev.items, &cur.items),
        _ => Vec::new(),
    };
    let facts_signed: Vec<SignOffFact> = facts
        .sign_offs
        .iter()
        .map(|s| SignOffFact {
            role: s.role.clone(),
            signer: s.signer.clone(),
            decision: s.decision,
        })
        .collect();
    let roles = role_sign_offs(template.signoffs.get(tier), &facts_signed);
    let missing = roles.iter().filter(|r| r.is_missing()).count();
    let role_names: Vec<String> = roles.iter().map(|r| r.role.clone()).collect();
    let words = |why: Result<(), String>| role_words(&why.err().unwrap_or_default(), &role_names);
    let in_review = state == Some(ReviewState::InReview);
    let d = &typed.decision;
    let mut agenda = agenda_views(&agenda_items, &items, &responses);
    for a in &mut agenda {
        a.na = sheet
            .items
            .iter()
            .find(|i| i.response.as_ref().is_some_and(|r| r.item_key == a.key))
            .and_then(|i| na_claim_view(i, "meeting"))
            .map(|c| c.for_viewer(permits));
    }
    MeetingPage {
        page: Chrome::new(format!("Launch review: {}", service.name), Nav::None)
            .with_body_class("meeting"),
        flash,
        problem,
        review_id: review.id,
        review_version: review.version,
        slug: service.slug.clone(),
        name: service.name.clone(),
        tier: format::tier(tier),
        team_slug: facts
            .team
            .as_ref()
            .map(|t| t.slug.clone())
            .unwrap_or_default(),
        team_name: facts
            .team
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        state: state_label(review.state),
        is_draft: state == Some(ReviewState::Draft),
        in_review,
        decided: match (&review.decided_by, review.decided_at) {
            (Some(by), Some(at)) => Some(format!(
                "{} by {by} on {}",
                state_label(review.state),
                format::instant(at)
            )),
            _ => None,
        },
        decision_notes: review.decision_notes.clone(),
        card: facts.card.as_ref().map(|c| card_view(c, template, tier)),
        blockers: agenda.iter().filter(|a| a.kind_class == "blocker").count(),
        failing: agenda.iter().filter(|a| a.state == "failing").count(),
        unanswered: sheet.progress().total - sheet.progress().answered,
        total: sheet.progress().total,
        review_href: format!("/reviews/{}", review.id),
        agenda,
        has_previous: facts.previous.is_some(),
        previous_label: facts
            .previous
            .as_ref()
            .map(|(p, _)| format!("review #{} ({})", p.id, state_label(p.state).to_lowercase()))
            .unwrap_or_default(),
        changes: change_views(&changes, &items),
        activity: activity_views(&facts.activity, &items),
        waivers: waiver_views(&sheet.waivers, &items, permits, now),
        signoffs: sign_off_rows(
            roles,
            &facts.sign_offs,
            in_review,
            permits,
            typed.sign_off.as_ref(),
        )
        .into_iter()
        .map(|mut r| {
            r.why_not = role_words(&r.why_not, &role_names);
            r
        })
        .collect(),
        may_submit: permits.own.is_ok(),
        may_decide: permits.decide.is_ok(),
        why_not_override: words(permits.override_no_go.clone()),
        why_not_decide: words(permits.decide.clone()),
        may_contribute: permits.contribute.is_ok(),
        why_not_contribute: words(permits.contribute.clone()),
        signoffs_missing: missing,
        actions_open: facts.action_items.iter().filter(|a| !a.done).count(),
        actions: action_views(&facts.action_items, now.date_naive()),
        decision: d.decision.clone(),
        notes: d.notes.clone(),
        gate_no_go: facts
            .card
            .as_ref()
            .is_some_and(|c| c.decision == Decision::NoGo),
        override_reason: d.override_reason.clone(),
        override_error: d.errors.get("override_reason").map(str::to_owned),
        over: override_view(review),
        decision_error: d.errors.get("decision").map(str::to_owned),
        decision_summary: decision_summary(&d.errors),
        rows: d
            .rows_to_show()
            .iter()
            .enumerate()
            .map(|(i, r)| row_view(i, r, &d.errors, &format!("_{i}")))
            .collect(),
        add: row_view(0, &typed.add.row, &typed.add.errors, ""),
        add_summary: typed
            .add
            .errors
            .iter()
            .map(|(f, m)| SummaryItem {
                href: format!("#a-{f}"),
                text: format!("New action item {}: {m}", field_word(f)),
            })
            .collect(),
    }
}
