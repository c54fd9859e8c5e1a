//! `GET /reviews/{id}`: the checklist page — the review's header and live scorecard summary,
//! filter tabs, and the items grouped by category with their answer and waiver forms.
//!
//! Everything is loaded in a fixed number of statements whatever the number of items:
//! answers, automated results and waivers of the review in one query each, and the
//! scorecard through the same batch path as the GraphQL API.

use super::super::error::WebError;
use super::super::format;
use super::super::page::{Chrome, Nav, render};
use super::super::scorecard_view::{CardView, card_view};
use super::forms::{AnswerForm, WaiverForm};
use super::items::{ItemView, facts, item_view};
use super::view::{Filter, filter_counts, page_url, review_state};
use crate::domain::records;
use crate::domain::review::ReviewState;
use crate::edge::AppState;
use crate::services::Services;
use crate::web::decision_view::{OverrideView, override_view};
use crate::web::permits;

use crate::services::verification::NoRepo;
use crate::verify::prom::is_prom_check;
use crate::verify::repo::is_repo_check;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// The query string: filter, and the flash set by a redirect after a post.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    filter: Option<String>,
    saved: Option<String>,
    passed: Option<u32>,
    failed: Option<u32>,
    errors: Option<u32>,
    skipped: Option<u32>,
}

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

    fn success(title: impl Into<String>) -> Self {
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

/// A category with its score and the items the filter shows.
#[derive(Debug, Clone)]
pub struct CategoryBlock {
    /// Key, for anchors.
    pub key: String,
    /// Title.
    pub title: String,
    /// Score in words, `None` when nothing in it applies.
    pub score: Option<String>,
    /// Items shown.
    pub items: Vec<ItemView>,
}

/// Where automated checks read from, for the "Verify now" panel.
#[derive(Debug, Clone)]
pub struct SourceLine {
    /// `Repository` or `Prometheus`.
    pub label: &'static str,
    /// The source, or why its checks cannot run.
    pub text: String,
    /// Whether its checks can run.
    pub ok: bool,
}

#[derive(Template)]
#[template(path = "review.html", config = "web/askama.toml")]
struct ReviewPage {
    page: Chrome,
    id: i64,
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
    answered: usize,
    applicable: usize,
    card: Option<CardView>,
    filter: &'static str,
    tabs: Vec<Tab>,
    categories: Vec<CategoryBlock>,
    notice: Option<Notice>,
    open: bool,
    draft: bool,
    sources: Vec<SourceLine>,
    can_verify: bool,
    /// The viewer may answer, request waivers and submit (owners of the service's team).
    may_answer: bool,
    /// Why not, when they may not (shown once above the checklist).
    why_not_answer: String,
    waiver_min: String,
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
    show(&state, id, filter, notice, None, StatusCode::OK).await
}

/// The review id in a path; anything that is not one is a missing page.
pub(super) fn review_id(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| WebError::NotFound(format!("There is no review `{raw}`.")))
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
    let s = &state.services;
    let review = s.review(id).await?;
    let service_id = review.service_id;
    let ((sheet, cards), current) = tokio::try_join!(
        s.review_sheet_and_cards(review, &[]),
        s.current_review(service_id),
    )?;
    let (review, service, t) = (&sheet.review, &sheet.service, &sheet.template.template);
    let tier = service.tier;
    let card = cards.get(&review.id);
    let now = s.now();
    let (state_class, state_label) = review_state(review.state);

    let permits = permits::on(s, service, &[]).await?;
    let mut edited = edited;
    let mut all_facts = Vec::new();
    let mut categories: Vec<CategoryBlock> = Vec::new();
    for si in &sheet.items {
        let (category, item) = sheet.item_of(si);
        let f = facts(item, si);
        all_facts.push(f);
        let typed = edited.take_if(|e| e.key == item.key);
        if typed.is_none() && !filter.matches(&f) {
            continue;
        }
        let (answer, waiver) = typed.map_or((None, None), |e| (e.answer, e.waiver));
        let mut view = item_view(t, item, si, answer, waiver, now);
        view.na = view.na.map(|c| c.for_viewer(&permits));
        match categories.last_mut() {
            Some(block) if block.key == category.key => block.items.push(view),
            _ => categories.push(CategoryBlock {
                key: category.key.clone(),
                title: category.title.clone(),
                score: card
                    .and_then(|c| c.categories.iter().find(|k| k.key == category.key))
                    .and_then(|c| c.score)
                    .map(format::score),
                items: vec![view],
            }),
        }
    }
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
    let view = ReviewPage {
        page: Chrome::new(format!("{} · readiness review", service.name), Nav::None),
        id: review.id,
        version: review.version,
        slug: service.slug.clone(),
        service_name: service.name.clone(),
        state_class,
        state_label,
        template_name: t.name.clone(),
        template_version: sheet.template.version,
        target_date: review.target_date.map(|d| d.format("%Y-%m-%d").to_string()),
        answered: progress.answered,
        applicable: progress.total,
        card: card.map(|c| card_view(c, t, tier)),
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
    };
    Ok(render(status, &view))
}

/// Where the applicable automated checks read from, or why they cannot run; empty when
/// the service has no automated items.
fn source_lines(
    s: &Services,
    service: &records::Service,
    t: &crate::domain::template::Template,
    tier: crate::domain::catalog::Tier,
) -> Vec<SourceLine> {
    let specs: Vec<_> = t
        .items()
        .filter(|(_, i)| i.applies_to(tier))
        .filter_map(|(_, i)| i.check.as_ref())
        .collect();
    let mut out = Vec::new();
    if specs.iter().any(|c| is_repo_check(c)) {
        out.push(match s.sources().repo(service.repository.as_deref()) {
            Ok(src) => SourceLine {
                label: "Repository",
                text: src.describe(),
                ok: true,
            },
            Err(NoRepo::Skipped(why)) => SourceLine {
                label: "Repository",
                text: format!("repository checks are skipped: {why}"),
                ok: false,
            },
            Err(NoRepo::Refused(why)) => SourceLine {
                label: "Repository",
                text: format!("repository checks fail with an error: {why}"),
                ok: false,
            },
        });
    }
    if specs.iter().any(|c| is_prom_check(c)) {
        out.push(match s.sources().metrics() {
            Ok(m) => SourceLine {
                label: "Prometheus",
                text: m.describe(),
                ok: true,
            },
            Err(why) => SourceLine {
                label: "Prometheus",
                text: format!("Prometheus checks are skipped: {why}"),
                ok: false,
            },
        });
    }
    out
}
