//! Pure helpers of the checklist page: filters and their counts, outcome and severity
//! badges, waiver states, automated evidence in words, and the waiver expiry date.

use super::super::format;
use crate::domain::records;
use crate::domain::review::{Outcome, WaiverState, waiver_in_force};
use crate::domain::review::{ResponseSource, ReviewState};
use crate::domain::template::Severity;
use chrono::{DateTime, NaiveDate, Utc};

/// Which items the checklist shows (`?filter=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    /// Every applicable item.
    #[default]
    All,
    /// Items nobody (and no check) has answered.
    Unanswered,
    /// Items recorded as failing or whose check errored.
    Failing,
    /// Blockers that neither pass nor are waived (nor are out of scope).
    Blockers,
}

impl Filter {
    /// Every filter, in tab order.
    pub const ALL: [Filter; 4] = [
        Filter::All,
        Filter::Unanswered,
        Filter::Failing,
        Filter::Blockers,
    ];

    /// The filter named in a query string; anything unknown shows everything.
    pub fn parse(s: &str) -> Self {
        match s.trim() {
            "unanswered" => Self::Unanswered,
            "failing" => Self::Failing,
            "blockers" => Self::Blockers,
            _ => Self::All,
        }
    }

    /// Query-string spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Unanswered => "unanswered",
            Self::Failing => "failing",
            Self::Blockers => "blockers",
        }
    }

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Unanswered => "Unanswered",
            Self::Failing => "Failing",
            Self::Blockers => "Open blockers",
        }
    }

    /// Whether an item with these facts is shown.
    pub fn matches(self, facts: &ItemFacts) -> bool {
        match self {
            Self::All => true,
            Self::Unanswered => facts.outcome == Outcome::Unanswered,
            Self::Failing => matches!(facts.outcome, Outcome::Fail | Outcome::Error),
            Self::Blockers => {
                facts.blocker
                    && !facts.waived
                    && (facts.na_unaccepted
                        || !matches!(facts.outcome, Outcome::Pass | Outcome::NotApplicable))
            }
        }
    }
}

/// What the filters look at for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    /// Recorded outcome (unanswered without a response).
    pub outcome: Outcome,
    /// A waiver is in force.
    pub waived: bool,
    /// Blocker severity.
    pub blocker: bool,
    /// Marked not applicable, but not (yet) accepted by a second person: still open.
    pub na_unaccepted: bool,
}

/// How many items each filter shows, in [`Filter::ALL`] order.
pub fn filter_counts(items: &[ItemFacts]) -> [(Filter, usize); 4] {
    Filter::ALL.map(|f| (f, items.iter().filter(|i| f.matches(i)).count()))
}

/// The page URL for `filter` (no query for "all"), optionally with a flash and an anchor.
pub fn page_url(review_id: i64, filter: Filter, saved: &str, anchor: Option<&str>) -> String {
    let filter = if filter == Filter::All {
        ""
    } else {
        filter.as_str()
    };
    let mut url = format::url_with_query(
        &format!("/reviews/{review_id}"),
        &[("filter", filter), ("saved", saved)],
    );
    if let Some(key) = anchor {
        url.push_str("#item-");
        url.push_str(key);
    }
    url
}

/// CSS modifier and words of a stored review state.
pub fn review_state(state: ReviewState) -> (&'static str, &'static str) {
    match state {
        ReviewState::Draft => ("draft", "Draft"),
        ReviewState::InReview => ("in-review", "In review"),
        ReviewState::Approved => ("approved", "Approved"),
        ReviewState::Rejected => ("rejected", "Rejected"),
        ReviewState::Expired => ("expired", "Expired: re-review due"),
    }
}

/// A coloured badge with words and a symbol (colour is never the only cue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    /// CSS modifier.
    pub class: &'static str,
    /// Words.
    pub label: &'static str,
    /// Symbol before the words.
    pub symbol: &'static str,
}

/// The badge of a recorded outcome.
pub fn outcome_badge(o: Outcome) -> Badge {
    let (class, label, symbol) = match o {
        Outcome::Unanswered => ("unanswered", "Unanswered", "○"),
        Outcome::Pass => ("pass", "Pass", "✓"),
        Outcome::Fail => ("fail", "Fail", "✕"),
        Outcome::NotApplicable => ("na", "N/A", "–"),
        Outcome::Error => ("error", "Check error", "!"),
    };
    Badge {
        class,
        label,
        symbol,
    }
}

/// CSS modifier and words of a severity.
pub fn severity_tag(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Blocker => ("blocker", "Blocker"),
        Severity::Major => ("major", "Major"),
        Severity::Minor => ("minor", "Minor"),
    }
}

