//! `orrery report`: the portfolio report as a file (HTML, Markdown, CSV or JSON), read from
//! a running server (`--server`, with a token) or straight from the database, always
//! through the same GraphQL query ([`crate::export::REPORT_QUERY`]).

use crate::app::{redact, system_actor};
use crate::export::{
    self, Format, ReportRequest, ReportValue, parse_since, parse_until, report_of_response,
};
use crate::graphql::build_schema;
use crate::services::templates::TemplateRegistry;
use crate::services::{Services, SystemClock};
use crate::store::Database;
use anyhow::Context;
use chrono::Utc;
use clap::Args;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Flags of `orrery report`.
#[derive(Args)]
pub struct ReportArgs {
    /// Output format: html, md (Markdown), csv or json.
    #[arg(long, default_value = "md", value_parser = Format::parse)]
    format: Format,
    /// Only services of this team (slug; repeatable).
    #[arg(long = "team")]
    teams: Vec<String>,
    /// Only services of this tier (tier1 … tier4; repeatable).
    #[arg(long = "tier")]
    tiers: Vec<String>,
    /// Only services at this lifecycle stage (planned, development, beta, production,
    /// deprecated; repeatable).
    #[arg(long = "lifecycle")]
    lifecycles: Vec<String>,
    /// Start of the period (YYYY-MM-DD or RFC 3339; default 12 weeks before its end).
    #[arg(long)]
    since: Option<String>,
    /// End of the period (YYYY-MM-DD, the whole day included, or RFC 3339; default now).
    #[arg(long)]
    until: Option<String>,
    /// Write to this file (atomically: a temporary file renamed into place) instead of
    /// standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Ask a running Orrery server (e.g. `https://orrery.example`) instead of the database;
    /// service names then link to its pages.
    #[arg(long, env = "ORRERY_SERVER", conflicts_with = "database_url")]
    server: Option<String>,
    /// API token for `--server`. Prefer the environment variable to the flag.
    #[arg(long, env = "ORRERY_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Read the database directly.
    #[arg(
        long,
        env = "ORRERY_DATABASE_URL",
        default_value = "sqlite://orrery.db?mode=rwc"
    )]
    database_url: String,
}

/// Never prints the token.
impl std::fmt::Debug for ReportArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportArgs")
            .field("format", &self.format)
            .field("teams", &self.teams)
            .field("tiers", &self.tiers)
            .field("lifecycles", &self.lifecycles)
            .field("since", &self.since)
            .field("until", &self.until)
            .field("output", &self.output)
            .field("server", &self.server)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

impl ReportArgs {
    /// The filter and period the flags ask for; a bad value names its flag.
    fn request(&self) -> Result<ReportRequest, String> {
        let mut r = ReportRequest {
            teams: self.teams.iter().map(|t| t.trim().to_owned()).collect(),
            ..ReportRequest::default()
        };
        for t in &self.tiers {
            r.add_tier("--tier", t)?;
        }
        for l in &self.lifecycles {
            r.add_lifecycle("--lifecycle", l)?;
        }
        r.from = self
            .since
            .as_deref()
            .map(|v| parse_since("--since", v))
            .transpose()?;
        r.to = self
            .until
            .as_deref()
            .map(|v| parse_until("--until", v))
            .transpose()?;
        Ok(r)
    }
}

async fn from_server(
    server: &str,
    token: Option<&str>,
    request: &ReportRequest,
) -> anyhow::Result<ReportValue> {
    let url = format!("{}/graphql", server.trim_end_matches('/'));
    let mut post = reqwest::Client::new()
        .post(&url)
        .json(&json!({"query": export::REPORT_QUERY, "variables": request.variables()}));
    post = match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => post.bearer_auth(token),
        // A local-mode server records reads under this name; others answer 401.
        None => post.header("x-orrery-actor", "orrery-report"),
    };
    let response = post
        .send()
        .await
        .with_context(|| format!("cannot reach {url}"))?;
    let status = response.status();
    // Read as a GraphQL value, which keeps the API's field order for `--format json`.
    let body: ReportValue = response
        .json()
        .await
        .with_context(|| format!("the server's answer ({status}) is not JSON"))?;
    Ok(report_of_response(body)?)
}

