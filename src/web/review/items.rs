//! The checklist's items as the review page shows them: badge, who answered, automated
//! evidence, waivers, and the answer and waiver forms (as saved, or as the user typed them).

use super::super::format;
use super::forms::{AnswerForm, WaiverForm};
use super::view::{
    Badge, EvidenceView, ItemFacts, WaiverView, evidence_view, outcome_badge, severity_tag,
    waiver_view,
};
use crate::domain::records;
use crate::domain::review::Outcome;
use crate::domain::review::ResponseSource;
use crate::domain::scoring::ItemState;
use crate::domain::template::{Item, Severity, Template};
use crate::services::reviews::sheet::SheetItem;
use crate::web::decision_view::{NaClaimView, na_claim_view};
use chrono::{DateTime, Utc};

/// One item of the checklist.
#[derive(Debug, Clone)]
pub struct ItemView {
    /// A not applicable claim awaiting (or having had) a second person's verdict.
    pub na: Option<NaClaimView>,
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
    /// Still to do (failing, unanswered, errored or stale, and not waived).
    pub open: bool,
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
    /// The row's details (guidance, evidence and note fields, the check, waivers) start
    /// unfolded: a refused post's errors or a conflict are in them.
    pub more_open: bool,
    /// What Orrery already knows that answers the item (the owning team and its channel).
    pub known: Option<String>,
    /// The answer was carried over from the previous review and nobody has reconfirmed it.
    pub carried: bool,
    /// The waiver form.
    pub waiver_form: WaiverForm,
}

/// The facts filters look at.
pub fn facts(item: &Item, sheet_item: &SheetItem) -> ItemFacts {
    ItemFacts {
        outcome: sheet_item.outcome(),
        waived: sheet_item.waived(),
        blocker: item.severity == Severity::Blocker,
        na_unaccepted: sheet_item.state == ItemState::NotApplicableUnaccepted,
    }
}

/// Who answered ("Answered by carol", or that nobody has), when (readable), and when (for
/// `datetime`; empty when unanswered).
pub fn answered_line(response: Option<&records::ItemResponse>) -> (String, String, String) {
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
pub fn saved_form(response: Option<&records::ItemResponse>) -> AnswerForm {
    let outcome = match response.map_or(Outcome::Unanswered, |r| r.outcome) {
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
    si: &SheetItem,
    typed: Option<AnswerForm>,
    waiver_typed: Option<WaiverForm>,
    now: DateTime<Utc>,
) -> ItemView {
    let (severity_class, severity) = severity_tag(item.severity);
    let response = si.response.as_ref();
    let (answered, answered_at, answered_machine) = answered_line(response);
    let outcome = si.outcome();
    let (waived, stale) = (si.waived(), si.stale());
    let pending = si.waiver_pending(now);
    let check = si.check.as_ref().map(|c| evidence_view(c, response));
    let more_open = typed.is_some() || waiver_typed.is_some();
    ItemView {
        na: na_claim_view(si, "checklist"),
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
        stale,
        open: si.open(),
        answered,
        answered_at,
        answered_machine,
        evidence: response.and_then(|r| r.evidence.clone()),
        note: response.and_then(|r| r.note.clone()),
        automated: item.check.is_some(),
        check,
        waivers: si.waivers.iter().map(|w| waiver_view(w, now)).collect(),
        form: typed.unwrap_or_else(|| saved_form(response)),
        can_waive: si.open() && !waived && !pending,
        waivable: !waived && !pending,
        more_open,
        known: None,
        carried: response.is_some_and(|r| r.carried_from.is_some()),
        waiver_form: waiver_typed.unwrap_or_default(),
    }
}

/// What Orrery knows that answers an item, and the evidence it pre-fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Shown on the item's row.
    pub line: String,
    /// Pre-filled evidence of an unanswered item.
    pub evidence: String,
}

/// For the item that asks for the owning team and its contact channel: what the catalog
/// already says, so the owner is not asked to type it again.
pub fn known_owner(item: &Item, team: Option<&records::Team>) -> Option<Known> {
    let asks = item.key.ends_with(".owner") || item.title.to_lowercase().contains("owning team");
    let team = team.filter(|_| asks)?;
    let channel = team
        .contact_channel
        .as_deref()
        .filter(|c| !c.trim().is_empty());
    let (line, evidence) = match channel {
        Some(c) => (
            format!("Orrery knows: owned by {}, contact channel {c}.", team.name),
            format!(
                "Owning team {}, contact channel {c} (from the Orrery catalog)",
                team.name
            ),
        ),
        None => (
            format!(
                "Orrery knows: owned by {}. The team has no contact channel yet; add it on the team page.",
                team.name
            ),
            format!("Owning team {} (from the Orrery catalog)", team.name),
        ),
    };
    Some(Known { line, evidence })
}
