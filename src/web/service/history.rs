//! The score history as the service page shows it: a sparkline and the latest changes.

use super::super::format::{self, GateView};
use super::super::svg::{Sparkline, sparkline};
use crate::domain::records;
use chrono::{DateTime, Utc};

/// One recorded change of score, level or gate.
#[derive(Debug, Clone)]
pub struct ChangeView {
    /// When.
    pub when: String,
    /// Score.
    pub score: String,
    /// Level number.
    pub level: i32,
    /// Gate.
    pub gate: GateView,
}

/// The score history: sparkline and the latest changes.
#[derive(Debug, Clone)]
pub struct HistoryView {
    /// The drawing, when there is anything to draw.
    pub spark: Option<Sparkline>,
    /// What the drawing shows, in words.
    pub summary: String,
    /// Latest changes, newest first.
    pub changes: Vec<ChangeView>,
}

/// Sparkline size.
pub const SPARK: (f64, f64) = (240.0, 48.0);

/// The history from `window` (oldest first, within the last 90 days) and, when the window
/// holds nothing, the latest snapshot before it.
pub fn history_view(
    window: &[records::ScoreSnapshot],
    before: Option<&records::ScoreSnapshot>,
    window_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> HistoryView {
    let gate = |s: &records::ScoreSnapshot| format::gate(s.gate);
    // Snapshots without a score (nothing assessed) leave gaps in the line.
    let mut points: Vec<(i64, f64)> = window
        .iter()
        .filter_map(|s| Some((s.taken_at.timestamp(), s.score?)))
        .collect();
    if points.is_empty()
        && let Some(score) = before.and_then(|b| b.score)
    {
        points.push((window_start.timestamp(), score));
    }
    // The chart starts at the first point; a history younger than an hour is drawn over an
    // hour so a single value still reads as a line.
    let start = points.first().map_or(window_start.timestamp(), |p| p.0);
    let end = now.timestamp().max(start + 3600);
    let spark = sparkline(&points, start, end, SPARK.0, SPARK.1);
    let summary = match (points.first(), points.last()) {
        (Some(first), Some(last)) if points.len() > 1 => format!(
            "Score went from {} to {} over {} changes since {}.",
            format::score(first.1),
            format::score(last.1),
            points.len() - 1,
            window
                .first()
                .map_or_else(String::new, |s| format::instant(s.taken_at))
        ),
        (Some(only), _) => match window.first() {
            Some(s) => format!(
                "Score has been {} since {}.",
                format::score(only.1),
                format::instant(s.taken_at)
            ),
            None => format!(
                "Score has been {} throughout the last 90 days.",
                format::score(only.1)
            ),
        },
        _ => "No score recorded yet.".into(),
    };
    HistoryView {
        spark,
        summary,
        changes: window
            .iter()
            .rev()
            .take(8)
            .map(|s| ChangeView {
                when: format::instant(s.taken_at),
                score: format::maybe_score(s.score),
                level: s.level,
                gate: gate(s),
            })
            .collect(),
    }
}
