//! The review sheet: one read model of a review's checklist, used by the GraphQL `Review`,
//! the checklist page and meeting mode alike. For every item of the pinned template that
//! applies to the service's tier, in template order: the stored answer, the latest automated
//! result, the item's waivers and the one in force, and the scoring engine's effective state.
//! The score, level and gate are the scorecard's (`Services::scorecards_for_reviews`).
//! Each fact (waived, stale, open, answered) is derived here, once.

use crate::domain::not_applicable::NaAcceptance;
use crate::domain::records;
use crate::domain::review::{Outcome, WaiverState, waiver_in_force};
use crate::domain::scoring::{ItemState, Scorecard, ScoringInput, item_states};
use crate::domain::template::{Category, Item};
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::services::scoring::scorecards::{ScoredRows, answer_fact, waiver_fact};
use crate::services::templates::StoredTemplate;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

/// A review's checklist with everything known about each applicable item.
#[derive(Debug, Clone)]
pub struct ReviewSheet {
    /// The review.
    pub review: records::Review,
    /// Its service.
    pub service: records::Service,
    /// The template version the review pinned.
    pub template: Arc<StoredTemplate>,
    /// Applicable items, in template order.
    pub items: Vec<SheetItem>,
    /// Every waiver of the review, newest first (also those of items that no longer apply).
    pub waivers: Vec<records::Waiver>,
}

/// One applicable item of a review.
#[derive(Debug, Clone)]
pub struct SheetItem {
    /// Category and item index in the pinned template.
    position: (usize, usize),
    /// The stored answer.
    pub response: Option<records::ItemResponse>,
    /// The latest automated result.
    pub check: Option<records::VerificationResult>,
    /// The item's waivers, newest first.
    pub waivers: Vec<records::Waiver>,
    /// The approved, unexpired waiver, if any (latest expiry first).
    pub waiver_in_force: Option<records::Waiver>,
    /// The scoring engine's effective state, as the review's scorecard counts it.
    pub state: ItemState,
}

/// A not applicable claim on an item that needs a second person's acceptance.
#[derive(Debug, Clone, PartialEq)]
pub struct NaClaim {
    /// Pending, accepted or rejected.
    pub state: NaAcceptance,
    /// Who marked the item not applicable.
    pub claimed_by: String,
    /// Who accepted or rejected it.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// Their comment.
    pub comment: Option<String>,
}

/// How far answering has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Applicable items.
    pub total: usize,
    /// Items with an outcome other than unanswered.
    pub answered: usize,
}

impl SheetItem {
    /// The recorded outcome (unanswered without an answer); waivers are reported apart.
    pub fn outcome(&self) -> Outcome {
        self.response
            .as_ref()
            .map_or(Outcome::Unanswered, |r| r.outcome)
    }

    /// A valid waiver counts for the item in place of its open answer.
    pub fn waived(&self) -> bool {
        self.state == ItemState::Waived
    }

    /// Its automated evidence is older than the item's freshness window.
    pub fn stale(&self) -> bool {
        self.state == ItemState::Stale
    }

    /// Still to do: failing, unanswered, errored, stale or an unaccepted not applicable, and
    /// not waived.
    pub fn open(&self) -> bool {
        self.state.is_open()
    }

    /// For a not applicable answer that needs a second person's acceptance: where the claim
    /// stands (pending, accepted or rejected), by whom, when and why. `None` for any other
    /// answer, and for not applicable on an item that needs no acceptance.
    pub fn na_claim(&self) -> Option<NaClaim> {
        let r = self.response.as_ref()?;
        let state = match (self.state, r.na_acceptance?) {
            (ItemState::NotApplicableUnaccepted, NaAcceptance::Rejected) => NaAcceptance::Rejected,
            (ItemState::NotApplicableUnaccepted, _) => NaAcceptance::Pending,
            (ItemState::NotApplicable, NaAcceptance::Accepted) => NaAcceptance::Accepted,
            _ => return None,
        };
        let decided = state != NaAcceptance::Pending;
        Some(NaClaim {
            state,
            claimed_by: r.responded_by.clone(),
            decided_by: r.na_decided_by.clone().filter(|_| decided),
            decided_at: r.na_decided_at.filter(|_| decided),
            comment: r.na_comment.clone().filter(|_| decided),
        })
    }

    /// A waiver is requested or approved and not yet expired, so another may not be asked.
    pub fn waiver_pending(&self, now: DateTime<Utc>) -> bool {
        self.waivers.iter().any(|w| {
            matches!(w.state, WaiverState::Requested | WaiverState::Approved) && w.expires_at > now
        })
    }
}

impl ReviewSheet {
    /// The category and template item of `item`.
    pub fn item_of(&self, item: &SheetItem) -> (&Category, &Item) {
        let category = &self.template.template.categories[item.position.0];
        (category, &category.items[item.position.1])
    }

    /// Answered versus applicable items.
    pub fn progress(&self) -> Progress {
        Progress {
            total: self.items.len(),
            answered: self
                .items
                .iter()
                .filter(|i| i.outcome() != Outcome::Unanswered)
                .count(),
        }
    }
}

