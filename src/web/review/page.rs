//! `GET /reviews/{id}`: the checklist page — the review's header, a sticky scorecard
//! summary, filter tabs, and the items as compact rows grouped by collapsible categories.
//!
//! Everything is loaded in a fixed number of statements whatever the number of items:
//! answers, automated results and waivers of the review in one query each, the owning team
//! in one, and the scorecard through the same batch path as the GraphQL API.

use super::super::error::WebError;
use super::super::format;
use super::super::page::{Chrome, Nav, render};
use super::items::{facts, item_view, known_owner};
use super::model::{CategoryBlock, Edited, Notice, SummaryView, Tab};
use super::sources::{SourceLine, source_lines};
use super::view::{Filter, filter_counts, page_url, review_state};
use crate::domain::review::{Outcome, ReviewState};
use crate::edge::AppState;
use crate::web::decision_view::{OverrideView, override_view};
use crate::web::permits;
use crate::web::scorecard_view::card_view;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// The query string: filter, the flash set by a redirect after a post, and `confirm=submit`
/// (submitting with unanswered items asks first).
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    filter: Option<String>,
    saved: Option<String>,
    passed: Option<u32>,
    failed: Option<u32>,
    errors: Option<u32>,
    skipped: Option<u32>,
    confirm: Option<String>,
}

#[derive(Template)]
#[template(path = "review.html", config = "web/askama.toml")]
pub(super) struct ReviewPage {
    page: Chrome,
    pub(super) id: i64,
    version: i64,
    slug: String,
    service_name: String,
    state_class: &'static str,
    state_label: &'static str,
    /// Set when the review was approved over NO-GO.
    over: Option<OverrideView>,
    template_name: String,
    template_version: i32,
    target_date: Option<String>,
    /// The sticky summary.
    pub(super) sm: SummaryView,
    pub(super) filter: &'static str,
    pub(super) tabs: Vec<Tab>,
    pub(super) categories: Vec<CategoryBlock>,
    notice: Option<Notice>,
    pub(super) open: bool,
    draft: bool,
    sources: Vec<SourceLine>,
    can_verify: bool,
    /// The viewer may answer, request waivers and submit (owners of the service's team).
    pub(super) may_answer: bool,
    /// Why not, when they may not (shown once above the checklist).
    why_not_answer: String,
    pub(super) waiver_min: String,
    /// Ask to confirm submitting with unanswered items.
    confirm_submit: bool,
}

/// `GET /reviews/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let id = review_id(&id)?;
    let filter = Filter::parse(q.filter.as_deref().unwrap_or_default());
    let notice = flash(&q);
    let mut view = build(&state, id, filter, notice, None).await?;
    view.confirm_submit = q.confirm.as_deref() == Some("submit")
        && view.draft
        && view.may_answer
        && view.sm.answered < view.sm.total;
    Ok(render(StatusCode::OK, &view))
}

/// The review id in a path; anything that is not one is a missing page.
pub(super) fn review_id(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| WebError::NotFound(format!("There is no review {raw}.")))
}

fn flash(q: &PageQuery) -> Option<Notice> {
    Some(match q.saved.as_deref()? {
        "answer" => Notice::success("Answer saved."),
        "waiver" => {
            Notice::success("Waiver requested. It counts once someone other than you approves it.")
        }
        "submitted" => Notice::success("Review submitted for the launch review meeting."),
        "na-accepted" => Notice::success("Not applicable accepted: the item leaves the score."),
        "na-rejected" => {
            Notice::success("Not applicable rejected: the item is open until it is answered again.")
        }
        "verified" => {
            let n = |v: Option<u32>| v.unwrap_or(0);
            let mut notice = Notice::success(format!(
                "Verification ran: {} passed, {} failed, {} errors, {} skipped.",
                n(q.passed),
                n(q.failed),
                n(q.errors),
                n(q.skipped)
            ));
            if n(q.skipped) > 0 {
                notice.class = "warning";
                notice.lines.push(
                    "Skipped checks could not run; see “Automated checks” below for why.".into(),
                );
            }
            notice
        }
        _ => return None,
    })
}

/// Loads the review and renders its page with `status`; `edited` keeps a refused post's
/// input on its item, which is shown whatever the filter.
pub(super) async fn show(
    state: &AppState,
    id: i64,
    filter: Filter,
    notice: Option<Notice>,
    edited: Option<Edited>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let view = build(state, id, filter, notice, edited).await?;
    Ok(render(status, &view))
}

