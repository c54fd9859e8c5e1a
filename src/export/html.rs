//! The report as one self-contained HTML document (`web/templates/report_export.html`):
//! inline styles with a print stylesheet, inline SVG charts, no external references, every
//! string escaped by the template. It reads well attached to an email or printed to PDF.

use super::charts::{team_chart, trend_chart};
use super::html_view::{
    FigureView, FixRow, HeatRow, MixRow, MoverRow, RiskGroup, RiskLine, ServiceLine, TrendRow,
    figure, gate_class, heat, mix_row, named, risks,
};
use super::svg::Chart;
use super::text::{self, delta, gate, maybe_score, score, word};
use super::{Meta, ReportDoc};
use askama::Template;

#[derive(Template)]
#[template(path = "report_export.html", config = "web/askama.toml")]
struct ExportPage {
    title: String,
    filter: String,
    period: String,
    generated: String,
    total: String,
    tiles: Vec<FigureView>,
    levels: Vec<FigureView>,
    production_unapproved: FigureView,
    approved_over_no_go: FigureView,
    overrides: Vec<RiskLine>,
    team_chart: Chart,
    team_rows: Vec<MixRow>,
    group_rows: Vec<MixRow>,
    trend_chart: Chart,
    trend_unit: &'static str,
    trend_rows: Vec<TrendRow>,
    heat_categories: Vec<String>,
    heat_rows: Vec<HeatRow>,
    fix_rows: Vec<FixRow>,
    movers: Vec<MoverRow>,
    risks: Vec<RiskGroup>,
    services: Vec<ServiceLine>,
}

/// The report as a self-contained HTML document.
pub fn html(r: &ReportDoc, meta: &Meta) -> String {
    let rd = &r.readiness;
    let o = &rd.overall;
    let monthly = r.trend.granularity == "MONTH";
    let (heat_categories, heat_rows) = heat(r);
    let page = ExportPage {
        title: meta.title.clone(),
        filter: meta.filter.clone(),
        period: meta.period.clone(),
        generated: meta.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        total: text::services(o.total.count),
        tiles: vec![
            figure(meta, "GO", &o.go, "go"),
            figure(meta, "GO with conditions", &o.go_with_conditions, "gwc"),
            figure(meta, "NO-GO", &o.no_go, "nogo"),
            figure(meta, "Never scored", &o.unscored, "unscored"),
        ],
        levels: o
            .levels
            .iter()
            .map(|l| {
                figure(
                    meta,
                    &format!("Maturity level {}", l.level),
                    &l.figure,
                    "level",
                )
            })
            .collect(),
        production_unapproved: figure(
            meta,
            "In production without an approved review",
            &rd.production_unapproved,
            "gwc",
        ),
        approved_over_no_go: figure(meta, "Approved over NO-GO", &rd.approved_over_no_go, "nogo"),
        overrides: rd
            .overrides
            .iter()
            .map(|x| RiskLine {
                service: named(meta, &x.service),
                text: format!(
                    "by {} on {}: {}",
                    x.decided_by,
                    x.decided_at.format("%Y-%m-%d"),
                    x.reason
                ),
            })
            .collect(),
        team_chart: team_chart(o, &rd.by_team),
        team_rows: rd
            .by_team
            .iter()
            .map(|t| mix_row(t.team.clone(), &t.mix))
            .collect(),
        group_rows: rd
            .by_tier
            .iter()
            .map(|t| mix_row(word(&t.tier), &t.mix))
            .chain(
                rd.by_lifecycle
                    .iter()
                    .map(|l| mix_row(word(&l.lifecycle), &l.mix)),
            )
            .collect(),
        trend_chart: trend_chart(&r.trend),
        trend_unit: if monthly { "Month" } else { "Week of" },
        trend_rows: r
            .trend
            .points
            .iter()
            .map(|p| TrendRow {
                when: if monthly {
                    p.start.format("%Y-%m").to_string()
                } else {
                    p.start.format("%Y-%m-%d").to_string()
                },
                services: p.services,
                mean: maybe_score(p.mean_score),
                go: p.go,
                gwc: p.go_with_conditions,
                nogo: p.no_go,
            })
            .collect(),
        heat_categories,
        heat_rows,
        fix_rows: r
            .fix_first
            .iter()
            .enumerate()
            .map(|(i, f)| FixRow {
                rank: i + 1,
                title: f.title.clone(),
                key: f.item_key.clone(),
                blocker: f.blocker,
                weight: f.weight,
                figure: figure(meta, "", &f.figure, "fix"),
            })
            .collect(),
        movers: r
            .movers
            .most_improved
            .iter()
            .chain(&r.movers.biggest_drops)
            .map(|m| MoverRow {
                service: named(meta, &m.service),
                before: score(m.before),
                after: score(m.after),
                delta: delta(m.delta),
                up: m.delta > 0.0,
                items: super::text::moved_items(m),
                gates: if m.gate_before == m.gate_after {
                    gate(Some(&m.gate_after))
                } else {
                    format!(
                        "{} → {}",
                        gate(Some(&m.gate_before)),
                        gate(Some(&m.gate_after))
                    )
                },
            })
            .collect(),
        risks: risks(r, meta),
        services: r
            .services
            .iter()
            .map(|s| ServiceLine {
                service: named(meta, &s.slug),
                name: s.name.clone(),
                team: s.team.clone(),
                tier: word(&s.tier),
                lifecycle: word(&s.lifecycle),
                score: maybe_score(s.score),
                level: s.level.map_or_else(|| "–".to_owned(), |l| l.to_string()),
                gate: gate(s.gate.as_deref()),
                gate_class: gate_class(s.gate.as_deref()),
                review: s
                    .review_state
                    .as_deref()
                    .map_or_else(|| "–".to_owned(), word),
                met: format!("{}/{}", s.items_met, s.items_applicable),
                failing: s.items_failing,
                blockers: s.open_blockers,
                change: s.score_change.map_or_else(|| "–".to_owned(), delta),
            })
            .collect(),
    };
    // The template is checked at compile time; rendering only fails on a formatter error,
    // which plain strings never raise.
    page.render().unwrap_or_else(|_| {
        "<!doctype html><title>Report</title><p>The report could not be rendered.</p>".to_owned()
    })
}
