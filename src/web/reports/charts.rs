//! Geometry of the report's inline SVG charts: the trend (mean score line over gate-mix
//! stacked bars, one bucket per week or month) and the small gate-mix bars of the
//! readiness tables. Pure functions from numbers to coordinates; the template adds the
//! markup and the stylesheet the colours.

use crate::domain::report::{Granularity, TrendPoint};
use crate::web::format;

/// One decimal, without `-0`.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// A labelled tick of a vertical axis, with its grid line.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Height of the tick (and its grid line).
    pub y: String,
    /// Where the label's baseline sits.
    pub label_y: String,
    /// The value.
    pub label: String,
}

/// A label under the horizontal axis.
#[derive(Debug, Clone, PartialEq)]
pub struct XLabel {
    /// Centre of the bucket.
    pub x: String,
    /// The bucket's start in words.
    pub text: String,
}

/// One rectangle of a stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Left edge.
    pub x: String,
    /// Top edge.
    pub y: String,
    /// Width.
    pub w: String,
    /// Height.
    pub h: String,
    /// CSS modifier: `nogo`, `conditions`, `go` or `unscored`.
    pub class: &'static str,
    /// The count, printed inside when it fits (empty otherwise).
    pub label: String,
    /// Where the printed count sits (centre, baseline).
    pub label_x: String,
    /// Where the printed count sits.
    pub label_y: String,
    /// Tooltip: the bucket, the count and the gate in words.
    pub title: String,
}

/// A point of the mean-score line.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    /// Centre.
    pub x: String,
    /// Centre.
    pub y: String,
    /// The mean score as read.
    pub value: String,
    /// Tooltip: the bucket and the mean score.
    pub title: String,
}

/// The trend chart, laid out in a `width` × `height` view box.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    /// View box width.
    pub width: u32,
    /// View box height.
    pub height: u32,
    /// Left edge of the plots.
    pub left: String,
    /// Right edge of the plots.
    pub right: String,
    /// Where tick labels end (right-aligned).
    pub tick_x: String,
    /// Score panel: ticks at 0, 50 and 100.
    pub score_ticks: Vec<Tick>,
    /// Bar panel: service counts.
    pub count_ticks: Vec<Tick>,
    /// Baseline of the score panel.
    pub score_base: String,
    /// Baseline of the bar panel.
    pub count_base: String,
    /// Where the bar panel's title sits.
    pub count_title_y: String,
    /// The mean-score line (`M`/`L` path; a bucket without a score breaks it).
    pub line: String,
    /// The line's points.
    pub dots: Vec<Dot>,
    /// The latest mean score, printed beside its point.
    pub last: Option<Dot>,
    /// Stacked bars, NO-GO at the bottom, then GO with conditions, then GO.
    pub segments: Vec<Segment>,
    /// Labels under the bars (every bucket, or every few when they would not fit).
    pub x_labels: Vec<XLabel>,
    /// Baseline of the x labels.
    pub x_label_y: String,
    /// The x axis' title, e.g. "Week starting".
    pub x_title: &'static str,
    /// Where the x axis' title sits (centre, baseline).
    pub x_title_x: String,
    /// Where the x axis' title sits.
    pub x_title_y: String,
}

/// Panel heights and gaps of the trend chart (view box units; text is 12 units).
const SCORE_TOP: f64 = 26.0;
const PANEL: f64 = 100.0;
const BARS_TOP: f64 = SCORE_TOP + PANEL + 40.0;
const LEFT: f64 = 40.0;
const RIGHT_PAD: f64 = 34.0;

/// A bucket's start in words: `Sep 14` (weekly) or `Sep 2026` (monthly).
pub fn bucket_label(p: &TrendPoint, granularity: Granularity) -> String {
    match granularity {
        Granularity::Week => p.start.format("%b %-d").to_string(),
        Granularity::Month => p.start.format("%b %Y").to_string(),
    }
}

/// The largest count the bar axis must show, rounded up to an even number (so the middle
/// tick is a whole number); at least 2.
fn count_max(points: &[TrendPoint]) -> u32 {
    let top = points
        .iter()
        .map(|p| p.go + p.go_with_conditions + p.no_go)
        .max()
        .unwrap_or(0)
        .max(2);
    top + top % 2
}