/// Loads the review and builds its page.
pub(super) async fn build(
    state: &AppState,
    id: i64,
    filter: Filter,
    notice: Option<Notice>,
    edited: Option<Edited>,
) -> Result<ReviewPage, WebError> {
    let s = &state.services;
    let review = s.review(id).await?;
    let service_id = review.service_id;
    let ((sheet, cards), current) = tokio::try_join!(
        s.review_sheet_and_cards(review, &[]),
        s.current_review(service_id),
    )?;
    let (review, service, t) = (&sheet.review, &sheet.service, &sheet.template.template);
    let (permits, mut teams) =
        tokio::try_join!(async { permits::on(s, service, &[]).await }, async {
            Ok::<_, WebError>(s.teams_by_ids(&[service.team_id]).await?)
        },)?;
    let team = teams.remove(&service.team_id);
    let tier = service.tier;
    let card = cards.get(&review.id);
    let now = s.now();
    let (state_class, state_label) = review_state(review.state);

    let mut edited = edited;
    let mut all_facts = Vec::new();
    let mut categories: Vec<CategoryBlock> = Vec::new();
    let mut next_unanswered = None;
    for si in &sheet.items {
        let (category, item) = sheet.item_of(si);
        let f = facts(item, si);
        all_facts.push(f);
        let unanswered = f.outcome == Outcome::Unanswered;
        if unanswered && next_unanswered.is_none() {
            next_unanswered = Some(item.key.clone());
        }
        if categories.last().is_none_or(|b| b.key != category.key) {
            categories.push(CategoryBlock {
                key: category.key.clone(),
                title: category.title.clone(),
                score: card
                    .and_then(|c| c.categories.iter().find(|k| k.key == category.key))
                    .and_then(|c| c.score)
                    .map(format::score),
                answered: 0,
                total: 0,
                unfolded: filter != Filter::All,
                items: Vec::new(),
            });
        }
        let Some(block) = categories.last_mut() else {
            continue;
        };
        block.total += 1;
        block.answered += usize::from(!unanswered);
        block.unfolded |= si.open();
        let typed = edited.take_if(|e| e.key == item.key);
        if typed.is_none() && !filter.matches(&f) {
            continue;
        }
        let (answer, waiver) = typed.map_or((None, None), |e| (e.answer, e.waiver));
        let mut view = item_view(t, item, si, answer, waiver, now);
        view.na = view.na.map(|c| c.for_viewer(&permits));
        if let Some(known) = known_owner(item, team.as_ref()) {
            if unanswered && view.form.evidence.is_empty() {
                view.form.evidence = known.evidence;
            }
            view.known = Some(known.line);
        }
        block.unfolded |= view.more_open;
        block.items.push(view);
    }
    categories.retain(|c| !c.items.is_empty());
    let tabs = filter_counts(&all_facts)
        .into_iter()
        .map(|(f, count)| Tab {
            href: page_url(review.id, f, "", None),
            label: f.label(),
            key: f.as_str(),
            count,
            current: f == filter,
        })
        .collect();
    let is_current = current.as_ref().map(|r| r.id) == Some(review.id);
    let sources = source_lines(s, service, t, tier);
    let progress = sheet.progress();
    let (may_answer, why_not_answer) = permits::split(&permits.own);
    Ok(ReviewPage {
        page: Chrome::new(format!("{} · readiness review", service.name), Nav::None)
            .with_body_class("checklist"),
        id: review.id,
        version: review.version,
        slug: service.slug.clone(),
        service_name: service.name.clone(),
        state_class,
        state_label,
        template_name: t.name.clone(),
        template_version: sheet.template.version,
        target_date: review.target_date.map(|d| d.format("%Y-%m-%d").to_string()),
        sm: SummaryView {
            id: review.id,
            card: card.map(|c| card_view(c, t, tier)),
            answered: progress.answered,
            total: progress.total,
            next_unanswered,
            may_answer: may_answer && review.state.is_open(),
        },
        filter: filter.as_str(),
        tabs,
        categories,
        notice,
        over: override_view(review),
        open: review.state.is_open(),
        draft: review.state == ReviewState::Draft,
        can_verify: is_current && !sources.is_empty() && permits.contribute.is_ok(),
        may_answer,
        why_not_answer,
        sources,
        waiver_min: (now + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string(),
        confirm_submit: false,
    })
}
