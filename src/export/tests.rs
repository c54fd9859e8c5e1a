//! Unit tests of the renderers: the query asks for every field, hostile names stay inert in
//! every format, and the formats agree on a hand-made report.

use super::*;
use crate::graphql::build_schema;
use async_graphql::parser::parse_query;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use chrono::TimeZone;
use serde_json::json;
use std::collections::BTreeSet;

/// The field paths a selection set selects, fragments expanded (`a.b.c`).
fn selected(
    doc: &ExecutableDocument,
    set: &SelectionSet,
    prefix: &str,
    out: &mut BTreeSet<String>,
) {
    for s in &set.items {
        match &s.node {
            Selection::Field(f) => {
                let path = format!("{prefix}{}", f.node.name.node);
                out.insert(path.clone());
                selected(doc, &f.node.selection_set.node, &format!("{path}."), out);
            }
            Selection::FragmentSpread(spread) => {
                let fragment = &doc.fragments[&spread.node.fragment_name.node];
                selected(doc, &fragment.node.selection_set.node, prefix, out);
            }
            Selection::InlineFragment(inline) => {
                selected(doc, &inline.node.selection_set.node, prefix, out);
            }
        }
    }
}

/// Every field path under the GraphQL type `name` (introspected), objects recursed into.
async fn schema_paths(name: &str, prefix: &str, out: &mut BTreeSet<String>) {
    let query = format!(
        "{{ __type(name: \"{name}\") {{ fields {{ name type {{ kind name ofType {{ kind name \
         ofType {{ kind name ofType {{ kind name }} }} }} }} }} }} }}"
    );
    let response = build_schema(None).execute(query.as_str()).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data.into_json().unwrap();
    for f in data["__type"]["fields"].as_array().unwrap() {
        let path = format!("{prefix}{}", f["name"].as_str().unwrap());
        out.insert(path.clone());
        let mut ty = &f["type"];
        while ty["name"].is_null() {
            ty = &ty["ofType"];
        }
        if ty["kind"] == "OBJECT" {
            Box::pin(schema_paths(
                ty["name"].as_str().unwrap(),
                &format!("{path}."),
                out,
            ))
            .await;
        }
    }
}

#[tokio::test]
async fn the_query_asks_for_every_field_of_the_report() {
    let doc = parse_query(REPORT_QUERY).unwrap();
    let op = match &doc.operations {
        DocumentOperations::Single(op) => op,
        DocumentOperations::Multiple(ops) => {
            assert_eq!(ops.len(), 1, "one operation");
            ops.values().next().unwrap()
        }
    };
    let mut asked = BTreeSet::new();
    selected(&doc, &op.node.selection_set.node, "", &mut asked);
    let mut all = BTreeSet::new();
    schema_paths("PortfolioReport", "portfolioReport.", &mut all).await;
    all.insert("portfolioReport".into());
    assert_eq!(asked, all, "REPORT_QUERY is out of step with the schema");
}

fn fig(slugs: &[&str]) -> serde_json::Value {
    json!({"count": slugs.len(), "services": slugs})
}

fn mix(go: &[&str], gwc: &[&str], nogo: &[&str]) -> serde_json::Value {
    let all: Vec<&str> = go.iter().chain(gwc).chain(nogo).copied().collect();
    json!({"total": fig(&all), "go": fig(go), "goWithConditions": fig(gwc), "noGo": fig(nogo),
        "unscored": fig(&[]), "levels": [{"level": 1, "figure": fig(&all)}]})
}

/// A report whose team, service and item names try to break out of every format.
fn slo_risk() -> serde_json::Value {
    json!({"service": "a|b", "slo": "avail <b>|x</b>", "measuredAt": "2026-05-04T09:00:00Z",
        "state": "BREACHING", "budgetRemaining": -0.5, "burnRate1h": 20.0, "burnRate6h": null})
}

