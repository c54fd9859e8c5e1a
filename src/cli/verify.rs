//! `orrery verify`: run automated checks from the command line (CI jobs, cron).
//!
//! Each service is verified through the GraphQL mutation `verifyService`, executed
//! in-process, so the command reports in the API's words: outcomes as `PASS`, `FAIL`,
//! `ERROR` and `NOT_APPLICABLE`, and with `--format json` the very object the API returns.

use crate::app::{redact, system_actor};
use crate::graphql::{build_schema, request_data};
use crate::services::templates::TemplateRegistry;
use crate::services::{Services, SystemClock};
use crate::store::Database;
use anyhow::Context;
use async_graphql::{Name, Value as GqlValue};
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use std::process::ExitCode;
use std::sync::Arc;

/// Fields of `VerificationReport` the command asks for (all of them; a test keeps the list
/// in step with the schema).
const REPORT_FIELDS: &str = "reviewId source commit";
/// Fields of `VerifiedItem`.
const ITEM_FIELDS: &str = "itemKey outcome summary path line object applied flagged";
/// Fields of `SkippedItem`.
const SKIPPED_FIELDS: &str = "itemKey reason";

/// Exit status when every item ran (failing items included).
const EXIT_OK: u8 = 0;
/// Exit status when an item errored (a check could not run) and `--allow-errors` is off.
const EXIT_ITEM_ERRORS: u8 = 1;
/// Exit status when a service could not be verified at all.
const EXIT_NOT_VERIFIED: u8 = 2;

/// How `orrery verify` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One summary line per service, then every item that did not pass.
    Text,
    /// One JSON object keyed by service slug; each value is the service's `verifyService`
    /// report exactly as the GraphQL API returns it (`null` when it could not be verified).
    Json,
}

/// Flags of `orrery verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Slug of the service to verify (repeatable).
    #[arg(long = "service", required_unless_present = "all")]
    services: Vec<String>,
    /// Verify every service that is not archived.
    #[arg(long, conflicts_with = "services")]
    all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 0 even when items are `ERROR` (a check could not reach its source).
    #[arg(long)]
    allow_errors: bool,
    /// Database.
    #[arg(
        long,
        env = "ORRERY_DATABASE_URL",
        default_value = "sqlite://orrery.db?mode=rwc"
    )]
    database_url: String,
    /// Where checks read from.
    #[command(flatten)]
    sources: crate::config::SourceArgs,
}

/// The `verifyService` mutation selecting every field of the report.
fn document() -> String {
    format!(
        "mutation($s: String!) {{ verifyService(slug: $s) {{ {REPORT_FIELDS} \
         items {{ {ITEM_FIELDS} }} skipped {{ {SKIPPED_FIELDS} }} }} }}"
    )
}

/// Runs `verifyService` for `slug` as the system actor: the report as the API returns it
/// (fields in the API's order), or the API's error message with its code.
async fn verify_one(services: &Services, slug: &str) -> Result<GqlValue, String> {
    let schema = build_schema(Some(services.clone()));
    let (loaders, actor) = request_data(services, system_actor());
    let request = async_graphql::Request::new(document())
        .variables(async_graphql::Variables::from_json(json!({ "s": slug })))
        .data(loaders)
        .data(actor);
    let response = schema.execute(request).await;
    if let Some(e) = response.errors.first() {
        let code = match e.extensions.as_ref().and_then(|x| x.get("code")) {
            Some(async_graphql::Value::String(code)) => code.as_str(),
            _ => "VALIDATION",
        };
        return Err(format!("{} ({code})", e.message));
    }
    match response.data {
        GqlValue::Object(mut data) => Ok(data.shift_remove("verifyService").unwrap_or_default()),
        other => Err(format!("the API answered {other} instead of a report")),
    }
}

