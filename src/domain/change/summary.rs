//! The Markdown summary of a judged change: what a check run and a CI job's step summary
//! show.

use super::render::{
    cell, delta_text, gate_words, location, outcome_word, score_text, severity_word, short,
};
use super::{ChangeReport, Finding, ItemDelta, Links};
use crate::domain::scoring::Scorecard;
use std::fmt::Write as _;

/// Items listed per section of the summary; the rest are counted.
const MAX_LISTED: usize = 25;

impl ChangeReport {
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
        if !self.manifest.head.is_empty() {
            let _ = writeln!(
                md,
                "### The readiness manifest has problems ({})\n",
                self.manifest.head.len()
            );
            for p in self.manifest.head.iter().take(MAX_LISTED) {
                let _ = writeln!(md, "- `{}:{}` {}", cell(&p.path), p.line, cell(&p.message));
            }
            more(&mut md, self.manifest.head.len());
            md.push('\n');
        }
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
