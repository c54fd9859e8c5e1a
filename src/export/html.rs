//! The report as one self-contained HTML document (`web/templates/report_export.html`):
//! inline styles with a print stylesheet, inline SVG charts, no external references, every
//! string escaped by the template. It reads well attached to an email or printed to PDF.

use super::charts::{Chart, team_chart, trend_chart};
use super::text::{self, delta, gate, maybe_score, more, percent, score, shown, word};
use super::{FigureDoc, Meta, MixDoc, ReportDoc};
use askama::Template;
use std::collections::BTreeMap;

/// A service name, linked when the UI's address is known.
#[derive(Debug, Clone)]
struct Named {
    text: String,
    href: Option<String>,
}

/// A figure: its count and the services named (the first few, the rest counted).
#[derive(Debug, Clone)]
struct FigureView {
    label: String,
    count: u32,
    names: Vec<Named>,
    more: Option<String>,
    class: &'static str,
}

#[derive(Debug, Clone)]
struct MixRow {
    name: String,
    total: u32,
    go: u32,
    gwc: u32,
    nogo: u32,
    unscored: u32,
}

#[derive(Debug, Clone)]
struct HeatCellView {
    text: String,
    detail: String,
    style: String,
    title: String,
}

#[derive(Debug, Clone)]
struct HeatRow {
    team: String,
    cells: Vec<HeatCellView>,
}

#[derive(Debug, Clone)]
struct FixRow {
    rank: usize,
    title: String,
    key: String,
    blocker: bool,
    weight: u32,
    figure: FigureView,
}

#[derive(Debug, Clone)]
struct MoverRow {
    service: Named,
    before: String,
    after: String,
    delta: String,
    up: bool,
    gates: String,
}

#[derive(Debug, Clone)]
struct RiskLine {
    service: Named,
    text: String,
}

#[derive(Debug, Clone)]
struct RiskGroup {
    figure: FigureView,
    lines: Vec<RiskLine>,
}

#[derive(Debug, Clone)]
struct TrendRow {
    when: String,
    services: u32,
    mean: String,
    go: u32,
    gwc: u32,
    nogo: u32,
}

#[derive(Debug, Clone)]
struct ServiceLine {
    service: Named,
    name: String,
    team: String,
    tier: String,
    lifecycle: String,
    score: String,
    level: String,
    gate: String,
    gate_class: &'static str,
    review: String,
    met: String,
    failing: u32,
    blockers: u32,
    change: String,
}

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

fn named(meta: &Meta, slug: &str) -> Named {
    Named {
        text: slug.to_owned(),
        href: meta.service_url(slug),
    }
}

fn figure(meta: &Meta, label: &str, f: &FigureDoc, class: &'static str) -> FigureView {
    let (first, rest) = shown(&f.services);
    FigureView {
        label: label.to_owned(),
        count: f.count,
        names: first.iter().map(|s| named(meta, s)).collect(),
        more: more(rest),
        class,
    }
}

fn mix_row(name: String, m: &MixDoc) -> MixRow {
    MixRow {
        name,
        total: m.total.count,
        go: m.go.count,
        gwc: m.go_with_conditions.count,
        nogo: m.no_go.count,
        unscored: m.unscored.count,
    }
}

fn gate_class(g: Option<&str>) -> &'static str {
    match g {
        Some("GO") => "go",
        Some("GO_WITH_CONDITIONS") => "gwc",
        Some("NO_GO") => "nogo",
        _ => "unscored",
    }
}

/// A heat-map cell's background: red (0) through amber to green (1), light enough for
/// dark text.
fn heat_style(share: Option<f64>) -> String {
    match share {
        Some(s) => format!(
            "background-color: hsl({:.0}, 70%, 80%)",
            s.clamp(0.0, 1.0) * 120.0
        ),
        None => "background-color: #eeeeee".to_owned(),
    }
}

fn heat(r: &ReportDoc) -> (Vec<String>, Vec<HeatRow>) {
    let mut categories: BTreeMap<&str, &str> = BTreeMap::new();
    let mut teams: BTreeMap<&str, BTreeMap<&str, HeatCellView>> = BTreeMap::new();
    for c in &r.heat_map {
        categories.insert(&c.category, &c.category_title);
        let not_met = if c.services_not_met.services.is_empty() {
            "every service meets it".to_owned()
        } else {
            format!("not met in {}", c.services_not_met.services.join(", "))
        };
        teams.entry(&c.team).or_default().insert(
            &c.category,
            HeatCellView {
                text: c.share.map_or_else(|| "n/a".to_owned(), percent),
                detail: format!("{}/{} met", c.met, c.applicable),
                style: heat_style(c.share),
                title: format!("{} · {}: {not_met}", c.team, c.category_title),
            },
        );
    }
    let rows = teams
        .into_iter()
        .map(|(team, mut cells)| HeatRow {
            team: team.to_owned(),
            cells: categories
                .keys()
                .map(|k| {
                    cells.remove(k).unwrap_or_else(|| HeatCellView {
                        text: "–".into(),
                        detail: "no items".into(),
                        style: heat_style(None),
                        title: String::new(),
                    })
                })
                .collect(),
        })
        .collect();
    (categories.values().map(|t| (*t).to_owned()).collect(), rows)
}

fn risks(r: &ReportDoc, meta: &Meta) -> Vec<RiskGroup> {
    let k = &r.risk;
    let waiver = |w: &super::WaiverRiskDoc, verb: &str| RiskLine {
        service: named(meta, &w.service),
        text: format!("{} {verb} {}", w.item_key, w.expires_at.format("%Y-%m-%d")),
    };
    vec![
        RiskGroup {
            figure: figure(
                meta,
                "Waivers expiring within 30 days",
                &k.waivers_expiring_services,
                "gwc",
            ),
            lines: k
                .waivers_expiring
                .iter()
                .map(|w| waiver(w, "expires"))
                .collect(),
        },
        RiskGroup {
            figure: figure(meta, "Waivers expired", &k.waivers_expired_services, "nogo"),
            lines: k
                .waivers_expired
                .iter()
                .map(|w| waiver(w, "expired"))
                .collect(),
        },
        RiskGroup {
            figure: figure(
                meta,
                "Overdue action items",
                &k.overdue_action_items_services,
                "nogo",
            ),
            lines: k
                .overdue_action_items
                .iter()
                .map(|a| RiskLine {
                    service: named(meta, &a.service),
                    text: format!("{} ({}, due {})", a.title, a.owner, a.due_date),
                })
                .collect(),
        },
    ]
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
