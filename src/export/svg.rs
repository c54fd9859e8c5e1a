//! The shapes of the HTML export's inline SVG charts: rectangles, lines, a polyline and
//! labels in viewBox coordinates (one decimal), which the template draws.

/// One rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: String,
    /// Top.
    pub y: String,
    /// Width.
    pub w: String,
    /// Height.
    pub h: String,
    /// CSS class (its fill).
    pub class: &'static str,
    /// Tooltip.
    pub title: String,
}

/// One text label.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Anchor point.
    pub x: String,
    /// Baseline.
    pub y: String,
    /// The text.
    pub text: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// CSS class.
    pub class: &'static str,
    /// Rotation in degrees about the anchor (0: none).
    pub rotate: i32,
}

/// One straight line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Start.
    pub x1: String,
    /// Start.
    pub y1: String,
    /// End.
    pub x2: String,
    /// End.
    pub y2: String,
    /// CSS class.
    pub class: &'static str,
}

/// A chart: a titled SVG of rectangles, lines, an optional polyline and labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// Title (also the SVG's accessible name).
    pub title: String,
    /// What the chart shows, for screen readers.
    pub desc: String,
    /// viewBox width.
    pub width: u32,
    /// viewBox height.
    pub height: u32,
    /// Bars and legend swatches.
    pub rects: Vec<Rect>,
    /// Axes and grid lines.
    pub lines: Vec<Line>,
    /// A polyline's points (`x,y x,y …`), empty for none.
    pub polyline: String,
    /// Dots on the polyline.
    pub dots: Vec<(String, String, String)>,
    /// Labels.
    pub labels: Vec<Label>,
}

pub(super) fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

impl Chart {
    pub(super) fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        class: &'static str,
        title: String,
    ) {
        self.rects.push(Rect {
            x: n(x),
            y: n(y),
            w: n(w),
            h: n(h),
            class,
            title,
        });
    }

    pub(super) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, class: &'static str) {
        self.lines.push(Line {
            x1: n(x1),
            y1: n(y1),
            x2: n(x2),
            y2: n(y2),
            class,
        });
    }

    pub(super) fn label(
        &mut self,
        x: f64,
        y: f64,
        text: String,
        anchor: &'static str,
        class: &'static str,
    ) {
        self.labels.push(Label {
            x: n(x),
            y: n(y),
            text,
            anchor,
            class,
            rotate: 0,
        });
    }

    pub(super) fn legend(&mut self, x: f64, y: f64, items: &[(&'static str, &str)]) {
        let mut at = x;
        for &(class, text) in items {
            self.rect(at, y - 10.0, 12.0, 12.0, class, text.to_owned());
            self.label(at + 17.0, y, text.to_owned(), "start", "legend");
            let width: f64 = text
                .chars()
                .map(|c| if c.is_ascii_uppercase() { 9.0 } else { 7.0 })
                .sum();
            at += 17.0 + width + 24.0;
        }
    }
}