/// Lays out the trend of `points` in a view box `width` wide; `None` when no bucket has
/// a scored service (nothing to draw).
pub fn trend_chart(
    points: &[TrendPoint],
    granularity: Granularity,
    width: u32,
) -> Option<TrendChart> {
    if points.iter().all(|p| p.services == 0) {
        return None;
    }
    let right = f64::from(width) - RIGHT_PAD;
    let band = (right - LEFT) / points.len() as f64;
    let bar_w = (band * 0.62).min(40.0);
    let centre = |i: usize| LEFT + (i as f64 + 0.5) * band;
    let score_y = |v: f64| SCORE_TOP + (1.0 - v.clamp(0.0, 100.0) / 100.0) * PANEL;
    let max = count_max(points);
    let count_y = |c: u32| BARS_TOP + PANEL - f64::from(c) / f64::from(max) * PANEL;
    let tick = |y: f64, label: String| Tick {
        y: n(y),
        label_y: n(y + 4.0),
        label,
    };
    let mut line = String::new();
    let mut dots = Vec::new();
    let mut segments = Vec::new();
    let mut gap = true;
    for (i, p) in points.iter().enumerate() {
        let when = bucket_label(p, granularity);
        match p.mean_score {
            Some(v) => {
                let (x, y) = (centre(i), score_y(v));
                line.push_str(&format!(
                    "{}{} {} ",
                    if gap { "M" } else { "L" },
                    n(x),
                    n(y)
                ));
                gap = false;
                dots.push(Dot {
                    x: n(x),
                    y: n(y),
                    value: format::score(v),
                    title: format!("{when}: mean score {}", format::score(v)),
                });
            }
            None => gap = true,
        }
        let mut below = 0;
        for (count, class, words) in [
            (p.no_go, "nogo", "NO-GO"),
            (p.go_with_conditions, "conditions", "GO with conditions"),
            (p.go, "go", "GO"),
        ] {
            if count == 0 {
                continue;
            }
            let (top, bottom) = (count_y(below + count), count_y(below));
            let fits = bottom - top >= 15.0 && bar_w >= 14.0;
            segments.push(Segment {
                x: n(centre(i) - bar_w / 2.0),
                y: n(top),
                w: n(bar_w),
                h: n(bottom - top),
                class,
                label: if fits {
                    count.to_string()
                } else {
                    String::new()
                },
                label_x: n(centre(i)),
                label_y: n((top + bottom) / 2.0 + 4.0),
                title: format!("{when}: {count} {words}"),
            });
            below += count;
        }
    }
    let label_w = match granularity {
        Granularity::Week => 46.0,
        Granularity::Month => 58.0,
    };
    let every = ((label_w / band).ceil() as usize).max(1);
    let last_i = points.len() - 1;
    let x_labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| (last_i - i).is_multiple_of(every))
        .map(|(i, p)| XLabel {
            x: n(centre(i)),
            text: bucket_label(p, granularity),
        })
        .collect();
    let bottom = BARS_TOP + PANEL;
    Some(TrendChart {
        width,
        height: (bottom + 44.0) as u32,
        left: n(LEFT),
        right: n(right),
        tick_x: n(LEFT - 6.0),
        score_ticks: [0.0, 50.0, 100.0]
            .into_iter()
            .map(|v| tick(score_y(v), n(v)))
            .collect(),
        count_ticks: [0, max / 2, max]
            .into_iter()
            .map(|c| tick(count_y(c), c.to_string()))
            .collect(),
        score_base: n(score_y(0.0)),
        count_base: n(bottom),
        count_title_y: n(BARS_TOP - 12.0),
        line: line.trim_end().to_owned(),
        last: dots.last().cloned(),
        dots,
        segments,
        x_labels,
        x_label_y: n(bottom + 17.0),
        x_title: match granularity {
            Granularity::Week => "Week starting (UTC)",
            Granularity::Month => "Month",
        },
        x_title_x: n((LEFT + right) / 2.0),
        x_title_y: n(bottom + 37.0),
    })
}

/// The latest mean score in words, for the label beside the line's last point.
pub fn last_score(points: &[TrendPoint]) -> Option<String> {
    points
        .iter()
        .rev()
        .find_map(|p| p.mean_score)
        .map(format::score)
}

