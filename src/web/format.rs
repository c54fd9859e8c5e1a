//! How values read on a page: scores, instants, gate labels, query strings.

use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::change::PrCheckPolicy;
use crate::domain::numbers::display_percent;
use crate::domain::scoring::Decision;
use chrono::{DateTime, Utc};

/// A score as people read it: whole numbers plain, otherwise one decimal, rounded to the
/// nearest but never up to a whole number it has not reached (69.697 reads 69.7, 79.96
/// reads 79.9 and 99.99 reads 99.9); see [`display_percent`].
pub fn score(v: f64) -> String {
    let tenths = display_percent(v.clamp(0.0, 100.0), 1);
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

/// A score that may be missing: "—" when nothing applicable was left to assess.
pub fn maybe_score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), score)
}

/// A message written for API clients, made to read as prose on a page: values the API
/// quotes in backticks (`` `nope` ``) are quoted with typographic quotes instead (“nope”).
/// An unpaired backtick is left as it is.
pub fn plain(message: &str) -> String {
    if message.matches('`').count() < 2 {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len() + 8);
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push('“');
        out.push_str(&rest[open + 1..open + 1 + len]);
        out.push('”');
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A number with at most `decimals` decimals and no trailing zeros: `1.5`, `120`.
pub fn number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// An instant as `2026-11-23 18:05 UTC`.
pub fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// An instant for a `datetime` attribute.
pub fn machine(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// How far `t` is from `now`, in words: `in 3 days`, `in 5 hours`, `2 days ago`.
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (t - now).num_seconds();
    // Rounded to the nearest unit: 4 days 23 hours reads "in 5 days".
    let (amount, unit) = match secs.unsigned_abs() {
        s if s < 3570 => (((s + 30) / 60).max(1), "minute"),
        s if s < 84_600 => ((s + 1800) / 3600, "hour"),
        s => ((s + 43_200) / 86_400, "day"),
    };
    let plural = if amount == 1 { "" } else { "s" };
    if secs >= 0 {
        format!("in {amount} {unit}{plural}")
    } else {
        format!("{amount} {unit}{plural} ago")
    }
}

/// A pull request check policy in words: a short name, and what it does to a pull request.
pub fn pr_check_policy(p: PrCheckPolicy) -> (&'static str, &'static str) {
    match p {
        PrCheckPolicy::BlockRegressions => (
            "Block changes that make readiness worse",
            "A pull request fails only when it breaks a check that passed before it or lowers \
             the launch gate; problems that were already there are listed, never blamed on it.",
        ),
        PrCheckPolicy::Informational => (
            "Report only, never block",
            "The check shows what the change does to readiness and never fails.",
        ),
        PrCheckPolicy::BlockNoGo => (
            "Block every change while the gate is NO-GO",
            "A pull request fails whenever the launch gate with its changes is NO-GO, whatever \
             caused it: for services about to launch or release branches.",
        ),
    }
}

/// How a gate decision is shown: CSS modifier, label, and a symbol so colour is never the
/// only cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateView {
    /// CSS modifier: `go`, `conditions` or `nogo`.
    pub class: &'static str,
    /// Words on the badge.
    pub label: &'static str,
    /// Symbol before the words.
    pub symbol: &'static str,
    /// Wire code, e.g. `NO_GO`.
    pub code: &'static str,
}

/// The badge of a gate decision.
pub fn gate(d: Decision) -> GateView {
    match d {
        Decision::Go => GateView {
            class: "go",
            label: "GO",
            symbol: "✓",
            code: d.as_str(),
        },
        Decision::GoWithConditions => GateView {
            class: "conditions",
            label: "GO with conditions",
            symbol: "!",
            code: d.as_str(),
        },
        Decision::NoGo => GateView {
            class: "nogo",
            label: "NO-GO",
            symbol: "✕",
            code: d.as_str(),
        },
    }
}

/// A tier in words: `Tier 1`.
pub fn tier(t: Tier) -> &'static str {
    match t {
        Tier::Tier1 => "Tier 1",
        Tier::Tier2 => "Tier 2",
        Tier::Tier3 => "Tier 3",
        Tier::Tier4 => "Tier 4",
    }
}

/// A lifecycle stage in words: `Production`.
pub fn lifecycle(l: Lifecycle) -> &'static str {
    match l {
        Lifecycle::Planned => "Planned",
        Lifecycle::Development => "Development",
        Lifecycle::Beta => "Beta",
        Lifecycle::Production => "Production",
        Lifecycle::Deprecated => "Deprecated",
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay as they are).
pub fn query_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `path?k=v&…` from the pairs whose value is not empty; just `path` when none is left.
pub fn url_with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", query_value(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn api_quotes_become_typographic_quotes() {
        assert_eq!(
            plain("`Payments Team!` is not a valid slug"),
            "“Payments Team!” is not a valid slug"
        );
        assert_eq!(plain("from `a` to `b`"), "from “a” to “b”");
        assert_eq!(plain("a lone ` stays"), "a lone ` stays");
        assert_eq!(plain("`a` and ` one"), "“a” and ` one");
        assert_eq!(plain("no quotes"), "no quotes");
    }

    #[test]
    fn scores_round_but_never_up_to_a_whole_number() {
        assert_eq!(score(100.0), "100");
        assert_eq!(score(69.697), "69.7");
        assert_eq!(score(66.666), "66.7");
        assert_eq!(score(79.96), "79.9");
        assert_eq!(score(99.99), "99.9");
        assert_eq!(score(80.0), "80");
        assert_eq!(score(0.0), "0");
        assert_eq!(score(70.1), "70.1");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(1.50, 2), "1.5");
        assert_eq!(number(120.0, 1), "120");
        assert_eq!(number(0.001, 3), "0.001");
    }

    #[test]
    fn instants_and_distances() {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 18, 5, 0).unwrap();
        assert_eq!(instant(t), "2026-11-23 18:05 UTC");
        assert_eq!(machine(t), "2026-11-23T18:05:00Z");
        let later = |s: i64| t + chrono::Duration::seconds(s);
        assert_eq!(relative(later(3 * 86_400 + 5), t), "in 3 days");
        assert_eq!(relative(later(86_400), t), "in 1 day");
        assert_eq!(relative(later(5 * 3600), t), "in 5 hours");
        assert_eq!(relative(later(20), t), "in 1 minute");
        assert_eq!(relative(later(5 * 86_400 - 60), t), "in 5 days");
        assert_eq!(relative(later(23 * 3600 + 59 * 60), t), "in 1 day");
        assert_eq!(relative(later(59 * 60 + 50), t), "in 1 hour");
        assert_eq!(relative(later(-2 * 86_400), t), "2 days ago");
    }

    #[test]
    fn gates_have_words_and_symbols() {
        assert_eq!(gate(Decision::NoGo).label, "NO-GO");
        assert_eq!(gate(Decision::GoWithConditions).class, "conditions");
        assert_eq!(gate(Decision::Go).code, "GO");
    }

    #[test]
    fn query_strings_are_encoded_and_skip_empty_values() {
        assert_eq!(query_value("a b&c/é"), "a%20b%26c%2F%C3%A9");
        assert_eq!(
            url_with_query("/", &[("team", "pay"), ("q", ""), ("sort", "score_desc")]),
            "/?team=pay&sort=score_desc"
        );
        assert_eq!(url_with_query("/", &[("q", "")]), "/");
    }
}