fn hostile() -> serde_json::Value {
    json!({
        "readiness": {
            "overall": mix(&["a|b"], &[], &["=cmd"]),
            "byTeam": [{"team": "t<script>", "mix": mix(&["a|b"], &[], &["=cmd"])}],
            "byTier": [{"tier": "TIER1", "mix": mix(&["a|b"], &[], &["=cmd"])}],
            "byLifecycle": [{"lifecycle": "PRODUCTION", "mix": mix(&["a|b"], &[], &["=cmd"])}],
            "productionUnapproved": fig(&["=cmd"]),
            "approvedOverNoGo": fig(&[]),
            "overrides": [],
        },
        "heatMap": [{"team": "t<script>", "category": "ops", "categoryTitle": "Ops & <b>on-call</b>",
            "applicable": 4, "met": 3, "share": 0.75, "services": fig(&["a|b", "=cmd"]),
            "servicesNotMet": fig(&["=cmd"])}],
        "fixFirst": [{"itemKey": "ops.owner", "title": "Owner | <img src=x onerror=alert(1)>",
            "category": "ops", "blocker": true, "weight": 4, "figure": fig(&["=cmd"])}],
        "risk": {"waiversExpiring": [], "waiversExpiringServices": fig(&[]),
            "waiversExpired": [], "waiversExpiredServices": fig(&[]),
            "overdueActionItems": [{"service": "=cmd", "title": "Fix \"it\", now", "owner": "bob",
                "dueDate": "2026-05-01"}],
            "overdueActionItemsServices": fig(&["=cmd"]),
            "reviewsOverdue": [{"service": "=cmd", "approvedAt": "2025-05-01T00:00:00Z",
                "dueAt": "2026-05-01T00:00:00Z", "reason": "AGE"}],
            "reviewsOverdueServices": fig(&["=cmd"]),
            "slosExhausted": [slo_risk()], "slosExhaustedServices": fig(&["a|b"]),
            "slosBurningFast": [slo_risk()], "slosBurningFastServices": fig(&["a|b"])},
        "trend": {"granularity": "WEEK", "points": [
            {"start": "2026-05-04T00:00:00Z", "services": 2, "meanScore": 60.0, "go": 1,
             "goWithConditions": 0, "noGo": 1, "levels": [{"level": 1, "count": 2}]}]},
        "movers": {"mostImproved": [{"service": "a|b", "before": 40.0, "after": 100.0,
            "delta": 60.0, "gateBefore": "NO_GO", "gateAfter": "GO",
            "itemsFixed": [{"key": "ops.owner", "title": "Owner | <i>x</i>"}],
            "itemsRegressed": []}], "biggestDrops": []},
        "services": [
            {"slug": "=cmd", "name": "-2+3", "team": "t<script>", "tier": "TIER1",
             "lifecycle": "PRODUCTION", "score": 20.0, "level": 1, "gate": "NO_GO",
             "reviewState": "DRAFT", "itemsApplicable": 3, "itemsMet": 1, "itemsFailing": 1,
             "openBlockers": 1, "scoreChange": -10.5},
            {"slug": "a|b", "name": "Pay, \"core\"\nline", "team": "t<script>", "tier": "TIER1",
             "lifecycle": "PRODUCTION", "score": 100.0, "level": 1, "gate": "GO",
             "reviewState": null, "itemsApplicable": 3, "itemsMet": 3, "itemsFailing": 0,
             "openBlockers": 0, "scoreChange": null},
        ],
    })
}

fn value(v: serde_json::Value) -> ReportValue {
    ReportValue::from_json(v).unwrap()
}

fn meta(base: Option<&str>) -> Meta {
    Meta {
        title: "Orrery reliability report".into(),
        filter: "Teams: all".into(),
        period: "2026-02-09 to 2026-05-04".into(),
        generated_at: Utc.with_ymd_and_hms(2026, 5, 4, 9, 30, 0).unwrap(),
        base_url: base.map(str::to_owned),
    }
}

