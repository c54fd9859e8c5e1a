//! View models of the meeting page's sections: the agenda (blockers, failing items), what
//! changed, waivers to decide, sign-offs and action items.

use super::super::format;
use super::input::SignOffInput;
use crate::domain::access::Permits;
use crate::domain::meeting::{AgendaItem, AgendaKind, Change};
use crate::domain::records;
use crate::domain::review::{ResponseSource, SignOffDecision, WaiverState};
use crate::domain::scoring::{ItemState, RoleSignOff};
use crate::domain::template::{Item, Severity};
use crate::web::decision_view::NaClaimView;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// Longest guidance summary, in characters.
const GUIDANCE_CHARS: usize = 220;

/// Items of the pinned template by key.
pub type ItemIndex<'t> = HashMap<&'t str, &'t Item>;

/// An item on the agenda.
#[derive(Debug, Clone)]
pub struct AgendaView {
    pub key: String,
    pub title: String,
    /// `Blocker` or `Failing`.
    pub kind: &'static str,
    /// CSS modifier: `blocker` or `failing`.
    pub kind_class: &'static str,
    /// The state in words.
    pub state: &'static str,
    /// First sentence of the guidance.
    pub guidance: String,
    /// Evidence as recorded.
    pub evidence: Option<String>,
    /// Whether the evidence is a link.
    pub evidence_link: bool,
    /// Note (e.g. an automated check's explanation).
    pub note: Option<String>,
    /// "bob on 2026-11-23 18:05 UTC" or "automated check on …".
    pub answered: Option<String>,
    /// A not applicable claim awaiting a second person, with its forms.
    pub na: Option<NaClaimView>,
}

fn state_words(state: ItemState) -> &'static str {
    match state {
        ItemState::Fail => "failing",
        ItemState::Unanswered => "not answered",
        ItemState::Error => "check could not run",
        ItemState::Stale => "evidence is stale",
        ItemState::Waived => "waived",
        ItemState::Pass => "passing",
        ItemState::NotApplicable => "not applicable",
        ItemState::NotApplicableUnaccepted => "not applicable, awaiting acceptance",
    }
}

