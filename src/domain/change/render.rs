//! A change report in words: the check run's title, its Markdown summary, and annotations
//! on the lines broken items point at.

use super::{ChangeReport, Conclusion, Finding, ItemDelta};
use crate::domain::review::Outcome;
use crate::domain::scoring::{Decision, Scorecard};
use crate::domain::template::Severity;
use std::fmt::Write as _;

/// Items listed per section of the summary; the rest are counted.
const MAX_LISTED: usize = 25;
/// Characters of a finding quoted in a table cell or an annotation.
const MAX_QUOTED: usize = 300;

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

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "no score".to_owned(), |s| format!("{s:.1}"))
}

fn delta_text(before: Option<f64>, after: Option<f64>) -> String {
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

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// Text safe in one Markdown table cell: one line, no pipes, no raw HTML, bounded.
fn cell(text: &str) -> String {
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

fn location(f: &Finding) -> String {
    match (&f.path, f.line) {
        (Some(p), Some(l)) => format!("{p}:{l}"),
        (Some(p), None) => p.clone(),
        _ => String::new(),
    }
}

fn outcome_word(f: Option<&Finding>) -> &'static str {
    match f.map(|f| f.outcome) {
        None => "not checked",
        Some(Outcome::Pass) => "pass",
        Some(Outcome::Fail) => "fail",
        Some(Outcome::Error) => "error",
        Some(Outcome::NotApplicable) => "not applicable",
        Some(_) => "unanswered",
    }
}

fn severity_word(d: &ItemDelta) -> String {
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
        self.broken
            .iter()
            .filter_map(|d| {
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
            })
            .collect()
    }

    /// The Markdown summary: the gate and score before → after, then the broken, fixed and
    /// pre-existing items and the waivers in force.
    pub fn summary_markdown(&self, links: &Links) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "**{}**\n", self.conclusion_reason);
        let _ = writeln!(
            md,
            "Base `{}` → head `{}` · policy: {}\n",
            short(&self.base_commit),
            short(&self.head_commit),
            self.policy.as_str().replace('_', " ")
        );
        if let (Some(b), Some(a)) = (&self.before, &self.after) {
            scorecard_table(&mut md, b, a);
        } else {
            md.push_str(
                "Only the repository checks were judged (no Orrery server was asked for the \
                 rest of the scorecard).\n\n",
            );
        }
        section(&mut md, "Broken by this change", &self.broken, |d| {
            d.head.as_ref()
        });
        section(&mut md, "Fixed by this change", &self.fixed, |d| {
            d.head.as_ref()
        });
        section(
            &mut md,
            "Failing before this change (not caused by it)",
            &self.pre_existing,
            |d| d.head.as_ref(),
        );
        if !self.waivers.is_empty() {
            let _ = writeln!(md, "### Waivers in force ({})\n", self.waivers.len());
            md.push_str("| Item | Expires | Reason |\n|---|---|---|\n");
            for w in self.waivers.iter().take(MAX_LISTED) {
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {} |",
                    cell(&w.item_key),
                    w.expires_at.format("%Y-%m-%d %H:%M UTC"),
                    cell(&w.reason)
                );
            }
            md.push('\n');
        }
        if let Some(after) = &self.after {
            let blocking: Vec<_> = after.reasons.iter().filter(|r| r.blocking).collect();
            if !blocking.is_empty() {
                let _ = writeln!(
                    md,
                    "### What blocks launch at the head ({})\n",
                    blocking.len()
                );
                for r in blocking.iter().take(MAX_LISTED) {
                    let _ = writeln!(md, "- `{}` {}", r.code.as_str(), cell(&r.message));
                }
                more(&mut md, blocking.len());
                md.push('\n');
            }
        }
        let mut link_line = Vec::new();
        if let Some(u) = &links.service_url {
            link_line.push(format!("[Service page]({u})"));
        }
        if let Some(u) = &links.checklist_url {
            link_line.push(format!("[Checklist]({u})"));
        }
        if !link_line.is_empty() {
            let _ = writeln!(md, "{}", link_line.join(" · "));
        }
        md
    }
}

fn scorecard_table(md: &mut String, b: &Scorecard, a: &Scorecard) {
    md.push_str("| | Base | Head |\n|---|---|---|\n");
    let _ = writeln!(
        md,
        "| Gate | {} | {} |",
        gate_words(b.decision),
        gate_words(a.decision)
    );
    let _ = writeln!(
        md,
        "| Score | {} | {} ({}) |",
        score_text(b.score),
        score_text(a.score),
        delta_text(b.score, a.score)
    );
    let _ = writeln!(
        md,
        "| Level | {} {} | {} {} |\n",
        b.level.number,
        cell(&b.level.name),
        a.level.number,
        cell(&a.level.name)
    );
}

fn section(
    md: &mut String,
    heading: &str,
    items: &[ItemDelta],
    at: impl Fn(&ItemDelta) -> Option<&Finding>,
) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(md, "### {heading} ({})\n", items.len());
    md.push_str("| Item | Severity | Base → head | Where | What the check found |\n");
    md.push_str("|---|---|---|---|---|\n");
    for d in items.iter().take(MAX_LISTED) {
        let found = at(d);
        let _ = writeln!(
            md,
            "| {} (`{}`) | {} | {} → {} | {} | {} |",
            cell(&d.title),
            cell(&d.key),
            severity_word(d),
            outcome_word(d.base.as_ref()),
            outcome_word(d.head.as_ref()),
            found.map(|f| cell(&location(f))).unwrap_or_default(),
            found.map(|f| cell(&f.summary)).unwrap_or_default(),
        );
    }
    more(md, items.len());
    md.push('\n');
}

fn more(md: &mut String, n: usize) {
    if n > MAX_LISTED {
        let _ = writeln!(md, "\n…and {} more.", n - MAX_LISTED);
    }
}