#[test]
fn markdown_escapes_what_markdown_would_read() {
    assert_eq!(markdown_text("a|b"), "a\\|b");
    assert_eq!(
        markdown_text("*x* [l](u) <b>\nnext"),
        "\\*x\\* \\[l\\](u) \\<b\\> next"
    );
    let md = render(Format::Markdown, &value(hostile()), &meta(None)).unwrap();
    // Every row of a table keeps the table's column count: no unescaped `|` in a cell.
    let mut tables: Vec<Vec<usize>> = vec![Vec::new()];
    for line in md.lines() {
        if line.starts_with("| ") {
            let bars = line.replace("\\|", "").matches('|').count();
            tables.last_mut().unwrap().push(bars);
        } else if !tables.last().unwrap().is_empty() {
            tables.push(Vec::new());
        }
    }
    assert!(tables.len() > 3, "{md}");
    for t in tables.iter().filter(|t| !t.is_empty()) {
        assert!(t.iter().all(|n| *n == t[0]), "{t:?}\n{md}");
    }
    assert!(
        md.contains("a\\|b") && md.contains("Owner \\| \\<img"),
        "{md}"
    );
    assert!(!md.contains("<script>"), "{md}");
}

#[test]
fn html_escapes_every_string_and_links_only_service_pages() {
    let html = render(
        Format::Html,
        &value(hostile()),
        &meta(Some("https://orrery.example")),
    )
    .unwrap();
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(
        html.contains("t&#60;script&#62;") || html.contains("t&lt;script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://orrery.example/services/a%7Cb\""),
        "{html}"
    );
    let without = render(Format::Html, &value(hostile()), &meta(None)).unwrap();
    assert!(!without.contains("href="), "no base, no links");
}

#[test]
fn csv_rows_keep_numbers_and_defuse_formulas() {
    let csv = render(Format::Csv, &value(hostile()), &meta(None)).unwrap();
    let expected = "slug,name,team,tier,lifecycle,score,level,gate,review_state,items_applicable,\
items_met,items_failing,open_blockers,score_change\r\n\
'=cmd,'-2+3,t<script>,TIER1,PRODUCTION,20,1,NO_GO,DRAFT,3,1,1,1,-10.5\r\n\
a|b,\"Pay, \"\"core\"\"\nline\",t<script>,TIER1,PRODUCTION,100,1,GO,,3,3,0,0,\r\n";
    assert_eq!(csv, expected);
}

#[test]
fn json_is_the_api_value_pretty_printed_in_the_api_order() {
    let json = render(Format::Json, &value(hostile()), &meta(None)).unwrap();
    let back: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back, hostile());
    let api: ReportValue =
        serde_json::from_str(r#"{"zeta": 1, "alpha": {"b": [2], "a": null}}"#).unwrap();
    assert_eq!(
        render(Format::Json, &api, &meta(None)).unwrap(),
        "{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"b\": [\n      2\n    ],\n    \"a\": null\n  }\n}\n"
    );
}

#[test]
fn the_report_is_read_from_a_response_or_its_error() {
    let ok: ReportValue =
        serde_json::from_str(r#"{"data": {"portfolioReport": {"services": []}}}"#).unwrap();
    assert_eq!(
        report_of_response(ok).unwrap().into_json().unwrap(),
        json!({"services": []})
    );
    let err: ReportValue = serde_json::from_str(
        r#"{"data": null, "errors": [{"message": "no team has the slug `x`",
            "extensions": {"code": "VALIDATION"}}]}"#,
    )
    .unwrap();
    assert_eq!(
        report_of_response(err).unwrap_err().to_string(),
        "no team has the slug `x` (VALIDATION)"
    );
}

#[test]
fn a_report_of_another_shape_is_refused() {
    let mut bad = hostile();
    bad["services"] = json!("not a list");
    assert!(render(Format::Csv, &value(bad), &meta(None)).is_err());
}

#[test]
fn formats_name_their_files_and_types() {
    let at = Utc.with_ymd_and_hms(2026, 5, 4, 9, 30, 0).unwrap();
    let names: Vec<String> = Format::ALL.iter().map(|f| f.file_name(at)).collect();
    assert_eq!(
        names,
        [
            "orrery-report-2026-05-04.html",
            "orrery-report-2026-05-04.md",
            "orrery-report-2026-05-04.csv",
            "orrery-report-2026-05-04.json"
        ]
    );
    assert_eq!(Format::parse("markdown"), Ok(Format::Markdown));
    assert_eq!(
        Format::Csv.content_type(),
        "text/csv; charset=utf-8; header=present"
    );
}