/// The guidance's first sentence, shortened to [`GUIDANCE_CHARS`].
pub fn summary(text: &str) -> String {
    let text = text.trim();
    let first = text
        .find(". ")
        .map_or(text, |i| &text[..=i])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if first.chars().count() <= GUIDANCE_CHARS {
        first
    } else {
        let cut: String = first.chars().take(GUIDANCE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The agenda in view form.
pub fn agenda_views(
    agenda: &[AgendaItem],
    items: &ItemIndex<'_>,
    responses: &HashMap<&str, &records::ItemResponse>,
) -> Vec<AgendaView> {
    agenda
        .iter()
        .map(|a| {
            let item = items.get(a.key.as_str());
            let response = responses.get(a.key.as_str());
            let evidence = response.and_then(|r| r.evidence.clone());
            AgendaView {
                na: None,
                title: item.map_or_else(|| a.key.clone(), |i| i.title.clone()),
                guidance: item.map(|i| summary(&i.guidance)).unwrap_or_default(),
                // Blockers are named as such; the other items by their severity.
                kind: match (a.kind, item.map(|i| i.severity)) {
                    (AgendaKind::Blocker, _) => "Blocker",
                    (AgendaKind::Failing, Some(Severity::Major)) => "Major",
                    (AgendaKind::Failing, Some(Severity::Minor)) => "Minor",
                    (AgendaKind::Failing, _) => "Failing",
                },
                kind_class: match a.kind {
                    AgendaKind::Blocker => "blocker",
                    AgendaKind::Failing => "failing",
                },
                state: state_words(a.state),
                evidence_link: evidence
                    .as_deref()
                    .is_some_and(|e| e.starts_with("https://") || e.starts_with("http://")),
                evidence,
                note: response.and_then(|r| r.note.clone()),
                answered: response.map(|r| {
                    let who = if r.source == ResponseSource::Automated {
                        "automated check".to_owned()
                    } else {
                        r.responded_by.clone()
                    };
                    format!("{who} on {}", format::instant(r.responded_at))
                }),
                key: a.key.clone(),
            }
        })
        .collect()
}

/// An item that moved since the previous review.
#[derive(Debug, Clone)]
pub struct ChangeView {
    pub key: String,
    pub title: String,
    /// In words.
    pub label: &'static str,
    /// CSS modifier: `better`, `worse`, `added`.
    pub class: &'static str,
}

/// Changes in view form.
pub fn change_views(changes: &[(String, Change)], items: &ItemIndex<'_>) -> Vec<ChangeView> {
    changes
        .iter()
        .map(|(key, c)| {
            let (label, class) = match c {
                Change::NewlyPassing => ("Now passing", "better"),
                Change::NewlyFailing => ("Now failing", "worse"),
                Change::Added => ("New item", "added"),
            };
            ChangeView {
                title: items
                    .get(key.as_str())
                    .map_or_else(|| key.clone(), |i| i.title.clone()),
                key: key.clone(),
                label,
                class,
            }
        })
        .collect()
}

/// A requested waiver the meeting can approve or reject.
#[derive(Debug, Clone)]
pub struct WaiverView {
    pub id: i64,
    pub version: i64,
    pub item_title: String,
    pub item_key: String,
    pub reason: String,
    pub control: String,
    pub requested_by: String,
    pub expires: String,
    pub expires_in: String,
    /// Why the viewer may not decide it (their own request, or no reviewer role); empty
    /// when they may.
    pub why_not: String,
}

/// Requested waivers, oldest request first.
pub fn waiver_views(
    waivers: &[records::Waiver],
    items: &ItemIndex<'_>,
    permits: &Permits,
    now: DateTime<Utc>,
) -> Vec<WaiverView> {
    let mut out: Vec<WaiverView> = waivers
        .iter()
        .filter(|w| w.state == WaiverState::Requested)
        .map(|w| WaiverView {
            id: w.id,
            version: w.version,
            item_title: items
                .get(w.item_key.as_str())
                .map_or_else(|| w.item_key.clone(), |i| i.title.clone()),
            item_key: w.item_key.clone(),
            reason: w.reason.clone(),
            control: w.compensating_control.clone(),
            requested_by: w.requested_by.clone(),
            expires: format::instant(w.expires_at),
            expires_in: format::relative(w.expires_at, now),
            why_not: permits
                .decide_waiver(&w.requested_by)
                .err()
                .unwrap_or_default(),
        })
        .collect();
    out.sort_by_key(|w| w.id);
    out
}

/// One required sign-off role.
#[derive(Debug, Clone)]
pub struct SignOffRow {
    pub role: String,
    /// The role in words.
    pub label: String,
    /// Who signed, if anyone.
    pub signer: Option<String>,
    /// `Approved` or `Rejected`.
    pub verdict: &'static str,
    /// CSS modifier: `ok` or `bad`.
    pub verdict_class: &'static str,
    pub comment: Option<String>,
    pub at: String,
    /// Whether the viewer can sign it now.
    pub can_sign: bool,
    /// Why the viewer may not sign it, when it is open for signing; empty otherwise.
    pub why_not: String,
    /// Typed comment (after a refused post).
    pub typed: String,
    /// Problem with the comment.
    pub error: Option<String>,
}

/// `service_owner` → `Service owner`, `sre` → `SRE`.
pub fn role_label(role: &str) -> String {
    let words: Vec<String> = role
        .split('_')
        .enumerate()
        .map(|(i, w)| match w {
            "sre" | "qa" | "dba" | "it" | "api" => w.to_uppercase(),
            _ if i == 0 => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
            _ => w.to_owned(),
        })
        .collect();
    words.join(" ")
}

/// A sentence with this review's sign-off roles in words: "other than service_owner"
/// reads "other than Service owner", "sign as sre" reads "sign as SRE".
pub fn role_words(message: &str, roles: &[String]) -> String {
    let mut out = String::with_capacity(message.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if roles.iter().any(|r| r == word.as_str()) {
            out.push_str(&role_label(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in message.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// One row per required role.
pub fn sign_off_rows(
    roles: Vec<RoleSignOff>,
    given: &[records::SignOff],
    signable: bool,
    permits: &Permits,
    typed: Option<&SignOffInput>,
) -> Vec<SignOffRow> {
    roles
        .into_iter()
        .map(|r| {
            let row = given.iter().find(|s| s.role == r.role);
            let typed = typed.filter(|t| t.role == r.role);
            let approved = row.is_some_and(|s| s.decision == SignOffDecision::Approve);
            let open = signable && row.is_none();
            let permit = permits.sign(&r.role);
            SignOffRow {
                label: role_label(&r.role),
                signer: row.map(|s| s.signer.clone()),
                verdict: if approved { "Approved" } else { "Rejected" },
                verdict_class: if approved { "ok" } else { "bad" },
                comment: row.and_then(|s| s.comment.clone()),
                at: row
                    .map(|s| format::instant(s.created_at))
                    .unwrap_or_default(),
                can_sign: open && permit.is_ok(),
                why_not: if open {
                    permit.err().unwrap_or_default()
                } else {
                    String::new()
                },
                typed: typed.map(|t| t.comment.clone()).unwrap_or_default(),
                error: typed.and_then(|t| t.error.clone()),
                role: r.role,
            }
        })
        .collect()
}

/// An action item.
#[derive(Debug, Clone)]
pub struct ActionView {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
    pub done: bool,
    /// "dana on 2026-11-23 18:05 UTC" when done.
    pub done_note: String,
}

/// Action items in view form.
pub fn action_views(items: &[records::ActionItem], today: NaiveDate) -> Vec<ActionView> {
    items
        .iter()
        .map(|a| ActionView {
            id: a.id,
            version: a.version,
            title: a.title.clone(),
            owner: a.owner.clone(),
            due: a.due_date.format("%Y-%m-%d").to_string(),
            overdue: !a.done && a.due_date < today,
            done: a.done,
            done_note: match (&a.done_by, a.done_at) {
                (Some(by), Some(at)) => format!("{by} on {}", format::instant(at)),
                _ => String::new(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guidance_is_summarised_to_its_first_sentence() {
        assert_eq!(summary("Have a runbook. It helps."), "Have a runbook.");
        assert_eq!(summary("  No full stop  "), "No full stop");
        let long = "x".repeat(400);
        assert_eq!(summary(&long).chars().count(), GUIDANCE_CHARS);
    }

    #[test]
    fn roles_read_as_words() {
        assert_eq!(role_label("service_owner"), "Service owner");
        let roles = vec!["service_owner".to_owned(), "sre".to_owned()];
        assert_eq!(
            role_words(
                "only the sre role may sign as sre; not service_owner.",
                &roles
            ),
            "only the SRE role may sign as SRE; not Service owner."
        );
        assert_eq!(role_label("sre"), "SRE");
    }
}
