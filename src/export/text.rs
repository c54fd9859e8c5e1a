//! Wording and number formats the HTML and Markdown exports share.

/// How many services a figure names before "and N more".
pub const NAMES_SHOWN: usize = 8;

/// A score with one decimal (`66.7`).
pub fn score(v: f64) -> String {
    format!("{v:.1}")
}

/// A score or a dash.
pub fn maybe_score(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), score)
}

/// A score change with its sign and one decimal (`+20.0`, `-30.0`, `+0.0`).
pub fn delta(v: f64) -> String {
    format!("{v:+.1}")
}

/// A share in 0–1 as a whole percentage (`75%`).
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A gate as people read it: `GO`, `GO with conditions`, `NO-GO`; `never scored` for none.
pub fn gate(g: Option<&str>) -> String {
    match g {
        Some("GO") => "GO".to_owned(),
        Some("GO_WITH_CONDITIONS") => "GO with conditions".to_owned(),
        Some("NO_GO") => "NO-GO".to_owned(),
        Some(other) => other.to_owned(),
        None => "never scored".to_owned(),
    }
}

/// An API enum value as the UI writes it: `TIER1` → `tier1`, `IN_REVIEW` → `in review`.
pub fn word(v: &str) -> String {
    v.to_ascii_lowercase().replace('_', " ")
}

/// "1 service", "2 services".
pub fn services(n: u32) -> String {
    if n == 1 {
        "1 service".to_owned()
    } else {
        format!("{n} services")
    }
}

/// The first [`NAMES_SHOWN`] of `names` and how many are left out.
pub fn shown(names: &[String]) -> (&[String], usize) {
    let n = names.len().min(NAMES_SHOWN);
    (&names[..n], names.len() - n)
}

/// "and N more" for `rest` > 0.
pub fn more(rest: usize) -> Option<String> {
    (rest > 0).then(|| format!("and {rest} more"))
}

/// How many item titles a mover's line names before "and N more" (a service new in the
/// period can move by every item of its checklist).
pub const ITEMS_SHOWN: usize = 5;

/// Up to [`ITEMS_SHOWN`] titles joined by commas, then "and N more".
pub fn titles_some(titles: &[String]) -> String {
    let shown = titles.len().min(ITEMS_SHOWN);
    let mut out = titles[..shown].join(", ");
    if let Some(rest) = more(titles.len() - shown) {
        out.push(' ');
        out.push_str(&rest);
    }
    out
}

/// The items that moved a mover, in words: `fixed: A runbook exists; newly open: Alerts`,
/// `not recorded` when the history predates item recording, `–` when no item changed.
pub fn moved_items(m: &super::model::MoverDoc) -> String {
    let (Some(fixed), Some(regressed)) = (&m.items_fixed, &m.items_regressed) else {
        return "not recorded".to_owned();
    };
    let titles = |l: &[super::model::MovedItemDoc]| -> Vec<String> {
        l.iter().map(|i| i.title.clone()).collect()
    };
    moved_words(&titles(fixed), &titles(regressed))
}

/// Fixed and newly open item titles in words (shared by the exports and the report page):
/// `fixed: A, B; newly open: C`, each list cut after [`ITEMS_SHOWN`]; `–` when both are empty.
pub fn moved_words(fixed: &[String], regressed: &[String]) -> String {
    let mut parts = Vec::new();
    if !fixed.is_empty() {
        parts.push(format!("fixed: {}", titles_some(fixed)));
    }
    if !regressed.is_empty() {
        parts.push(format!("newly open: {}", titles_some(regressed)));
    }
    if parts.is_empty() {
        "–".to_owned()
    } else {
        parts.join("; ")
    }
}

/// An SLO at risk in words: `availability: budget −1,980% left, burning 500× (1 h), measured
/// 2026-12-07 09:00 UTC`.
pub fn slo_risk(s: &super::model::SloRiskDoc) -> String {
    let mut parts = vec![format!("{}:", s.slo)];
    if let Some(r) = s.budget_remaining {
        parts.push(format!("budget {:.0}% left,", r * 100.0));
    }
    let burn = |b: Option<f64>, w: &str| b.map(|b| format!("burning {b:.1}× ({w}),"));
    parts.extend(burn(s.burn_rate_1h, "1 h"));
    parts.extend(burn(s.burn_rate_6h, "6 h"));
    parts.push(format!(
        "measured {}",
        s.measured_at.format("%Y-%m-%d %H:%M UTC")
    ));
    parts.join(" ")
}

/// An overdue review in words: `approved 2025-11-30, due 2026-11-30 (a year on)` or
/// `approved 2026-11-30; the gate has fallen to NO-GO since`.
pub fn overdue_review(o: &super::model::OverdueReviewDoc) -> String {
    if o.reason == "DRIFT" {
        format!(
            "approved {}; the gate has fallen to NO-GO since",
            o.approved_at.format("%Y-%m-%d")
        )
    } else {
        format!(
            "approved {}, re-review due {} (a year on)",
            o.approved_at.format("%Y-%m-%d"),
            o.due_at.format("%Y-%m-%d")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_same_everywhere() {
        assert_eq!(score(200.0 / 3.0), "66.7");
        assert_eq!(maybe_score(None), "–");
        assert_eq!(delta(20.0), "+20.0");
        assert_eq!(delta(-30.0), "-30.0");
        assert_eq!(percent(0.75), "75%");
        assert_eq!(gate(Some("GO_WITH_CONDITIONS")), "GO with conditions");
        assert_eq!(gate(None), "never scored");
        assert_eq!(word("IN_REVIEW"), "in review");
        assert_eq!(services(1), "1 service");
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let names: Vec<String> = (0..11).map(|i| format!("s{i}")).collect();
        let (first, rest) = shown(&names);
        assert_eq!(first.len(), NAMES_SHOWN);
        assert_eq!(rest, 3);
        assert_eq!(more(rest).as_deref(), Some("and 3 more"));
        assert_eq!(more(0), None);
        let titles: Vec<String> = (1..=7).map(|i| format!("t{i}")).collect();
        assert_eq!(titles_some(&titles), "t1, t2, t3, t4, t5 and 2 more");
        assert_eq!(titles_some(&titles[..2]), "t1, t2");
    }
}
