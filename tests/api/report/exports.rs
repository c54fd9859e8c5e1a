//! Report exports: the known portfolio downloaded from `GET /reports/export` and written by
//! `orrery report --database-url` in all four formats, and the formats agree with each
//! other and with the GraphQL API, on both databases.

use super::agree::{assert_formats_agree, parse_csv};
use super::fixture::seed;
use crate::dual_test;
use crate::helpers::TestApp;
use chrono::{Duration, SecondsFormat, Utc};
use orrery::export::REPORT_QUERY;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::{Command, Output};

dual_test!(
    the_four_formats_agree_from_the_route_and_the_command_line,
    bad_exports_are_refused_with_the_reason
);

/// A fixed period around the portfolio (built just now): 12 weeks back to an hour ahead.
fn period() -> (String, String) {
    let now = Utc::now();
    let at = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    (at(now - Duration::weeks(12)), at(now + Duration::hours(1)))
}

/// `GET /reports/export?QUERY`: status, headers and body.
pub async fn download(
    app: &TestApp,
    query: &str,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = app
        .client
        .get(format!("{}/reports/export?{query}", app.base))
        .header("x-orrery-actor", "carol")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

fn orrery(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orrery"))
        .arg("report")
        .args(args)
        .env_remove("ORRERY_SERVER")
        .env_remove("ORRERY_TOKEN")
        .output()
        .unwrap()
}

/// `orrery report --database-url … --format FORMAT` over the period: what it wrote.
fn command_line(app: &TestApp, format: &str, since: &str, until: &str) -> String {
    let base = [
        "--database-url",
        &app.database_url,
        "--format",
        format,
        "--since",
        since,
        "--until",
        until,
    ];
    if format == "html" {
        // One format through --output, to a file replaced whole.
        let dir = std::env::temp_dir().join(format!("orrery-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!(
            "report-{}.html",
            app.base.replace([':', '/', '.'], "")
        ));
        let mut args = base.to_vec();
        let file = path.to_str().unwrap().to_owned();
        args.extend(["--output", &file]);
        let out = orrery(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "--output writes nothing to stdout");
        let html = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        return html;
    }
    let out = orrery(&base);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn the_four_formats_agree_from_the_route_and_the_command_line(app: TestApp) {
    seed(&app, Utc::now()).await;
    let (since, until) = period();
    let q = |format: &str| format!("format={format}&since={since}&until={until}");

    // JSON is the GraphQL value itself.
    let (status, headers, json_text) = download(&app, &q("json")).await;
    assert_eq!(status, StatusCode::OK, "{json_text}");
    let report: Value = serde_json::from_str(&json_text).unwrap();
    let api = app
        .ok(
            REPORT_QUERY,
            json!({"filter": {}, "from": since, "to": until}),
        )
        .await["portfolioReport"]
        .clone();
    assert_eq!(report, api, "the JSON export is the API's answer");
    assert_eq!(report["services"].as_array().unwrap().len(), 4);
    let today = Utc::now().format("%Y-%m-%d");
    for (format, content_type) in [
        ("html", "text/html; charset=utf-8"),
        ("md", "text/markdown; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8; header=present"),
        ("json", "application/json"),
    ] {
        let (status, headers, body) = download(&app, &q(format)).await;
        assert_eq!(status, StatusCode::OK, "{format}: {body}");
        assert_eq!(headers["content-type"], content_type);
        assert_eq!(
            headers["content-disposition"],
            format!("attachment; filename=\"orrery-report-{today}.{format}\"").as_str()
        );
    }
    assert_eq!(headers["content-type"], "application/json");

    let (_, _, csv) = download(&app, &q("csv")).await;
    let (_, _, md) = download(&app, &q("md")).await;
    let (_, _, html) = download(&app, &q("html")).await;
    // Served by a server without --public-url: service links go to the address asked.
    assert_formats_agree(&report, &csv, &md, &html, Some(&app.base));

    // The command line, reading the database: the same JSON and CSV, the same figures.
    let cli_json: Value =
        serde_json::from_str(&command_line(&app, "json", &since, &until)).unwrap();
    assert_eq!(cli_json, report);
    let cli_csv = command_line(&app, "csv", &since, &until);
    assert_eq!(cli_csv, csv);
    assert_eq!(parse_csv(&cli_csv).len(), 5, "a header and four services");
    let cli_md = command_line(&app, "md", &since, &until);
    let cli_html = command_line(&app, "html", &since, &until);
    assert_formats_agree(&report, &cli_csv, &cli_md, &cli_html, None);

    // A filtered export covers only the team's services.
    let (_, _, pay) = download(&app, &format!("format=csv&team=pay&tier=&since={since}")).await;
    let slugs: Vec<String> = parse_csv(&pay)[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(slugs, ["billing", "ledger"]);
}

async fn bad_exports_are_refused_with_the_reason(app: TestApp) {
    seed(&app, Utc::now()).await;
    for (query, words) in [
        ("format=pdf", vec!["format", "“pdf”"]),
        ("format=csv&team=nope", vec!["“nope”"]),
        ("since=2026-02-30", vec!["since", "“2026-02-30”"]),
        ("until=tomorrow", vec!["until", "“tomorrow”"]),
        ("tier=gold", vec!["tier", "“gold”"]),
    ] {
        let (status, _, body) = download(&app, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        for w in words {
            assert!(body.contains(w), "{query}: {w} missing from {body}");
        }
    }
    for (args, words) in [
        (vec!["--team", "nope"], vec!["`nope`"]),
        (
            vec!["--since", "2026-13-01"],
            vec!["--since", "`2026-13-01`"],
        ),
        (
            vec!["--lifecycle", "retired"],
            vec!["--lifecycle", "`retired`"],
        ),
    ] {
        let mut all = vec!["--database-url", app.database_url.as_str()];
        all.extend(args.iter().copied());
        let out = orrery(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        for w in words {
            assert!(stderr.contains(w), "{args:?}: {w} missing from {stderr}");
        }
    }
}
