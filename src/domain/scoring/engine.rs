//! Evaluation of one review: effective item states, scores and maturity level. The launch
//! gate's reasons live in [`super::gate`], its next steps in [`super::next_steps`].

use super::model::{
    AnswerFact, CategoryResult, Decision, ItemResult, ItemState, LevelRef, NextLevel, Scorecard,
    ScoringInput, WaiverFact,
};
use super::{gate, next_steps, timeline};
use crate::domain::not_applicable::na_accepted;
use crate::domain::review::{Outcome, ResponseSource, WaiverState, waiver_in_force};
use crate::domain::template::{Category, Item, Severity, Template};
use chrono::{DateTime, TimeDelta, Utc};

/// Item keys are short and come from the review itself, so SipHash's flooding resistance
/// buys nothing here; Fx hashing was measurably faster on portfolio runs.
type KeyMap<'a, V> = rustc_hash::FxHashMap<&'a str, V>;

/// One applicable item, with its effective state and the facts that decided it.
pub(super) struct Eval<'a> {
    /// Index of the item's category in the template.
    pub cat: usize,
    /// The category.
    pub category: &'a Category,
    /// The item.
    pub item: &'a Item,
    /// Effective state at the evaluation instant.
    pub state: ItemState,
    /// The answer used, if any.
    pub answer: Option<&'a AnswerFact>,
    /// The valid waiver in force (set when `state` is `Waived`).
    pub waiver: Option<&'a WaiverFact>,
    /// A valid waiver that has expired while the item is still not met and no other waiver
    /// covers it.
    pub expired: Option<&'a WaiverFact>,
}

impl Eval<'_> {
    /// Fails, is unanswered, errored, stale or an unaccepted not applicable (and is not
    /// waived).
    pub fn is_open(&self) -> bool {
        self.state.is_open()
    }

    /// The item is a blocker.
    pub fn is_blocker(&self) -> bool {
        self.item.severity == Severity::Blocker
    }

    /// The item's weight as a sum term.
    pub fn weight(&self) -> u32 {
        u32::from(self.item.weight)
    }
}

/// Scores one service's review at `input.now`: item states, readiness score (overall and per
/// category), maturity level, launch gate decision with its reasons, and — for `NO_GO` — the
/// fewest items whose passing would clear every item-caused blocking reason.
///
/// When nothing applicable remains to assess (no item applies, or every one is not
/// applicable), the score is `None`, the level 0 and the gate `NO_GO` (`NOTHING_ASSESSED`).
///
/// Pure and total: no I/O, no clock, no panic. Answers and waivers for keys the template does
/// not have (or that do not apply to the tier) are ignored. When several answers exist for one
/// item, the most recently recorded one counts (the later one in the slice on a tie).
pub fn evaluate(input: &ScoringInput<'_>) -> Scorecard {
    let evals = evaluate_items(input);
    let (met, total) = weights(&evals);
    let score = percent(met, total);
    let (level, next_level) = match score {
        Some(_) => maturity(input.template, &evals),
        None => (level_ref(input.template, 0), None),
    };
    let reasons = gate::reasons(input, &evals, score);
    let decision = if reasons.iter().any(|r| r.blocking) {
        Decision::NoGo
    } else if reasons.is_empty() {
        Decision::Go
    } else {
        Decision::GoWithConditions
    };
    let next_steps = if decision == Decision::NoGo {
        next_steps::next_steps(input, &evals, met, total)
    } else {
        Vec::new()
    };
    Scorecard {
        score,
        level,
        next_level,
        decision,
        reasons,
        next_steps,
        categories: categories(input.template, &evals),
        items: item_results(&evals),
        changes_at: timeline::changes_at(&evals, input.now),
    }
}

/// The effective state of every applicable item, in template order: exactly the items of
/// [`evaluate`]'s scorecard. An item's state depends on its answer, its waivers, the
/// template and the instant only, so sign-offs, SLOs and dependencies may be left empty.
pub fn item_states(input: &ScoringInput<'_>) -> Vec<ItemResult> {
    item_results(&evaluate_items(input))
}

fn item_results(evals: &[Eval<'_>]) -> Vec<ItemResult> {
    evals
        .iter()
        .map(|e| ItemResult {
            key: e.item.key.clone(),
            category: e.category.key.clone(),
            state: e.state,
            weight: e.item.weight,
            level: e.item.level,
            blocker: e.is_blocker(),
        })
        .collect()
}

/// `100 × met / total`, or `None` when the denominator is 0.
pub(super) fn percent(met: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| 100.0 * f64::from(met) / f64::from(total))
}

/// Σ(weight × credit) and Σ(weight) over items with credit.
fn weights(evals: &[Eval<'_>]) -> (u32, u32) {
    weights_of(evals.iter())
}

fn weights_of<'e, 'a: 'e>(evals: impl Iterator<Item = &'e Eval<'a>>) -> (u32, u32) {
    evals.fold((0, 0), |(met, total), e| match e.state.credit() {
        Some(c) if c > 0.0 => (met + e.weight(), total + e.weight()),
        Some(_) => (met, total + e.weight()),
        None => (met, total),
    })
}

