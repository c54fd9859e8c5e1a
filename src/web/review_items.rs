//! The checklist's items as the review page shows them: badge, who answered, automated
//! evidence, waivers, and the answer and waiver forms (as saved, or as the user typed them).

use crate::domain::review::ResponseSource;
use super::format;
use super::review_forms::{AnswerForm, WaiverForm};
use super::review_view::{
    Badge, EvidenceView, ItemFacts, WaiverView, evidence_view, is_stale, outcome_badge,
    severity_tag, waiver_view,
};
use crate::domain::review::{Outcome, WaiverState};
use crate::domain::scoring::ItemState;
use crate::domain::template::{Item, Severity, Template};
use crate::store::entities::{item_response, verification_result, waiver};
use chrono::{DateTime, Utc};

/// One item of the checklist.
#[derive(Debug, Clone)]
pub struct ItemView {
    /// Stable key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Guidance.
    pub guidance: String,
    /// Severity CSS modifier.
    pub severity_class: &'static str,
    /// Severity in words.
    pub severity: &'static str,
    /// Level name.
    pub level: String,
    /// Weight in the score.
    pub weight: u8,
    /// Recorded outcome badge.
    pub badge: Badge,
    /// A waiver is in force.
    pub waived: bool,
    /// Automated evidence too old to count.
    pub stale: bool,
    /// "Answered by …", or that nobody has.
    pub answered: String,
    /// When it was answered, readable.
    pub answered_at: String,
    /// When it was answered, for `datetime` (empty when unanswered).
    pub answered_machine: String,
    /// Saved evidence.
    pub evidence: Option<String>,
    /// Saved note.
    pub note: Option<String>,
    /// A machine can verify the item.
    pub automated: bool,
    /// Latest automated result.
    pub check: Option<EvidenceView>,
    /// Waivers of the item, newest first.
    pub waivers: Vec<WaiverView>,
    /// The answer form.
    pub form: AnswerForm,
    /// Whether a waiver may be requested (open item, none pending or in force).
    pub can_waive: bool,
    /// No waiver is pending or in force: the request form is rendered (hidden unless
    /// `can_waive`) so that a save in place can offer it.
    pub waivable: bool,
    /// Answered (pass, not applicable or waived) and nothing to look at: one compact row,
    /// its answer form behind a "Change answer" disclosure.
    pub compact: bool,
    /// The waiver form.
    pub waiver_form: WaiverForm,
}

/// What the item view needs from the review's rows.
pub struct ItemRows<'a> {
    /// The stored answer.
    pub response: Option<&'a item_response::Model>,
    /// The latest automated result.
    pub check: Option<&'a verification_result::Model>,
    /// Waivers of the item, newest first.
    pub waivers: Vec<&'a waiver::Model>,
    /// The engine's effective state.
    pub state: Option<ItemState>,
}

/// The recorded outcome of a stored answer (unanswered without one).
pub fn recorded(response: Option<&item_response::Model>) -> Outcome {
    response.map_or(Outcome::Unanswered, |r| r.outcome)
}

/// The facts filters look at.
pub fn facts(item: &Item, rows: &ItemRows<'_>) -> ItemFacts {
    ItemFacts {
        outcome: recorded(rows.response),
        waived: rows.state == Some(ItemState::Waived),
        blocker: item.severity == Severity::Blocker,
    }
}

/// Who answered ("Answered by carol", or that nobody has), when (readable), and when (for
/// `datetime`; empty when unanswered).
pub fn answered_line(response: Option<&item_response::Model>) -> (String, String, String) {
    match response {
        Some(r) => (
            if r.source == ResponseSource::Automated {
                "Recorded by an automated check".to_owned()
            } else {
                format!("Answered by {}", r.responded_by)
            },
            format::instant(r.responded_at),
            format::machine(r.responded_at),
        ),
        None => ("Not answered yet".into(), String::new(), String::new()),
    }
}

/// The answer form pre-filled with the saved answer.
pub fn saved_form(response: Option<&item_response::Model>) -> AnswerForm {
    let outcome = match recorded(response) {
        o @ (Outcome::Pass | Outcome::Fail | Outcome::NotApplicable) => o.as_str().to_owned(),
        _ => String::new(),
    };
    AnswerForm {
        outcome,
        evidence: response
            .and_then(|r| r.evidence.clone())
            .unwrap_or_default(),
        note: response.and_then(|r| r.note.clone()).unwrap_or_default(),
        version: response.map_or(0, |r| r.version),
        ..AnswerForm::default()
    }
}

/// Builds one item's view. `typed` replaces the saved answer form, `waiver_typed` the
/// empty waiver form (after a refused post).
pub fn item_view(
    template: &Template,
    item: &Item,
    rows: &ItemRows<'_>,
    typed: Option<AnswerForm>,
    waiver_typed: Option<WaiverForm>,
    now: DateTime<Utc>,
) -> ItemView {
    let (severity_class, severity) = severity_tag(item.severity);
    let (answered, answered_at, answered_machine) = answered_line(rows.response);
    let outcome = recorded(rows.response);
    let waived = rows.state == Some(ItemState::Waived);
    let pending = rows.waivers.iter().any(|w| {
        matches!(w.state, WaiverState::Requested | WaiverState::Approved)
            && w.expires_at > now
    });
    let open = matches!(
        outcome,
        Outcome::Unanswered | Outcome::Fail | Outcome::Error
    ) || is_stale(rows.state);
    let check = rows.check.map(|c| evidence_view(c, rows.response));
    let compact = is_compact(
        outcome,
        waived,
        is_stale(rows.state),
        check.as_ref().is_some_and(|c| c.contradicts),
        typed.is_some() || waiver_typed.is_some(),
    );
    ItemView {
        key: item.key.clone(),
        title: item.title.clone(),
        guidance: item.guidance.clone(),
        severity_class,
        severity,
        level: template
            .level_name(item.level)
            .map_or_else(|| format!("Level {}", item.level), str::to_owned),
        weight: item.weight,
        badge: outcome_badge(outcome),
        waived,
        stale: is_stale(rows.state),
        answered,
        answered_at,
        answered_machine,
        evidence: rows.response.and_then(|r| r.evidence.clone()),
        note: rows.response.and_then(|r| r.note.clone()),
        automated: item.check.is_some(),
        check,
        waivers: rows.waivers.iter().map(|w| waiver_view(w, now)).collect(),
        form: typed.unwrap_or_else(|| saved_form(rows.response)),
        can_waive: open && !waived && !pending,
        waivable: !waived && !pending,
        compact,
        waiver_form: waiver_typed.unwrap_or_default(),
    }
}

/// Whether an item folds into one compact row: answered (pass or not applicable) or
/// waived, and neither stale, contradicted by its check, nor being edited after a refused
/// post (an error or a conflict keeps it open).
pub fn is_compact(
    outcome: Outcome,
    waived: bool,
    stale: bool,
    contradicted: bool,
    edited: bool,
) -> bool {
    let answered = waived || matches!(outcome, Outcome::Pass | Outcome::NotApplicable);
    answered && !stale && !contradicted && !edited
}
