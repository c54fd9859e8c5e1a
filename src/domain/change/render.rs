//! A change report in words: the check run's title and annotations on the lines broken
//! items point at (the Markdown summary is in `summary`).

use super::{ChangeReport, Conclusion, Finding, ItemDelta};
use crate::domain::review::Outcome;
use crate::domain::scoring::Decision;
use crate::domain::template::Severity;

/// Characters of a finding quoted in a table cell or an annotation.
pub(super) const MAX_QUOTED: usize = 300;

/// Where the service's pages are, for links in the summary.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// The service page.
    pub service_url: Option<String>,
    /// The current review's checklist.
    pub checklist_url: Option<String>,
}

impl Links {
    /// Links under Orrery's public URL (`https://orrery.example`), if known.
    pub fn under(public_url: Option<&str>, slug: &str) -> Self {
        let Some(base) = public_url.map(|u| u.trim_end_matches('/')) else {
            return Self::default();
        };
        Self {
            service_url: Some(format!("{base}/services/{slug}")),
            checklist_url: Some(format!("{base}/services/{slug}/review")),
        }
    }
}

/// How serious an annotation is, in GitHub's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationLevel {
    /// Blocks under the policy.
    Failure,
    /// Worth a look.
    Warning,
    /// For information.
    Notice,
}

impl AnnotationLevel {
    /// `failure`, `warning` or `notice`.
    pub fn as_github(self) -> &'static str {
        match self {
            Self::Failure => "failure",
            Self::Warning => "warning",
            Self::Notice => "notice",
        }
    }
}

/// A note on one line of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line (1 when the finding names the file only).
    pub line: u32,
    /// Severity.
    pub level: AnnotationLevel,
    /// Short title: the item.
    pub title: String,
    /// What the check found.
    pub message: String,
}

/// A gate in words: `GO`, `GO with conditions`, `NO-GO`.
pub fn gate_words(d: Decision) -> &'static str {
    match d {
        Decision::Go => "GO",
        Decision::GoWithConditions => "GO with conditions",
        Decision::NoGo => "NO-GO",
    }
}

pub(super) fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}"))
}

pub(super) fn delta_text(before: Option<f64>, after: Option<f64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => {
            let d = (a * 10.0).round() / 10.0 - (b * 10.0).round() / 10.0;
            if d.abs() < 0.05 {
                "±0.0".to_owned()
            } else {
                format!("{d:+.1}")
            }
        }
        _ => "n/a".to_owned(),
    }
}

pub(super) fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Text safe in one Markdown table cell: one line, no pipes, no raw HTML, bounded.
pub(super) fn cell(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i >= MAX_QUOTED {
            out.push('…');
            break;
        }
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push('\''),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED * 3) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

pub(super) fn location(f: &Finding) -> String {
    match (&f.path, f.line) {
        (Some(p), Some(l)) => format!("{p}:{l}"),
        (Some(p), None) => p.clone(),
        _ => String::new(),
    }
}

pub(super) fn outcome_word(f: Option<&Finding>) -> &'static str {
    match f.map(|f| f.outcome) {
        None => "not checked",
        Some(Outcome::Pass) => "pass",
        Some(Outcome::Fail) => "fail",
        Some(Outcome::Error) => "error",
        Some(Outcome::NotApplicable) => "not applicable",
        Some(_) => "unanswered",
    }
}

pub(super) fn severity_word(d: &ItemDelta) -> String {
    let s = match d.severity {
        Severity::Blocker => "**blocker**",
        Severity::Major => "major",
        Severity::Minor => "minor",
    };
    if d.waived {
        format!("{s} (waived)")
    } else {
        s.to_owned()
    }
}

impl ChangeReport {
    /// One line: `NO-GO → GO with conditions · 72.4 → 81.0 (+8.6)`, or, when only repository
    /// checks were judged, how many hold and what moved.
    pub fn title(&self) -> String {
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => {
                let gate = if b.decision == a.decision {
                    gate_words(a.decision).to_owned()
                } else {
                    format!("{} → {}", gate_words(b.decision), gate_words(a.decision))
                };
                let score = if b.score == a.score {
                    format!("{} (no change)", score_text(a.score))
                } else {
                    format!(
                        "{} → {} ({})",
                        score_text(b.score),
                        score_text(a.score),
                        delta_text(b.score, a.score)
                    )
                };
                format!("{gate} · {score}")
            }
            _ => {
                let total = self.broken.len()
                    + self.fixed.len()
                    + self.pre_existing.len()
                    + self.unchanged_passing;
                let holding = self.fixed.len() + self.unchanged_passing;
                format!(
                    "Repository checks: {holding} of {total} hold · {} broken, {} fixed",
                    self.broken.len(),
                    self.fixed.len()
                )
            }
        }
    }

    /// Annotations for every broken item that points at a file: failures when the policy
    /// blocks them, warnings otherwise.
    pub fn annotations(&self) -> Vec<Annotation> {
        let blocks = self.conclusion == Conclusion::Failure;
        let manifest_level = if blocks && self.manifest.broken_by_change() {
            AnnotationLevel::Failure
        } else {
            AnnotationLevel::Warning
        };
        let manifest = self.manifest.head.iter().map(|p| Annotation {
            path: p.path.clone(),
            line: p.line.max(1),
            level: manifest_level,
            title: "Orrery: the readiness manifest is invalid".to_owned(),
            message: bounded(&p.message),
        });
        manifest
            .chain(self.broken.iter().filter_map(|d| {
                let f = d.head.as_ref()?;
                let path = f.path.clone()?;
                let level = if blocks && !d.waived {
                    AnnotationLevel::Failure
                } else {
                    AnnotationLevel::Warning
                };
                Some(Annotation {
                    path,
                    line: f.line.unwrap_or(1).max(1),
                    level,
                    title: bounded(&format!("Orrery: {} ({})", d.title, d.key)),
                    message: bounded(&format!(
                        "This change breaks a {} readiness item that held at the base: {}",
                        d.severity, f.summary
                    )),
                })
            }))
            .collect()
    }
}
