//! Geometry of the HTML export's inline SVG charts: the trend (gate-mix stacked bars and
//! the mean score line per week or month) and the gate mix per team (horizontal stacked
//! bars). Pure functions from the report to shapes and labels; the template draws them
//! (escaping every label).

use super::svg::{Chart, Label, n};
use super::text::{gate, score};
use super::{MixDoc, TeamMixDoc, TrendDoc};

/// A round axis maximum ≥ `max` (at least 1) and its tick step (1, 2, 5, 10, 20, 50 …),
/// about five ticks.
pub fn axis(max: u32) -> (u32, u32) {
    let max = max.max(1);
    let mut step = 1;
    for base in [1u32, 2, 5].iter().cycle().scan(1u32, |mag, b| {
        let s = b * *mag;
        if *b == 5 {
            *mag = mag.saturating_mul(10);
        }
        Some(s)
    }) {
        step = base;
        if max.div_ceil(base) <= 5 {
            break;
        }
    }
    (max.div_ceil(step) * step, step)
}

const GATES: [(&str, &str); 3] = [
    ("go", "GO"),
    ("gwc", "GO with conditions"),
    ("nogo", "NO-GO"),
];

/// The trend: per week (or month) a bar of the services counted, stacked by gate (left
/// axis), and the mean score as a line (right axis, 0–100).
pub fn trend_chart(t: &TrendDoc) -> Chart {
    let (w, h) = (760.0, 330.0);
    let (x0, x1, y0, y1) = (64.0, w - 64.0, 52.0, h - 64.0);
    let monthly = t.granularity == "MONTH";
    let mut c = Chart {
        title: format!(
            "Gate mix and mean score, {}",
            if monthly {
                "month by month"
            } else {
                "week by week"
            }
        ),
        desc: "Stacked bars: services by gate at the end of each period (left axis). \
               Line: mean score (right axis, 0 to 100)."
            .into(),
        width: w as u32,
        height: h as u32,
        ..Chart::default()
    };
    let max = t.points.iter().map(|p| p.services).max().unwrap_or(0);
    let (top, step) = axis(max);
    let sy = |v: f64| y1 - (y1 - y0) * v / f64::from(top);
    let score_y = |v: f64| y1 - (y1 - y0) * v / 100.0;
    for tick in (0..=top).step_by(step as usize) {
        let y = sy(f64::from(tick));
        c.line(x0, y, x1, y, "grid");
        c.label(x0 - 8.0, y + 4.0, tick.to_string(), "end", "tick");
    }
    for s in [0, 25, 50, 75, 100] {
        c.label(
            x1 + 8.0,
            score_y(f64::from(s)) + 4.0,
            s.to_string(),
            "start",
            "tick",
        );
    }
    c.line(x0, y1, x1, y1, "axis");
    c.line(x0, y0, x0, y1, "axis");
    c.line(x1, y0, x1, y1, "axis");
    let count = t.points.len().max(1);
    let band = (x1 - x0) / count as f64;
    let every = count.div_ceil(13);
    let mut line = Vec::new();
    for (i, p) in t.points.iter().enumerate() {
        let cx = x0 + band * (i as f64 + 0.5);
        let bw = (band * 0.6).min(40.0);
        let when = if monthly {
            p.start.format("%Y-%m").to_string()
        } else {
            p.start.format("%m-%d").to_string()
        };
        let mut base = 0.0;
        for (&(class, name), v) in GATES.iter().zip([p.go, p.go_with_conditions, p.no_go]) {
            if v == 0 {
                continue;
            }
            let (top_y, bottom_y) = (sy(base + f64::from(v)), sy(base));
            c.rect(
                cx - bw / 2.0,
                top_y,
                bw,
                bottom_y - top_y,
                class,
                format!("{when}: {v} {name}"),
            );
            if bottom_y - top_y >= 15.0 && bw >= 14.0 {
                let text_class = if class == "gwc" { "seg-dark" } else { "seg" };
                c.label(
                    cx,
                    (top_y + bottom_y) / 2.0 + 4.0,
                    v.to_string(),
                    "middle",
                    text_class,
                );
            }
            base += f64::from(v);
        }
        if let Some(m) = p.mean_score {
            line.push((cx, score_y(m)));
            c.dots.push((
                n(cx),
                n(score_y(m)),
                format!("{when}: mean score {}", score(m)),
            ));
        }
        if i % every == 0 || i + 1 == count {
            c.label(cx, y1 + 18.0, when, "middle", "tick");
        }
    }
    if let (Some(&(x, y)), Some(m)) = (
        line.last(),
        t.points.iter().rev().find_map(|p| p.mean_score),
    ) {
        c.label(x, y - 10.0, score(m), "middle", "value");
    }
    c.polyline = line
        .iter()
        .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
        .collect::<Vec<_>>()
        .join(" ");
    if t.points.is_empty() {
        c.label(
            (x0 + x1) / 2.0,
            (y0 + y1) / 2.0,
            "No score history in the period".into(),
            "middle",
            "value",
        );
    }
    let x_title = if monthly {
        "Month (UTC)"
    } else {
        "Week starting Monday (UTC)"
    };
    c.label(
        (x0 + x1) / 2.0,
        h - 14.0,
        x_title.into(),
        "middle",
        "axis-title",
    );
    let mut left = Label {
        x: n(16.0),
        y: n((y0 + y1) / 2.0),
        text: "Services (bars)".into(),
        anchor: "middle",
        class: "axis-title",
        rotate: -90,
    };
    c.labels.push(left.clone());
    left.x = n(w - 12.0);
    left.text = "Mean score (line)".into();
    left.rotate = 90;
    c.labels.push(left);
    let mut legend: Vec<(&'static str, &str)> = GATES.to_vec();
    legend.push(("score", "Mean score"));
    c.legend(x0, 24.0, &legend);
    c
}

/// The gate mix of every service and of each team: one horizontal bar per row, stacked by
/// gate (never scored in grey), with the counts on the segments and the total at the end.
pub fn team_chart(overall: &MixDoc, teams: &[TeamMixDoc]) -> Chart {
    let rows: Vec<(&str, &MixDoc)> = std::iter::once(("All services", overall))
        .chain(teams.iter().map(|t| (t.team.as_str(), &t.mix)))
        .collect();
    let (row_h, x0, w) = (30.0, 170.0, 760.0);
    let (y0, x1) = (48.0, w - 48.0);
    let y1 = y0 + row_h * rows.len() as f64;
    let h = y1 + 52.0;
    let mut c = Chart {
        title: "Gate mix by team".into(),
        desc: "One bar per team (and all services): services at GO, GO with conditions, \
               NO-GO and never scored."
            .into(),
        width: w as u32,
        height: h as u32,
        ..Chart::default()
    };
    let (top, step) = axis(overall.total.count);
    let sx = |v: f64| x0 + (x1 - x0) * v / f64::from(top);
    for tick in (0..=top).step_by(step as usize) {
        let x = sx(f64::from(tick));
        c.line(x, y0, x, y1, "grid");
        c.label(x, y1 + 16.0, tick.to_string(), "middle", "tick");
    }
    c.line(x0, y0, x0, y1, "axis");
    c.line(x0, y1, x1, y1, "axis");
    for (i, (name, mix)) in rows.iter().enumerate() {
        let top_y = y0 + row_h * i as f64 + 5.0;
        let bh = row_h - 10.0;
        let shown: String = if name.chars().count() > 22 {
            format!("{}…", name.chars().take(21).collect::<String>())
        } else {
            (*name).to_owned()
        };
        let class = if i == 0 { "row-all" } else { "row" };
        c.label(x0 - 8.0, top_y + bh / 2.0 + 4.0, shown, "end", class);
        let parts = [
            ("go", mix.go.count, Some("GO")),
            (
                "gwc",
                mix.go_with_conditions.count,
                Some("GO_WITH_CONDITIONS"),
            ),
            ("nogo", mix.no_go.count, Some("NO_GO")),
            ("unscored", mix.unscored.count, None),
        ];
        let mut base = 0.0;
        for (class, v, g) in parts {
            if v == 0 {
                continue;
            }
            let (a, b) = (sx(base), sx(base + f64::from(v)));
            c.rect(
                a,
                top_y,
                b - a,
                bh,
                class,
                format!("{name}: {v} {}", gate(g)),
            );
            if b - a >= 16.0 {
                let text_class = if class == "gwc" || class == "unscored" {
                    "seg-dark"
                } else {
                    "seg"
                };
                c.label(
                    (a + b) / 2.0,
                    top_y + bh / 2.0 + 4.0,
                    v.to_string(),
                    "middle",
                    text_class,
                );
            }
            base += f64::from(v);
        }
        c.label(
            sx(base) + 6.0,
            top_y + bh / 2.0 + 4.0,
            mix.total.count.to_string(),
            "start",
            "value",
        );
    }
    c.label(
        (x0 + x1) / 2.0,
        h - 10.0,
        "Services".into(),
        "middle",
        "axis-title",
    );
    c.legend(
        x0,
        24.0,
        &[
            ("go", "GO"),
            ("gwc", "GO with conditions"),
            ("nogo", "NO-GO"),
            ("unscored", "Never scored"),
        ],
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers_with_about_five_ticks() {
        assert_eq!(axis(0), (1, 1));
        assert_eq!(axis(4), (4, 1));
        assert_eq!(axis(7), (8, 2));
        assert_eq!(axis(23), (25, 5));
        assert_eq!(axis(180), (200, 50));
    }
}