/// A waiver as the item shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverView {
    /// CSS modifier.
    pub class: &'static str,
    /// State in words.
    pub state: &'static str,
    /// Who asked.
    pub requested_by: String,
    /// Who decided, if anyone.
    pub decided_by: Option<String>,
    /// Expiry, readable.
    pub expires: String,
    /// Expiry for `datetime`.
    pub expires_machine: String,
    /// Why.
    pub reason: String,
    /// Compensating control.
    pub control: String,
}

/// The waiver's state at `now`: an approved waiver past its expiry reads "expired".
pub fn waiver_view(w: &records::Waiver, now: DateTime<Utc>) -> WaiverView {
    let state = Some(w.state);
    let (class, label) = match state {
        Some(WaiverState::Approved)
            if waiver_in_force(WaiverState::Approved, w.expires_at, now) =>
        {
            ("in-force", "Approved, in force")
        }
        Some(WaiverState::Approved) => ("expired", "Expired"),
        Some(WaiverState::Requested) if w.expires_at <= now => ("expired", "Expired undecided"),
        Some(WaiverState::Requested) => ("requested", "Awaiting approval"),
        Some(WaiverState::Rejected) => ("rejected", "Rejected"),
        None => ("rejected", "Unknown state"),
    };
    WaiverView {
        class,
        state: label,
        requested_by: w.requested_by.clone(),
        decided_by: w.approved_by.clone(),
        expires: format::instant(w.expires_at),
        expires_machine: format::machine(w.expires_at),
        reason: w.reason.clone(),
        control: w.compensating_control.clone(),
    }
}

/// The latest automated result of an item, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceView {
    /// The check's verdict.
    pub badge: Badge,
    /// What was checked and found.
    pub summary: String,
    /// Observed values, compact JSON (empty when none).
    pub observed: String,
    /// `path:line`, when the evidence points at a file.
    pub location: Option<String>,
    /// What in that file the evidence is about (`Deployment/api, container web`).
    pub object: Option<String>,
    /// Commit read, shortened.
    pub commit: Option<String>,
    /// Query run (Prometheus checks).
    pub query: Option<String>,
    /// When it was checked, readable.
    pub checked_at: String,
    /// When it was checked, for `datetime`.
    pub checked_machine: String,
    /// The manual answer disagrees with the check.
    pub contradicts: bool,
}

fn text_of(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Builds the evidence view; `response` is the item's stored answer, used to tell whether
/// a person's answer contradicts the check.
pub fn evidence_view(
    r: &records::VerificationResult,
    response: Option<&records::ItemResponse>,
) -> EvidenceView {
    let outcome = r.outcome;
    let ev = &r.evidence;
    let observed = ev
        .get("observed")
        .filter(|o| !o.is_null())
        .map(|o| o.to_string())
        .unwrap_or_default();
    let location = text_of(ev, "path").map(|p| match ev.get("line").and_then(|l| l.as_u64()) {
        Some(line) => format!("{p}:{line}"),
        None => p,
    });
    let commit = r
        .commit_sha
        .clone()
        .or_else(|| text_of(ev, "commit"))
        .map(|c| c.chars().take(12).collect());
    EvidenceView {
        badge: outcome_badge(outcome),
        summary: text_of(ev, "summary").unwrap_or_default(),
        observed,
        location,
        object: text_of(ev, "object"),
        commit,
        query: text_of(ev, "query"),
        checked_at: format::instant(r.checked_at),
        checked_machine: format::machine(r.checked_at),
        contradicts: r.flagged || contradicts(response, outcome),
    }
}

/// A manual pass the check failed, or a manual fail the check passed.
pub fn contradicts(response: Option<&records::ItemResponse>, check: Outcome) -> bool {
    let Some(r) = response.filter(|r| r.source == ResponseSource::Manual) else {
        return false;
    };
    matches!(
        (r.outcome, check),
        (Outcome::Pass, Outcome::Fail | Outcome::Error) | (Outcome::Fail, Outcome::Pass)
    )
}

/// Reads the waiver form's expiry date (`YYYY-MM-DD`): the waiver stops counting at 00:00
/// UTC that day. Whether that is acceptable is the domain's rule (`WaiverRequest`).
pub fn parse_expiry(raw: &str) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("choose the date the waiver expires".into());
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("`{raw}` is not a date like 2027-01-31"))?;
    date.and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .ok_or_else(|| format!("`{raw}` is not a date like 2027-01-31"))
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