fn items(report: &Value) -> &[Value] {
    report["items"].as_array().map_or(&[], Vec::as_slice)
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// Items whose outcome is `ERROR`.
fn errored(report: &Value) -> usize {
    items(report)
        .iter()
        .filter(|i| text(i, "outcome") == "ERROR")
        .count()
}

/// One summary line, then every item that did not pass, in the API's words.
fn print_text(slug: &str, report: &Value) {
    let items = items(report);
    let count = |o: &str| items.iter().filter(|i| text(i, "outcome") == o).count();
    let skipped = report["skipped"].as_array().map_or(0, Vec::len);
    let flagged = items.iter().filter(|i| i["flagged"] == true).count();
    let commit = report["commit"]
        .as_str()
        .map(|c| format!(" at {c}"))
        .unwrap_or_default();
    println!(
        "{slug}: {} checked ({} PASS, {} FAIL, {} ERROR, {} NOT_APPLICABLE), {skipped} skipped, \
         {flagged} flagged{commit}",
        items.len(),
        count("PASS"),
        count("FAIL"),
        count("ERROR"),
        count("NOT_APPLICABLE"),
    );
    for i in items.iter().filter(|i| text(i, "outcome") != "PASS") {
        let place = match (i["path"].as_str(), i["line"].as_i64()) {
            (Some(path), Some(line)) => format!(" [{path}:{line}]"),
            (Some(path), None) => format!(" [{path}]"),
            _ => String::new(),
        };
        let place = match i["object"].as_str() {
            Some(object) => format!("{place} [{object}]"),
            None => place,
        };
        let flag = if i["flagged"] == true {
            " (flagged)"
        } else {
            ""
        };
        println!(
            "  {} {}{flag}: {}{place}",
            text(i, "outcome"),
            text(i, "itemKey"),
            text(i, "summary")
        );
    }
}

/// Runs the verification and prints the results; exit 0 when every item ran, 1 when an item
/// is `ERROR` (0 with `--allow-errors`), 2 when a service could not be verified.
pub async fn run(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let db = Database::connect(&args.database_url)
        .await
        .with_context(|| format!("cannot open database {}", redact(&args.database_url)))?;
    db.migrate().await.context("database migration failed")?;
    let templates =
        Arc::new(TemplateRegistry::new(None, "orr-standard").map_err(anyhow::Error::msg)?);
    let services = Services::new(db, templates, Arc::new(SystemClock))
        .with_sources(crate::app::verify_sources(&args.sources)?);
    let slugs = if args.all {
        let rows = services
            .active_services()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        rows.into_iter().map(|s| s.slug).collect()
    } else {
        args.services
    };
    let mut not_verified = false;
    let mut item_errors = 0;
    let mut reports = async_graphql::indexmap::IndexMap::new();
    for slug in &slugs {
        let report = match verify_one(&services, slug).await {
            Ok(report) => report,
            Err(e) => {
                not_verified = true;
                eprintln!("{slug}: cannot verify: {e}");
                reports.insert(Name::new(slug), GqlValue::Null);
                continue;
            }
        };
        let plain = report.clone().into_json()?;
        item_errors += errored(&plain);
        if args.format == Format::Text {
            print_text(slug, &plain);
        }
        reports.insert(Name::new(slug), report);
    }
    if args.format == Format::Json {
        let all = GqlValue::Object(reports);
        println!("{}", serde_json::to_string_pretty(&all)?);
    }
    let code = if not_verified {
        EXIT_NOT_VERIFIED
    } else if item_errors > 0 && !args.allow_errors {
        eprintln!(
            "{item_errors} item{} could not be checked (ERROR); pass --allow-errors to exit 0 \
             anyway",
            if item_errors == 1 { "" } else { "s" }
        );
        EXIT_ITEM_ERRORS
    } else {
        EXIT_OK
    };
    Ok(ExitCode::from(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of the GraphQL type `name`, sorted.
    async fn fields(name: &str) -> Vec<String> {
        let query = format!("{{ __type(name: \"{name}\") {{ fields {{ name }} }} }}");
        let response = build_schema(None).execute(query.as_str()).await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().expect("json");
        let mut names: Vec<String> = data["__type"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["name"].as_str().expect("name").to_owned())
            .collect();
        names.sort();
        names
    }

    fn sorted(words: &str, extra: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = words.split_whitespace().map(str::to_owned).collect();
        all.extend(extra.iter().map(|s| (*s).to_owned()));
        all.sort();
        all
    }

    #[tokio::test]
    async fn the_command_asks_for_every_field_of_the_report() {
        assert_eq!(
            fields("VerificationReport").await,
            sorted(REPORT_FIELDS, &["items", "skipped"])
        );
        assert_eq!(fields("VerifiedItem").await, sorted(ITEM_FIELDS, &[]));
        assert_eq!(fields("SkippedItem").await, sorted(SKIPPED_FIELDS, &[]));
    }

    #[test]
    fn errored_items_are_counted_by_the_api_outcome() {
        let report = json!({"items": [
            {"itemKey": "a", "outcome": "ERROR"},
            {"itemKey": "b", "outcome": "FAIL"},
            {"itemKey": "c", "outcome": "ERROR"},
        ]});
        assert_eq!(errored(&report), 2);
        assert_eq!(errored(&json!({"items": []})), 0);
    }
}
