//! Drawing a README badge: two flat halves, shields.io style, as a self-contained SVG.
//!
//! Pure functions from words to markup. Text widths are estimated from a per-character
//! table of Verdana at 11 px (the font shields.io measures with), and every text gets a
//! `textLength`, so the badge looks the same whichever fallback font a viewer renders.

use crate::domain::change::gate_words;
use crate::domain::scoring::Decision;
use std::fmt::Write as _;

/// Colour of the label half ("readiness").
pub const LABEL_COLOUR: &str = "#555555";
/// `GO`: a green dark enough for white text (contrast ≥ 4.5:1, WCAG AA).
pub const GO_COLOUR: &str = "#1a7f37";
/// `GO with conditions`: a dark amber, for the same reason.
pub const CONDITIONS_COLOUR: &str = "#9a6700";
/// `NO-GO`: red.
pub const NO_GO_COLOUR: &str = "#cf222e";
/// Unknown service or no scorecard: grey.
pub const GREY_COLOUR: &str = "#6a737d";

/// What the left half says.
pub const LABEL: &str = "readiness";

/// Longest message drawn, in characters; longer ones end in "…" (level names come from
/// checklist templates).
const MAX_MESSAGE_CHARS: usize = 48;
/// Space left and right of each text, px.
const PADDING: u32 = 5;

/// A badge to draw: the label, the message and the message's background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// Left half's text.
    pub label: String,
    /// Right half's text.
    pub message: String,
    /// Right half's colour: one of the constants above, never input.
    pub colour: &'static str,
}

impl Badge {
    /// The gate and maturity level, e.g. "GO · L2 Silver" on green or "NO-GO · L0" on red.
    pub fn gate(decision: Decision, level: u8, level_name: &str) -> Self {
        Self {
            label: LABEL.into(),
            message: format!(
                "{} · {}",
                gate_words(decision),
                level_words(level, level_name)
            ),
            colour: match decision {
                Decision::Go => GO_COLOUR,
                Decision::GoWithConditions => CONDITIONS_COLOUR,
                Decision::NoGo => NO_GO_COLOUR,
            },
        }
    }

    /// A NO-GO gate whose review was approved anyway, with an override (shown wherever the
    /// gate is, as the design asks): "approved over NO-GO · L0", still red.
    pub fn approved_over_no_go(level: u8, level_name: &str) -> Self {
        Self {
            message: format!("approved over NO-GO · {}", level_words(level, level_name)),
            ..Self::gate(Decision::NoGo, level, level_name)
        }
    }

    /// A service without a current review, so without a gate.
    pub fn not_assessed() -> Self {
        Self::grey("not assessed")
    }

    /// No such service (or an archived one).
    pub fn unknown() -> Self {
        Self::grey("unknown service")
    }

    /// The scorecard could not be read just now.
    pub fn unavailable() -> Self {
        Self::grey("unavailable")
    }

    fn grey(message: &str) -> Self {
        Self {
            label: LABEL.into(),
            message: message.into(),
            colour: GREY_COLOUR,
        }
    }
}

/// "L2 Silver"; just "L0" for no level (its name is "None").
fn level_words(level: u8, name: &str) -> String {
    let name = name.trim();
    if level == 0 || name.is_empty() {
        format!("L{level}")
    } else {
        format!("L{level} {name}")
    }
}

/// The width of `text` in Verdana 11 px, estimated per character.
pub fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// One character's advance in Verdana 11 px (rounded from the font's metrics; characters
/// outside the table count as a wide letter, East Asian ones as a full em).
fn char_width(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | '·' | 'f' => 3.87,
        'i' | 'l' | '\'' | '|' => 3.02,
        'j' => 3.79,
        '!' | 't' | ':' | ';' => 4.33,
        'I' => 4.63,
        'r' => 4.69,
        '-' | '(' | ')' | '[' | ']' | '/' | '\\' => 4.99,
        'J' => 5.0,
        'c' | 's' => 5.73,
        'z' => 5.79,
        'L' => 6.12,
        'F' => 6.32,
        'k' | 'v' | 'x' | 'y' => 6.51,
        'e' => 6.55,
        'a' => 6.61,
        'P' => 6.63,
        'o' => 6.68,
        'Y' => 6.77,
        'T' => 6.78,
        'b' | 'd' | 'g' | 'p' | 'q' => 6.85,
        'E' | 'h' | 'n' | 'u' => 6.96,
        '0'..='9' | '_' | '#' | '$' | '?' => 7.0,
        'A' | 'S' | 'V' => 7.52,
        'B' | 'X' | 'Z' => 7.54,
        'K' => 7.62,
        'R' => 7.65,
        'C' => 7.68,
        'U' => 8.05,
        'N' => 8.23,
        'H' => 8.27,
        'D' => 8.48,
        'G' => 8.53,
        'O' | 'Q' => 8.66,
        '&' | '+' | '<' | '=' | '>' | '~' => 9.17,
        'w' => 8.98,
        'M' => 9.27,
        'm' => 10.7,
        'W' | '%' | '@' => 10.88,
        '\u{2e80}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{ff00}'..='\u{ffef}' => 11.0,
        _ => 7.5,
    }
}

/// Text safe to put in XML character data and attribute values: markup characters escaped,
/// and characters XML 1.0 does not allow at all (controls, non-characters) dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `max` characters, ending in "…" when cut; controls become spaces.
fn fit(text: &str, max: usize) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() <= max {
        return clean;
    }
    let mut cut: String = clean.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// One half: its width in px and its text's estimated width in tenths of a px.
fn half(text: &str) -> (u32, u32) {
    let w = text_width(text);
    // Rounded up, so a badge never clips its text.
    (w.ceil() as u32 + 2 * PADDING, (w * 10.0).round() as u32)
}

/// Draws `badge` as a flat, 20 px high SVG with a title for screen readers.
pub fn render(badge: &Badge) -> String {
    let label = fit(&badge.label, MAX_MESSAGE_CHARS);
    let message = fit(&badge.message, MAX_MESSAGE_CHARS);
    let (lw, ltext) = half(&label);
    let (mw, mtext) = half(&message);
    let w = lw + mw;
    let title = escape(&format!("{label}: {message}"));
    let mut svg = String::with_capacity(1200);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" \
         aria-label=\"{title}\"><title>{title}</title>\
         <linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" \
         stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\
         <clipPath id=\"r\"><rect width=\"{w}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\
         <g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"{LABEL_COLOUR}\"/>\
         <rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{colour}\"/>\
         <rect width=\"{w}\" height=\"20\" fill=\"url(#s)\"/></g>\
         <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" \
         text-rendering=\"geometricPrecision\" font-size=\"110\">",
        colour = badge.colour,
    );
    text(&mut svg, &label, lw * 5, ltext);
    text(&mut svg, &message, lw * 10 + mw * 5, mtext);
    svg.push_str("</g></svg>");
    svg
}

/// A text and its shadow, centred on `x` (tenths of a px, as the `scale(.1)` draws it).
fn text(svg: &mut String, t: &str, x: u32, length: u32) {
    let t = escape(t);
    let _ = write!(
        svg,
        "<text aria-hidden=\"true\" x=\"{x}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" \
         transform=\"scale(.1)\" textLength=\"{length}\">{t}</text>\
         <text x=\"{x}\" y=\"140\" transform=\"scale(.1)\" fill=\"#fff\" \
         textLength=\"{length}\">{t}</text>"
    );
}

#[cfg(test)]
#[path = "draw_tests.rs"]
mod tests;