/// Whether `text` has something besides whitespace.
pub(super) fn has_text(text: Option<&str>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

/// The instant automated evidence stops being fresh, if it can go stale at all.
pub(super) fn stale_at(item: &Item, answer: &AnswerFact) -> Option<DateTime<Utc>> {
    if answer.source != ResponseSource::Automated {
        return None;
    }
    let days = TimeDelta::try_days(i64::from(item.freshness_days?))?;
    answer.recorded_at.checked_add_signed(days)
}

fn evaluate_items<'a>(input: &ScoringInput<'a>) -> Vec<Eval<'a>> {
    let mut answers: KeyMap<'_, &AnswerFact> = KeyMap::default();
    answers.reserve(input.answers.len());
    for a in input.answers {
        let newer = answers
            .get(a.item_key.as_str())
            .is_none_or(|old| a.recorded_at >= old.recorded_at);
        if newer {
            answers.insert(a.item_key.as_str(), a);
        }
    }
    let mut waivers: KeyMap<'_, Vec<&WaiverFact>> = KeyMap::default();
    for w in input.waivers.iter().filter(|w| valid_waiver(w)) {
        waivers.entry(w.item_key.as_str()).or_default().push(w);
    }
    let mut out = Vec::new();
    for (cat, category) in input.template.categories.iter().enumerate() {
        for item in category.items.iter().filter(|i| i.applies_to(input.tier)) {
            let answer = answers.get(item.key.as_str()).copied();
            let mut e = Eval {
                cat,
                category,
                item,
                state: answered_state(item, answer, input.now),
                answer,
                waiver: None,
                expired: None,
            };
            if e.is_open()
                && let Some(ws) = waivers.get(item.key.as_str())
            {
                let now = input.now;
                let latest = |f: &dyn Fn(&&WaiverFact) -> bool| {
                    ws.iter().copied().filter(f).max_by_key(|w| w.expires_at)
                };
                e.waiver = latest(&|w| waiver_in_force(w.state, w.expires_at, now));
                if e.waiver.is_some() {
                    e.state = ItemState::Waived;
                } else {
                    e.expired = latest(&|w| w.expires_at <= now);
                }
            }
            out.push(e);
        }
    }
    out
}

/// Approved by someone other than the requester, with a reason (expiry not considered).
fn valid_waiver(w: &WaiverFact) -> bool {
    w.state == WaiverState::Approved
        && has_text(Some(&w.reason))
        && w.approved_by
            .as_deref()
            .is_some_and(|by| !by.trim().is_empty() && by != w.requested_by)
}

/// The state from the answer alone (before waivers).
pub(super) fn answered_state(
    item: &Item,
    answer: Option<&AnswerFact>,
    now: DateTime<Utc>,
) -> ItemState {
    let Some(a) = answer else {
        return ItemState::Unanswered;
    };
    let state = match a.outcome {
        Outcome::Unanswered => ItemState::Unanswered,
        Outcome::Pass => ItemState::Pass,
        Outcome::Fail => ItemState::Fail,
        Outcome::Error => ItemState::Error,
        Outcome::NotApplicable if !has_text(a.note.as_deref()) => ItemState::Unanswered,
        Outcome::NotApplicable
            if item.na_needs_acceptance()
                && !na_accepted(&a.responded_by, a.na_review.as_ref()) =>
        {
            ItemState::NotApplicableUnaccepted
        }
        Outcome::NotApplicable => ItemState::NotApplicable,
    };
    let claim = matches!(
        state,
        ItemState::NotApplicable | ItemState::NotApplicableUnaccepted
    );
    let stale = !claim && stale_at(item, a).is_some_and(|t| t <= now);
    if stale { ItemState::Stale } else { state }
}

fn categories(template: &Template, evals: &[Eval<'_>]) -> Vec<CategoryResult> {
    template
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut r = CategoryResult {
                key: c.key.clone(),
                title: c.title.clone(),
                score: None,
                passed: 0,
                failed: 0,
                waived: 0,
                not_applicable: 0,
                unanswered: 0,
            };
            let mine = || evals.iter().filter(move |e| e.cat == i);
            for e in mine() {
                match e.state {
                    ItemState::Pass => r.passed += 1,
                    ItemState::Waived => r.waived += 1,
                    ItemState::Fail | ItemState::Error | ItemState::Stale => r.failed += 1,
                    ItemState::Unanswered | ItemState::NotApplicableUnaccepted => r.unanswered += 1,
                    ItemState::NotApplicable => r.not_applicable += 1,
                }
            }
            if mine().any(|e| e.state.credit().is_some()) {
                let (met, total) = weights_of(mine());
                r.score = Some(percent(met, total).unwrap_or(100.0));
            }
            r
        })
        .collect()
}

/// A level's reference; level 0 is "None".
fn level_ref(template: &Template, number: u8) -> LevelRef {
    let name = match number {
        0 => "None",
        n => template.level_name(n).unwrap_or("None"),
    };
    LevelRef {
        number,
        name: name.to_owned(),
    }
}

/// Highest level L (declared consecutively from 1) whose applicable items at levels ≤ L are
/// all met or not applicable, and the next level with what it misses.
fn maturity(template: &Template, evals: &[Eval<'_>]) -> (LevelRef, Option<NextLevel>) {
    let top = (1..=u8::MAX)
        .take_while(|n| template.level_name(*n).is_some())
        .last()
        .unwrap_or(0);
    let unmet = |e: &&Eval<'_>| !e.state.is_met() && e.state != ItemState::NotApplicable;
    let reached = evals
        .iter()
        .filter(unmet)
        .map(|e| e.item.level)
        .min()
        .map_or(top, |lowest| top.min(lowest.saturating_sub(1)));
    let next = (reached < top).then(|| {
        let n = reached + 1;
        NextLevel {
            level: level_ref(template, n),
            missing_items: evals
                .iter()
                .filter(unmet)
                .filter(|e| e.item.level <= n)
                .map(|e| e.item.key.clone())
                .collect(),
        }
    });
    (level_ref(template, reached), next)
}
