//! The launch gate's reasons, blocking ones and conditions; the wording is in
//! [`super::wording`], open non-blocker items in [`super::open_items`] and the next steps for
//! `NO_GO` in [`super::next_steps`].

use super::engine::Eval;
use super::model::{Decision, DependencyFact, ItemState, Reason, ReasonCode, ScoringInput};
use super::open_items::open_items;
use super::signoffs::role_sign_offs;
use super::wording::{Label, Problem, When, state_word};
use crate::domain::catalog::DependencyKind;
use crate::domain::not_applicable::NaAcceptance;
use crate::domain::numbers::display_percent;

/// Position of a code in the reason order (after blocking-first).
fn rank(code: ReasonCode) -> u8 {
    match code {
        ReasonCode::BlockerFailing => 0,
        ReasonCode::NotApplicableUnaccepted => 1,
        ReasonCode::NothingAssessed => 2,
        ReasonCode::BelowTierThreshold => 3,
        ReasonCode::SignoffMissing => 4,
        ReasonCode::NoSlo => 5,
        ReasonCode::DependencyNotReady => 6,
        ReasonCode::ItemWaived => 7,
        ReasonCode::ItemOpen => 8,
        ReasonCode::WaiverExpired => 9,
    }
}

pub(super) fn reason(
    code: ReasonCode,
    message: String,
    item: Option<&str>,
    entity: Option<&str>,
) -> Reason {
    Reason {
        code,
        message,
        item_key: item.map(str::to_owned),
        entity: entity.map(str::to_owned),
        blocking: matches!(
            code,
            ReasonCode::BlockerFailing
                | ReasonCode::NothingAssessed
                | ReasonCode::BelowTierThreshold
                | ReasonCode::SignoffMissing
                | ReasonCode::NoSlo
        ),
    }
}

/// Every reason behind the decision, blocking ones first, then by code, then template order.
/// `score` is `None` when nothing applicable remains to assess.
pub(super) fn reasons(
    input: &ScoringInput<'_>,
    evals: &[Eval<'_>],
    score: Option<f64>,
) -> Vec<Reason> {
    let mut out = Vec::new();
    let unaccepted = |e: &&Eval<'_>| e.state == ItemState::NotApplicableUnaccepted;
    for e in evals.iter().filter(unaccepted) {
        out.push(unaccepted_reason(e));
    }
    let failing = |e: &&Eval<'_>| e.is_blocker() && e.is_open() && !unaccepted(e);
    for e in evals.iter().filter(failing) {
        let message = format!(
            "Blocker {} {}; it must pass or be validly waived before launch.",
            Label(e.item),
            Problem(e)
        );
        out.push(reason(
            ReasonCode::BlockerFailing,
            message,
            Some(&e.item.key),
            None,
        ));
    }

    let threshold = *input.template.thresholds.get(input.tier);
    let Some(score) = score else {
        let message = format!(
            "Nothing applicable remains to assess: {}, so there is no score. Orrery does not \
             say GO about a service it has not assessed.",
            if evals.is_empty() {
                format!(
                    "no item of the checklist applies to a {} service",
                    input.tier
                )
            } else {
                "every item was accepted as not applicable".to_owned()
            }
        );
        out.push(reason(ReasonCode::NothingAssessed, message, None, None));
        return finish(input, evals, out);
    };
    if score < threshold {
        // Rounded as everywhere, but never up to the threshold it has not reached.
        let shown = match display_percent(score, 1) {
            s if s >= threshold => (score * 10.0).floor() / 10.0,
            s => s,
        };
        let message = format!(
            "The readiness score is {shown:.1}, below the {} launch threshold of {threshold}.",
            input.tier
        );
        out.push(reason(ReasonCode::BelowTierThreshold, message, None, None));
    }
    finish(input, evals, out)
}

/// `NOT_APPLICABLE_UNACCEPTED` for one item: blocking on a blocker, a condition otherwise.
fn unaccepted_reason(e: &Eval<'_>) -> Reason {
    let rejected = e
        .answer
        .and_then(|a| a.na_review.as_ref())
        .filter(|r| r.state == NaAcceptance::Rejected);
    let message = match rejected {
        Some(r) => format!(
            "{} was marked not applicable, but {} rejected that; it is open until it is \
             answered again.",
            Label(e.item),
            r.by
        ),
        None => format!(
            "{} is marked not applicable by {}; someone else must accept that before it counts.",
            Label(e.item),
            e.answer.map_or("its answerer", |a| a.responded_by.as_str())
        ),
    };
    let mut r = reason(
        ReasonCode::NotApplicableUnaccepted,
        message,
        Some(&e.item.key),
        None,
    );
    r.blocking = e.is_blocker();
    r
}

/// The reasons that do not depend on the score: sign-offs, SLOs, dependencies, waivers and
/// open items; then sorts everything.
fn finish(input: &ScoringInput<'_>, evals: &[Eval<'_>], mut out: Vec<Reason>) -> Vec<Reason> {
    let roles = input.template.signoffs.get(input.tier);
    for status in role_sign_offs(roles, input.sign_offs) {
        if !status.is_missing() {
            continue;
        }
        let role = &status.role;
        let message = if status.rejected_by.is_empty() {
            format!(
                "The {role} sign-off required for {} is missing.",
                input.tier
            )
        } else {
            format!(
                "The {role} sign-off required for {} was rejected by {}.",
                input.tier,
                status.rejected_by.join(", ")
            )
        };
        out.push(reason(
            ReasonCode::SignoffMissing,
            message,
            None,
            Some(role),
        ));
    }

    if input.tier.requires_slo() && input.slo_count == 0 {
        let message = format!(
            "A {} service must define at least one SLO; this service defines none.",
            input.tier
        );
        out.push(reason(ReasonCode::NoSlo, message, None, None));
    }

    let not_ready =
        |d: &&DependencyFact| d.kind == DependencyKind::Hard && d.gate == Some(Decision::NoGo);
    let deps: Vec<&DependencyFact> = input.dependencies.iter().filter(not_ready).collect();
    for (i, d) in deps.iter().enumerate() {
        if !deps[..i].iter().any(|p| p.name == d.name) {
            let message = format!(
                "Hard dependency {} is not ready: its own launch gate is NO-GO.",
                d.name
            );
            out.push(reason(
                ReasonCode::DependencyNotReady,
                message,
                None,
                Some(&d.name),
            ));
        }
    }

    for e in evals.iter() {
        if let Some(w) = e.waiver {
            let message = format!(
                "{} is waived until {} (approved by {}): {}",
                Label(e.item),
                When(w.expires_at),
                w.approved_by.as_deref().unwrap_or_default(),
                w.reason.trim()
            );
            out.push(reason(
                ReasonCode::ItemWaived,
                message,
                Some(&e.item.key),
                None,
            ));
        }
    }

    open_items(evals, &mut out);

    for e in evals.iter() {
        if let Some(w) = e.expired {
            let message = format!(
                "The waiver on {} expired at {}; the item counts as {} again.",
                Label(e.item),
                When(w.expires_at),
                state_word(e.state)
            );
            out.push(reason(
                ReasonCode::WaiverExpired,
                message,
                Some(&e.item.key),
                None,
            ));
        }
    }

    // Stable: keeps template (or declaration) order within a code.
    out.sort_by_key(|r| (!r.blocking, rank(r.code)));
    out
}
