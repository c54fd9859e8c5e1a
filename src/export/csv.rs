//! The report as CSV for spreadsheets: RFC 4180 (CRLF line ends, fields quoted when they
//! hold a comma, a double quote, CR or LF, quotes doubled), a header row, then one row per
//! service. Text cells that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, tab or CR) get a leading `'`; numbers stay numbers.

use super::ReportDoc;

/// One cell.
enum Cell<'a> {
    /// Text from the API (names, slugs, enum values): guarded against formulas.
    Text(&'a str),
    /// A number, written as the API wrote it.
    Number(f64),
    /// Nothing (the API's null).
    Empty,
}

/// The columns, in order.
pub const HEADER: [&str; 14] = [
    "slug",
    "name",
    "team",
    "tier",
    "lifecycle",
    "score",
    "level",
    "gate",
    "review_state",
    "items_applicable",
    "items_met",
    "items_failing",
    "open_blockers",
    "score_change",
];

/// `value` as one RFC 4180 field: quoted (quotes doubled) when it holds a comma, a double
/// quote, CR or LF; as is otherwise.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// Text a spreadsheet would not run: a leading `'` before `=`, `+`, `-`, `@`, tab or CR.
fn guarded(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn cell(c: Cell<'_>) -> String {
    match c {
        Cell::Text(t) => csv_field(&guarded(t)),
        // `{}` on f64 writes the shortest text that reads back as the same number, as JSON
        // does (`70`, `66.66666666666667`, `-30`).
        Cell::Number(n) => format!("{n}"),
        Cell::Empty => String::new(),
    }
}

fn line(out: &mut String, cells: Vec<Cell<'_>>) {
    let fields: Vec<String> = cells.into_iter().map(cell).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn number(v: Option<f64>) -> Cell<'static> {
    v.map_or(Cell::Empty, Cell::Number)
}

fn text(v: Option<&str>) -> Cell<'_> {
    v.map_or(Cell::Empty, Cell::Text)
}

/// The report's services as CSV: the [`HEADER`] row, then one row per service by slug.
pub fn csv(r: &ReportDoc) -> String {
    let mut out = String::new();
    line(&mut out, HEADER.iter().map(|h| Cell::Text(h)).collect());
    for s in &r.services {
        line(
            &mut out,
            vec![
                Cell::Text(&s.slug),
                Cell::Text(&s.name),
                Cell::Text(&s.team),
                Cell::Text(&s.tier),
                Cell::Text(&s.lifecycle),
                number(s.score),
                number(s.level.map(f64::from)),
                text(s.gate.as_deref()),
                text(s.review_state.as_deref()),
                Cell::Number(f64::from(s.items_applicable)),
                Cell::Number(f64::from(s.items_met)),
                Cell::Number(f64::from(s.items_failing)),
                Cell::Number(f64::from(s.open_blockers)),
                number(s.score_change),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_rfc_4180_needs_it() {
        assert_eq!(csv_field("ledger"), "ledger");
        assert_eq!(csv_field("Pay, billing"), "\"Pay, billing\"");
        assert_eq!(csv_field("the \"core\" one"), "\"the \"\"core\"\" one\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn text_that_looks_like_a_formula_is_defused_but_numbers_stay_numbers() {
        for formula in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guarded(formula), format!("'{formula}"), "{formula:?}");
        }
        assert_eq!(guarded("ledger"), "ledger");
        assert_eq!(
            cell(Cell::Text("=HYPERLINK(\"http://x\",\"y\")")),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell(Cell::Number(-30.0)), "-30");
        assert_eq!(cell(Cell::Number(200.0 / 3.0)), "66.66666666666667");
        assert_eq!(cell(Cell::Number(0.5)), "0.5");
        assert_eq!(cell(Cell::Empty), "");
    }

    #[test]
    fn every_line_ends_with_crlf() {
        let mut out = String::new();
        line(
            &mut out,
            vec![Cell::Text("a,b"), Cell::Number(1.0), Cell::Empty],
        );
        assert_eq!(out, "\"a,b\",1,\r\n");
    }
}