async fn from_database(url: &str, request: &ReportRequest) -> anyhow::Result<ReportValue> {
    let db = Database::connect(url)
        .await
        .with_context(|| format!("cannot open database {}", redact(url)))?;
    // Templates come from the database (reviews pin stored versions); nothing is written.
    let templates =
        Arc::new(TemplateRegistry::new(None, "orr-standard").map_err(anyhow::Error::msg)?);
    let services = Services::new(db, templates, Arc::new(SystemClock));
    let schema = build_schema(Some(services.clone()));
    Ok(export::execute(&schema, &services, system_actor(), request).await?)
}

/// Writes `content` to `path` atomically: a temporary file beside it, then a rename, so a
/// reader never sees half a report and a failure leaves any old file as it was.
fn write_atomically(path: &Path, content: &str) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("--output: `{}` is not a file name", path.display()))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create(&temp)
        .and_then(|mut f| {
            f.write_all(content.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// Builds the report and writes it; exit 0, or 2 with the reason when it cannot be had.
pub async fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let request = match args.request() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let report = match &args.server {
        Some(server) => from_server(server, args.token.as_deref(), &request).await,
        None => from_database(&args.database_url, &request).await,
    };
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot build the report: {e:#}");
            return Ok(ExitCode::from(2));
        }
    };
    let base = args
        .server
        .as_deref()
        .map(|s| s.trim_end_matches('/').to_owned());
    let meta = request.meta(Utc::now(), base);
    let content = export::render(args.format, &report, &meta)
        .context("the API's report does not have the expected shape")?;
    match &args.output {
        Some(path) => write_atomically(path, &content)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(content.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: ReportArgs,
    }

    fn parse(flags: &[&str]) -> ReportArgs {
        let mut argv = vec!["orrery"];
        argv.extend_from_slice(flags);
        Cli::try_parse_from(argv).expect("flags parse").args
    }

    #[test]
    fn flags_become_the_query_variables() {
        let args = parse(&[
            "--format",
            "csv",
            "--team",
            "pay",
            "--team",
            "search",
            "--tier",
            "tier1",
            "--lifecycle",
            "PRODUCTION",
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-31",
        ]);
        assert_eq!(args.format, Format::Csv);
        assert_eq!(
            args.request().unwrap().variables(),
            json!({"filter": {"teams": ["pay", "search"], "tiers": ["TIER1"],
                "lifecycles": ["PRODUCTION"]},
                "from": "2026-03-01T00:00:00+00:00", "to": "2026-03-31T23:59:59+00:00"})
        );
        assert_eq!(parse(&[]).format, Format::Markdown);
    }

    #[test]
    fn bad_values_name_their_flag_and_value() {
        let e = parse(&["--since", "2026-13-01"]).request().unwrap_err();
        assert!(e.contains("--since") && e.contains("`2026-13-01`"), "{e}");
        let e = parse(&["--until", "soon"]).request().unwrap_err();
        assert!(e.contains("--until") && e.contains("`soon`"), "{e}");
        let e = parse(&["--tier", "gold"]).request().unwrap_err();
        assert!(e.contains("--tier") && e.contains("`gold`"), "{e}");
        let bad = Cli::try_parse_from(["orrery", "--format", "pdf"])
            .err()
            .unwrap();
        assert!(bad.to_string().contains("`pdf`"), "{bad}");
    }

    #[test]
    fn the_token_is_never_printed() {
        let args = parse(&["--server", "http://x", "--token", "secret-token-1"]);
        let shown = format!("{args:?}");
        assert!(
            !shown.contains("secret-token-1") && shown.contains("<redacted>"),
            "{shown}"
        );
    }

    #[test]
    fn output_files_are_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("orrery-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.md");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, "new report").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new report");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        assert!(write_atomically(&dir.join("missing/report.md"), "x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