/// A small horizontal stacked bar of a gate mix in a 100-wide view box (`x` and `w` in
/// percent of the services): NO-GO, GO with conditions, GO, not scored.
pub fn mix_bar(no_go: usize, conditions: usize, go: usize, unscored: usize) -> Vec<Segment> {
    let total = (no_go + conditions + go + unscored) as f64;
    if total == 0.0 {
        return Vec::new();
    }
    let mut x = 0.0;
    let mut out = Vec::new();
    for (count, class, words) in [
        (no_go, "nogo", "NO-GO"),
        (conditions, "conditions", "GO with conditions"),
        (go, "go", "GO"),
        (unscored, "unscored", "not scored"),
    ] {
        if count == 0 {
            continue;
        }
        let w = count as f64 / total * 100.0;
        out.push(Segment {
            x: n(x),
            y: "0".into(),
            w: n(w),
            h: "10".into(),
            class,
            label: String::new(),
            label_x: String::new(),
            label_y: String::new(),
            title: format!("{count} {words}"),
        });
        x += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn point(day: u32, services: u32, mean: Option<f64>, gates: [u32; 3]) -> TrendPoint {
        TrendPoint {
            start: Utc.with_ymd_and_hms(2026, 9, day, 0, 0, 0).unwrap(),
            services,
            mean_score: mean,
            go: gates[0],
            go_with_conditions: gates[1],
            no_go: gates[2],
            levels: Vec::new(),
        }
    }

    #[test]
    fn nothing_to_draw_without_services() {
        let empty = [point(7, 0, None, [0, 0, 0])];
        assert_eq!(trend_chart(&empty, Granularity::Week, 760), None);
        assert_eq!(trend_chart(&[], Granularity::Week, 760), None);
    }

    #[test]
    fn the_line_breaks_where_no_service_was_scored_and_bars_stack_no_go_first() {
        let pts = [
            point(7, 2, Some(50.0), [0, 1, 1]),
            point(14, 0, None, [0, 0, 0]),
            point(21, 4, Some(100.0), [2, 0, 2]),
        ];
        let c = trend_chart(&pts, Granularity::Week, 334).unwrap();
        // Plot from 40 to 300: three bands of 86.7; centres 83.3, 170, 256.7.
        assert_eq!(c.line, "M83.3 76 M256.7 26");
        assert_eq!(c.dots.len(), 2);
        assert_eq!(c.last.as_ref().unwrap().title, "Sep 21: mean score 100");
        // Axis up to 4 services: the bottom bar of week one is NO-GO, 1 of 4 = 25 units.
        let first: Vec<_> = c.segments.iter().take(2).map(|s| s.class).collect();
        assert_eq!(first, ["nogo", "conditions"]);
        assert_eq!(c.segments[0].h, "25");
        assert_eq!(c.segments[0].label, "1");
        assert_eq!(c.count_ticks[2].label, "4");
        assert_eq!(c.count_ticks[1].label, "2");
        assert_eq!(c.segments[0].title, "Sep 7: 1 NO-GO");
        assert_eq!(c.x_labels.len(), 3);
    }

    #[test]
    fn crowded_labels_thin_out_from_the_latest() {
        let pts: Vec<TrendPoint> = (1..=13)
            .map(|d| point(d, 1, Some(70.0), [1, 0, 0]))
            .collect();
        let wide = trend_chart(&pts, Granularity::Week, 760).unwrap();
        assert_eq!(wide.x_labels.len(), 13);
        let narrow = trend_chart(&pts, Granularity::Week, 340).unwrap();
        assert!(narrow.x_labels.len() < 13);
        assert_eq!(narrow.x_labels.last().unwrap().text, "Sep 13");
        assert_eq!(last_score(&pts).as_deref(), Some("70"));
    }

    #[test]
    fn mix_bars_share_the_width() {
        let b = mix_bar(1, 0, 2, 1);
        let widths: Vec<&str> = b.iter().map(|s| s.w.as_str()).collect();
        assert_eq!(widths, ["25", "50", "25"]);
        assert_eq!(b[1].x, "25");
        assert_eq!(b[2].class, "unscored");
        assert!(mix_bar(0, 0, 0, 0).is_empty());
    }
}
