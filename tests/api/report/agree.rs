//! Whether the four export formats say the same thing: the CSV's rows are the JSON's
//! services, and the Markdown and the HTML show every headline figure of the JSON.

use serde_json::Value;

/// An RFC 4180 document's rows (CRLF line ends required, quoted fields unquoted).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF ends a line"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && row.is_empty() && field.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

/// A Markdown cell as read: link text instead of the link, escapes removed.
fn md_cell(cell: &str) -> String {
    let cell = cell.trim();
    let text = match (cell.strip_prefix('['), cell.find("](")) {
        (Some(_), Some(end)) => {
            let close = cell[end..].find(')').map_or(cell.len(), |i| end + i + 1);
            format!("{}{}", &cell[1..end], &cell[close..])
        }
        _ => cell.to_owned(),
    };
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// The rows of every Markdown table, cells as read.
pub fn md_rows(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| {
            let inner = l.trim().trim_start_matches('|').trim_end_matches('|');
            let mut cells = vec![String::new()];
            let mut escaped = false;
            for c in inner.chars() {
                match c {
                    '|' if !escaped => cells.push(String::new()),
                    _ => cells.last_mut().unwrap().push(c),
                }
                escaped = c == '\\' && !escaped;
            }
            cells.iter().map(|c| md_cell(c)).collect()
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of every HTML table, cells as text.
pub fn html_rows(html: &str) -> Vec<Vec<String>> {
    html.split("<tr>")
        .skip(1)
        .map(|chunk| {
            let row = &chunk[..chunk.find("</tr>").unwrap_or(chunk.len())];
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(start) = rest.find("<t") {
                let after = &rest[start..];
                let Some(open_end) = after.find('>') else {
                    break;
                };
                let body = &after[open_end + 1..];
                let close = body
                    .find("</td>")
                    .into_iter()
                    .chain(body.find("</th>"))
                    .min()
                    .unwrap_or(body.len());
                cells.push(strip_tags(&body[..close]));
                rest = &body[close..];
                rest = rest.get(5..).unwrap_or("");
            }
            cells
        })
        .collect()
}

fn has_row(rows: &[Vec<String>], what: &str, pred: impl Fn(&[String]) -> bool) {
    assert!(
        rows.iter().any(|r| pred(r)),
        "no row for {what} in {rows:#?}"
    );
}

/// Every format agrees with `report` (the JSON); `base` is the server's address when
/// service names link to it.
pub fn assert_formats_agree(report: &Value, csv: &str, md: &str, html: &str, base: Option<&str>) {
    // CSV: one row per service, every cell the JSON's.
    let rows = parse_csv(csv);
    let services = report["services"].as_array().unwrap();
    assert_eq!(rows.len(), services.len() + 1, "{csv}");
    let header = &rows[0];
    for (row, s) in rows[1..].iter().zip(services) {
        for (i, column) in header.iter().enumerate() {
            let key = match column.as_str() {
                "review_state" => "reviewState",
                "items_applicable" => "itemsApplicable",
                "items_met" => "itemsMet",
                "items_failing" => "itemsFailing",
                "open_blockers" => "openBlockers",
                "score_change" => "scoreChange",
                other => other,
            };
            let cell = &row[i];
            match &s[key] {
                Value::Null => assert_eq!(cell, "", "{key} of {}", s["slug"]),
                Value::Number(n) => assert_eq!(
                    cell.parse::<f64>().ok(),
                    n.as_f64(),
                    "{key} of {}",
                    s["slug"]
                ),
                Value::String(text) => assert_eq!(cell, text, "{key} of {}", s["slug"]),
                other => panic!("{key}: {other}"),
            }
        }
    }

    let md_table = md_rows(md);
    let html_table = html_rows(html);
    let overall = &report["readiness"]["overall"];
    for (label, key) in [
        ("GO", "go"),
        ("GO with conditions", "goWithConditions"),
        ("NO-GO", "noGo"),
        ("Never scored", "unscored"),
    ] {
        let f = &overall[key];
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("- {label}: **{}**", f["count"])))
            .unwrap_or_else(|| panic!("no `{label}` count in\n{md}"));
        for slug in f["services"].as_array().unwrap() {
            assert!(line.contains(slug.as_str().unwrap()), "{line}");
        }
        let tile = format!(
            "<span class=\"tile__label\">{label}</span><span class=\"tile__count\">{}</span>",
            f["count"]
        );
        assert!(html.contains(&tile), "no `{label}` tile in the HTML");
    }
    for team in report["readiness"]["byTeam"].as_array().unwrap() {
        let m = &team["mix"];
        let expected: Vec<String> = std::iter::once(team["team"].as_str().unwrap().to_owned())
            .chain(
                ["total", "go", "goWithConditions", "noGo", "unscored"]
                    .iter()
                    .map(|k| m[k]["count"].to_string()),
            )
            .collect();
        for rows in [&md_table, &html_table] {
            has_row(rows, &format!("team {expected:?}"), |r| {
                r == expected.as_slice()
            });
        }
    }
    for item in report["fixFirst"].as_array().unwrap() {
        let key = item["itemKey"].as_str().unwrap();
        let weight = item["weight"].to_string();
        for rows in [&md_table, &html_table] {
            has_row(rows, key, |r| {
                r.iter().any(|c| c.contains(key)) && r.contains(&weight)
            });
        }
    }
    let movers = &report["movers"];
    let all = movers["mostImproved"]
        .as_array()
        .unwrap()
        .iter()
        .chain(movers["biggestDrops"].as_array().unwrap());
    for m in all {
        let service = m["service"].as_str().unwrap();
        let delta = format!("{:+.1}", m["delta"].as_f64().unwrap());
        for rows in [&md_table, &html_table] {
            has_row(rows, &format!("{service} {delta}"), |r| {
                r.first().is_some_and(|c| c == service) && r.contains(&delta)
            });
        }
    }
    for cell in report["heatMap"].as_array().unwrap() {
        let Some(share) = cell["share"].as_f64() else {
            continue;
        };
        let percent = format!("{:.0}%", share * 100.0);
        let team = cell["team"].as_str().unwrap();
        for rows in [&md_table, &html_table] {
            has_row(rows, &format!("{team} {percent}"), |r| {
                r.first().is_some_and(|c| c == team) && r.iter().any(|c| c.starts_with(&percent))
            });
        }
    }

    // The HTML stands alone: nothing loaded from elsewhere, links only to service pages.
    for external in [
        "<link", "<script", "src=", "url(", "@import", "<iframe", "<img",
    ] {
        assert!(!html.contains(external), "the HTML has `{external}`");
    }
    for (i, _) in html.match_indices("href=\"") {
        let target = &html[i + 6..];
        let base = base.expect("links only when the server's address is known");
        assert!(
            target.starts_with(&format!("{base}/services/")),
            "a link elsewhere: {}",
            &target[..target.len().min(80)]
        );
    }
    if let Some(base) = base {
        let first = services[0]["slug"].as_str().unwrap();
        let link = format!("{base}/services/{first}");
        assert!(
            html.contains(&format!("href=\"{link}\"")),
            "no link to {link}"
        );
        assert!(md.contains(&format!("]({link})")) || md.contains(&format!("](<{link}>)")));
    }
}