impl Services {
    /// The sheets of `ids` (reviews that do not exist are left out), in a fixed number of
    /// statements whatever the number of reviews and items.
    pub async fn review_sheets_by_ids(&self, ids: &[i64]) -> AppResult<HashMap<i64, ReviewSheet>> {
        let reviews: Vec<records::Review> = self.reviews_by_ids(ids).await?.into_values().collect();
        self.review_sheets(&reviews).await
    }

    /// The sheets of `reviews`, by review id.
    pub async fn review_sheets(
        &self,
        reviews: &[records::Review],
    ) -> AppResult<HashMap<i64, ReviewSheet>> {
        let ids: Vec<i64> = reviews.iter().map(|r| r.id).collect();
        let service_ids: Vec<i64> = reviews.iter().map(|r| r.service_id).collect();
        let (services, responses, waivers, checks) = tokio::try_join!(
            self.services_by_ids(&service_ids),
            self.responses_by_review_ids(&ids),
            self.waivers_by_review_ids(&ids),
            self.verifications_by_review_ids(&ids),
        )?;
        let rows = ScoredRows {
            services,
            responses,
            waivers,
        };
        self.assemble(reviews, rows, checks).await
    }

    /// A review's sheet with the scorecards of the review and of `also` (e.g. the previous
    /// review, for a comparison), from one load of their rows: for pages that show both.
    pub async fn review_sheet_and_cards(
        &self,
        review: records::Review,
        also: &[records::Review],
    ) -> AppResult<(ReviewSheet, HashMap<i64, Scorecard>)> {
        let id = review.id;
        let mut reviews = vec![review];
        reviews.extend(also.iter().cloned());
        let ids = [id];
        let ((cards, rows), checks) = tokio::try_join!(
            self.scorecards_and_rows(&reviews),
            self.verifications_by_review_ids(&ids),
        )?;
        let sheet = self
            .assemble(&reviews[..1], rows, checks)
            .await?
            .remove(&id)
            .ok_or_else(|| AppError::not_found("review", id.to_string()))?;
        Ok((sheet, cards))
    }

    async fn assemble(
        &self,
        reviews: &[records::Review],
        ScoredRows {
            services,
            mut responses,
            mut waivers,
        }: ScoredRows,
        mut checks: HashMap<i64, Vec<records::VerificationResult>>,
    ) -> AppResult<HashMap<i64, ReviewSheet>> {
        let now = self.now();
        let mut out = HashMap::with_capacity(reviews.len());
        for review in reviews {
            let Some(service) = services.get(&review.service_id).cloned() else {
                continue;
            };
            let template = self.template(review.template_id).await?;
            let rows = Rows {
                responses: responses.remove(&review.id).unwrap_or_default(),
                waivers: waivers.remove(&review.id).unwrap_or_default(),
                checks: checks.remove(&review.id).unwrap_or_default(),
            };
            let all_waivers = rows.waivers.clone();
            let items = sheet_items(&template, &service, rows, now);
            out.insert(
                review.id,
                ReviewSheet {
                    review: review.clone(),
                    service,
                    template,
                    items,
                    waivers: all_waivers,
                },
            );
        }
        Ok(out)
    }
}

/// A review's rows, before they are sorted onto its items.
struct Rows {
    responses: Vec<records::ItemResponse>,
    waivers: Vec<records::Waiver>,
    checks: Vec<records::VerificationResult>,
}

fn sheet_items(
    template: &StoredTemplate,
    service: &records::Service,
    mut rows: Rows,
    now: DateTime<Utc>,
) -> Vec<SheetItem> {
    // Item states depend on answers and waivers only (see `item_states`), so the sheet
    // needs none of the gate's facts to count items exactly as the scorecard does.
    let answers: Vec<_> = rows.responses.iter().map(answer_fact).collect();
    let waiver_facts: Vec<_> = rows.waivers.iter().map(waiver_fact).collect();
    let results = item_states(&ScoringInput {
        template: &template.template,
        tier: service.tier,
        answers: &answers,
        waivers: &waiver_facts,
        sign_offs: &[],
        slo_count: 0,
        dependencies: &[],
        now,
    });
    let states: HashMap<&str, ItemState> =
        results.iter().map(|i| (i.key.as_str(), i.state)).collect();
    // Waivers come newest first, as loaded, and stay so per item.
    let mut out = Vec::new();
    for (ci, category) in template.template.categories.iter().enumerate() {
        for (ii, item) in category.items.iter().enumerate() {
            if !item.applies_to(service.tier) {
                continue;
            }
            let key = item.key.as_str();
            let waivers: Vec<records::Waiver> = rows
                .waivers
                .iter()
                .filter(|w| w.item_key == key)
                .cloned()
                .collect();
            let waiver_in_force = waivers
                .iter()
                .filter(|w| waiver_in_force(w.state, w.expires_at, now))
                .max_by_key(|w| w.expires_at)
                .cloned();
            out.push(SheetItem {
                position: (ci, ii),
                response: take(&mut rows.responses, |r| r.item_key == key),
                check: take(&mut rows.checks, |c| c.item_key == key),
                waivers,
                waiver_in_force,
                state: states.get(key).copied().unwrap_or(ItemState::Unanswered),
            });
        }
    }
    out
}

/// Removes and returns the first row matching `f`.
fn take<T>(rows: &mut Vec<T>, f: impl Fn(&T) -> bool) -> Option<T> {
    let i = rows.iter().position(f)?;
    Some(rows.swap_remove(i))
}
