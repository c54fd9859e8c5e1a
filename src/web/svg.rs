//! Geometry of the inline SVG charts the server draws: the score gauge and the score-history
//! sparkline. Pure functions from numbers to path data; the templates add the markup.

use std::fmt::Write;

const GAUGE_CX: f64 = 60.0;
const GAUGE_CY: f64 = 62.0;
const GAUGE_R: f64 = 50.0;

/// A half-circle gauge from 0 (left) to 100 (right).
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    /// The full track, left to right over the top.
    pub track: String,
    /// The filled part up to the score; empty at 0.
    pub value: String,
    /// A tick across the track at the launch threshold.
    pub tick: Option<Tick>,
}

/// A short line across the gauge's track.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Inner end.
    pub x1: String,
    /// Inner end.
    pub y1: String,
    /// Outer end.
    pub x2: String,
    /// Outer end.
    pub y2: String,
}

/// The point on the gauge's circle of radius `r` at `fraction` (0 = left end, 1 = right end).
fn on_arc(fraction: f64, r: f64) -> (f64, f64) {
    let angle = std::f64::consts::PI * (1.0 - fraction);
    (GAUGE_CX + r * angle.cos(), GAUGE_CY - r * angle.sin())
}

/// One decimal, without `-0.0`.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

fn arc_to(fraction: f64) -> String {
    let (x0, y0) = on_arc(0.0, GAUGE_R);
    let (x, y) = on_arc(fraction, GAUGE_R);
    // Never more than half a circle, so the small-arc flag is right; sweep 1 runs clockwise
    // on screen, i.e. over the top.
    format!(
        "M{} {} A{} {} 0 0 1 {} {}",
        n(x0),
        n(y0),
        n(GAUGE_R),
        n(GAUGE_R),
        n(x),
        n(y)
    )
}

/// The gauge for a score (clamped to 0–100) and an optional launch threshold.
pub fn gauge(score: f64, threshold: Option<f64>) -> Gauge {
    let f = (score / 100.0).clamp(0.0, 1.0);
    let value = if f > 0.0 { arc_to(f) } else { String::new() };
    let tick = threshold.map(|t| {
        let f = (t / 100.0).clamp(0.0, 1.0);
        let (x1, y1) = on_arc(f, GAUGE_R - 9.0);
        let (x2, y2) = on_arc(f, GAUGE_R + 9.0);
        Tick {
            x1: n(x1),
            y1: n(y1),
            x2: n(x2),
            y2: n(y2),
        }
    });
    Gauge {
        track: arc_to(1.0),
        value,
        tick,
    }
}

/// A step line of scores over time: the score holds until the next change.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// The line.
    pub line: String,
    /// The line closed down to the baseline, for a light fill.
    pub area: String,
    /// Where the line ends (the current score).
    pub end_x: String,
    /// Where the line ends.
    pub end_y: String,
}

/// Draws `points` (`(seconds, score)`, oldest first) between `start` and `end` seconds in a
/// `width` × `height` box, scores 0–100 bottom to top. Points before `start` are clamped to
/// it; the last score is held until `end`. `None` without points or with an empty window.
pub fn sparkline(
    points: &[(i64, f64)],
    start: i64,
    end: i64,
    width: f64,
    height: f64,
) -> Option<Sparkline> {
    if points.is_empty() || end <= start {
        return None;
    }
    let pad = 2.0;
    let span = (end - start) as f64;
    let x = |t: i64| ((t.clamp(start, end) - start) as f64 / span) * width;
    let y = |v: f64| pad + (1.0 - v.clamp(0.0, 100.0) / 100.0) * (height - 2.0 * pad);
    let mut line = String::new();
    let (mut cx, mut cy) = (x(points[0].0), y(points[0].1));
    let _ = write!(line, "M{} {}", n(cx), n(cy));
    for &(t, v) in &points[1..] {
        let (nx, ny) = (x(t), y(v));
        if nx > cx {
            let _ = write!(line, " H{}", n(nx));
        }
        if ny != cy {
            let _ = write!(line, " V{}", n(ny));
        }
        (cx, cy) = (nx, ny);
    }
    if width > cx {
        let _ = write!(line, " H{}", n(width));
    }
    let first_x = x(points[0].0);
    let area = format!("{line} V{} H{} Z", n(height), n(first_x));
    Some(Sparkline {
        line,
        area,
        end_x: n(width),
        end_y: n(cy),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauge_runs_over_the_top_from_left_to_right() {
        let g = gauge(100.0, None);
        assert_eq!(g.track, "M10 62 A50 50 0 0 1 110 62");
        assert_eq!(g.value, g.track);
        assert_eq!(gauge(50.0, None).value, "M10 62 A50 50 0 0 1 60 12");
    }

    #[test]
    fn gauge_is_empty_at_zero_and_clamps() {
        assert_eq!(gauge(0.0, None).value, "");
        assert_eq!(gauge(-5.0, None).value, "");
        assert_eq!(gauge(250.0, None).value, gauge(100.0, None).value);
        // A quarter of the way: 45° up from the left end.
        let v = gauge(25.0, None).value;
        assert!(v.ends_with("24.6 26.6"), "{v}");
    }

    #[test]
    fn gauge_tick_crosses_the_track_at_the_threshold() {
        let t = gauge(10.0, Some(50.0)).tick.unwrap();
        assert_eq!((t.x1.as_str(), t.x2.as_str()), ("60", "60"));
        assert_eq!((t.y1.as_str(), t.y2.as_str()), ("21", "3"));
        assert!(gauge(10.0, None).tick.is_none());
    }

    #[test]
    fn sparkline_needs_points_and_a_window() {
        assert_eq!(sparkline(&[], 0, 100, 100.0, 24.0), None);
        assert_eq!(sparkline(&[(5, 50.0)], 100, 100, 100.0, 24.0), None);
    }

    #[test]
    fn one_point_is_held_to_the_end() {
        let s = sparkline(&[(50, 100.0)], 0, 100, 100.0, 24.0).unwrap();
        assert_eq!(s.line, "M50 2 H100");
        assert_eq!((s.end_x.as_str(), s.end_y.as_str()), ("100", "2"));
        assert_eq!(s.area, "M50 2 H100 V24 H50 Z");
    }

    #[test]
    fn steps_hold_each_score_until_the_next_change() {
        let pts = [(0, 0.0), (25, 50.0), (50, 50.0), (75, 100.0)];
        let s = sparkline(&pts, 0, 100, 100.0, 24.0).unwrap();
        assert_eq!(s.line, "M0 22 H25 V12 H50 H75 V2 H100");
        assert_eq!(s.end_y, "2");
    }

    #[test]
    fn points_outside_the_window_and_range_are_clamped() {
        let pts = [(-50, 120.0), (50, -10.0)];
        let s = sparkline(&pts, 0, 100, 200.0, 24.0).unwrap();
        assert_eq!(s.line, "M0 2 H100 V22 H200");
    }
}
