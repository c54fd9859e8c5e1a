//! The report as GitHub-flavoured Markdown for a wiki page or a chat post: a heading per
//! section, short tables, figures that name their services.

use super::text::{self, delta, gate, maybe_score, more, percent, score, shown, word};
use super::{FigureDoc, Meta, MixDoc, ReportDoc};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Services listed one per row at most; larger portfolios point to the CSV export.
pub const SERVICE_ROWS: usize = 30;

/// `s` safe in Markdown text and table cells: punctuation Markdown gives meaning to is
/// backslash-escaped (`|` too, so a cell stays one cell) and line breaks become spaces.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A service: a link to its page when the base URL is known, else its slug.
pub(super) fn service(meta: &Meta, slug: &str) -> String {
    match meta.service_url(slug) {
        Some(url) => format!("[{}](<{url}>)", markdown_text(slug)),
        None => markdown_text(slug),
    }
}

/// The services of a figure, the first few named, the rest counted.
fn names(meta: &Meta, slugs: &[String]) -> String {
    let (first, rest) = shown(slugs);
    let mut list: Vec<String> = first.iter().map(|s| service(meta, s)).collect();
    list.extend(more(rest));
    list.join(", ")
}

/// `- label: N — a, b` (no dash part for zero).
pub(super) fn figure_line(out: &mut String, meta: &Meta, label: &str, f: &FigureDoc) {
    let _ = write!(out, "- {label}: **{}**", f.count);
    if !f.services.is_empty() {
        let _ = write!(out, " — {}", names(meta, &f.services));
    }
    out.push('\n');
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn header(out: &mut String, cells: &[&str]) {
    row(
        out,
        &cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>(),
    );
    row(
        out,
        &cells.iter().map(|_| "---".to_owned()).collect::<Vec<_>>(),
    );
}

fn mix_cells(name: String, m: &MixDoc) -> Vec<String> {
    vec![
        name,
        m.total.count.to_string(),
        m.go.count.to_string(),
        m.go_with_conditions.count.to_string(),
        m.no_go.count.to_string(),
        m.unscored.count.to_string(),
    ]
}

const MIX_HEADER: [&str; 6] = [
    "",
    "Services",
    "GO",
    "GO with conditions",
    "NO-GO",
    "Never scored",
];

fn readiness(out: &mut String, r: &ReportDoc, meta: &Meta) {
    let o = &r.readiness.overall;
    let _ = writeln!(
        out,
        "## Readiness now\n\n{}:\n",
        text::services(o.total.count)
    );
    figure_line(out, meta, "GO", &o.go);
    figure_line(out, meta, "GO with conditions", &o.go_with_conditions);
    figure_line(out, meta, "NO-GO", &o.no_go);
    figure_line(out, meta, "Never scored", &o.unscored);
    for l in &o.levels {
        figure_line(out, meta, &format!("Maturity level {}", l.level), &l.figure);
    }
    let rd = &r.readiness;
    figure_line(
        out,
        meta,
        "In production without an approved review",
        &rd.production_unapproved,
    );
    figure_line(out, meta, "Approved over NO-GO", &rd.approved_over_no_go);
    for o in &rd.overrides {
        let _ = writeln!(
            out,
            "  - {} by {} on {}: {}",
            service(meta, &o.service),
            markdown_text(&o.decided_by),
            o.decided_at.format("%Y-%m-%d"),
            markdown_text(&o.reason)
        );
    }
    out.push_str("\n### By team\n\n");
    header(out, &MIX_HEADER);
    for t in &rd.by_team {
        row(out, &mix_cells(markdown_text(&t.team), &t.mix));
    }
    out.push_str("\n### By tier and lifecycle\n\n");
    header(out, &MIX_HEADER);
    for t in &rd.by_tier {
        row(out, &mix_cells(word(&t.tier), &t.mix));
    }
    for l in &rd.by_lifecycle {
        row(out, &mix_cells(word(&l.lifecycle), &l.mix));
    }
}

fn heat_map(out: &mut String, r: &ReportDoc) {
    out.push_str("\n## Heat map: share of applicable items met\n\n");
    if r.heat_map.is_empty() {
        out.push_str("No items.\n");
        return;
    }
    let mut categories: BTreeMap<&str, &str> = BTreeMap::new();
    let mut teams: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    for c in &r.heat_map {
        categories.insert(&c.category, &c.category_title);
        let cell = match c.share {
            Some(share) => format!("{} ({}/{})", percent(share), c.met, c.applicable),
            None => "n/a".to_owned(),
        };
        teams.entry(&c.team).or_default().insert(&c.category, cell);
    }
    let mut head = vec!["Team".to_owned()];
    head.extend(categories.values().map(|t| markdown_text(t)));
    row(out, &head);
    row(out, &vec!["---".to_owned(); head.len()]);
    for (team, cells) in &teams {
        let mut line = vec![markdown_text(team)];
        line.extend(
            categories
                .keys()
                .map(|k| cells.get(k).cloned().unwrap_or_else(|| "–".to_owned())),
        );
        row(out, &line);
    }
}

fn fix_first(out: &mut String, r: &ReportDoc, meta: &Meta) {
    out.push_str("\n## Fix first\n\n");
    if r.fix_first.is_empty() {
        out.push_str("Nothing is failing.\n");
        return;
    }
    header(out, &["#", "Item", "Weight", "Services"]);
    for (i, f) in r.fix_first.iter().enumerate() {
        let blocker = if f.blocker { " (blocker)" } else { "" };
        row(
            out,
            &[
                (i + 1).to_string(),
                format!(
                    "{} `{}`{blocker}",
                    markdown_text(&f.title),
                    f.item_key.replace('`', "'")
                ),
                f.weight.to_string(),
                format!("{}: {}", f.figure.count, names(meta, &f.figure.services)),
            ],
        );
    }
}

fn trend_and_movers(out: &mut String, r: &ReportDoc, meta: &Meta) {
    let unit = if r.trend.granularity == "MONTH" {
        "Month"
    } else {
        "Week of"
    };
    out.push_str("\n## Trend\n\n");
    header(
        out,
        &[
            unit,
            "Services",
            "Mean score",
            "GO",
            "GO with conditions",
            "NO-GO",
        ],
    );
    for p in &r.trend.points {
        let start = if unit == "Month" {
            p.start.format("%Y-%m")
        } else {
            p.start.format("%Y-%m-%d")
        };
        row(
            out,
            &[
                start.to_string(),
                p.services.to_string(),
                maybe_score(p.mean_score),
                p.go.to_string(),
                p.go_with_conditions.to_string(),
                p.no_go.to_string(),
            ],
        );
    }
    out.push_str("\n## Movers\n\n");
    let all: Vec<_> = r
        .movers
        .most_improved
        .iter()
        .chain(&r.movers.biggest_drops)
        .collect();
    if all.is_empty() {
        out.push_str("No score changed over the period.\n");
        return;
    }
    header(
        out,
        &["Service", "Before", "After", "Change", "Gate", "Items"],
    );
    for m in all {
        let gates = if m.gate_before == m.gate_after {
            gate(Some(&m.gate_after))
        } else {
            format!(
                "{} → {}",
                gate(Some(&m.gate_before)),
                gate(Some(&m.gate_after))
            )
        };
        row(
            out,
            &[
                service(meta, &m.service),
                score(m.before),
                score(m.after),
                delta(m.delta),
                gates,
                markdown_text(&super::text::moved_items(m)),
            ],
        );
    }
}

fn services(out: &mut String, r: &ReportDoc, meta: &Meta) {
    out.push_str("\n## Services\n\n");
    if r.services.len() > SERVICE_ROWS {
        let _ = writeln!(
            out,
            "{} services: one row each in the CSV export.",
            r.services.len()
        );
        return;
    }
    header(
        out,
        &[
            "Service", "Team", "Tier", "Score", "Level", "Gate", "Met", "Blockers", "Change",
        ],
    );
    for s in &r.services {
        row(
            out,
            &[
                format!("{} ({})", service(meta, &s.slug), markdown_text(&s.name)),
                markdown_text(&s.team),
                word(&s.tier),
                maybe_score(s.score),
                s.level.map_or_else(|| "–".to_owned(), |l| l.to_string()),
                gate(s.gate.as_deref()),
                format!("{}/{}", s.items_met, s.items_applicable),
                s.open_blockers.to_string(),
                s.score_change.map_or_else(|| "–".to_owned(), delta),
            ],
        );
    }
}

/// The report as Markdown.
pub fn markdown(r: &ReportDoc, meta: &Meta) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n\n{}  \nPeriod: {} · Generated {}\n",
        markdown_text(&meta.title),
        markdown_text(&meta.filter),
        markdown_text(&meta.period),
        meta.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    readiness(&mut out, r, meta);
    heat_map(&mut out, r);
    fix_first(&mut out, r, meta);
    super::markdown_risk::risk(&mut out, r, meta);
    trend_and_movers(&mut out, r, meta);
    services(&mut out, r, meta);
    out
}
