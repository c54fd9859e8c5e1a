//! `orrery verify`: run automated checks from the command line (CI jobs, cron).

use crate::app::{redact, system_actor};
use crate::services::templates::TemplateRegistry;
use crate::services::verification::VerificationReport;
use crate::services::{Services, SystemClock};
use crate::store::Database;
use crate::verify::CheckOutcome;
use anyhow::Context;
use clap::Args;
use std::process::ExitCode;
use std::sync::Arc;

/// Flags of `orrery verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Slug of the service to verify (repeatable).
    #[arg(long = "service", required_unless_present = "all")]
    services: Vec<String>,
    /// Verify every service that is not archived.
    #[arg(long, conflicts_with = "services")]
    all: bool,
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

fn print(slug: &str, r: &VerificationReport) {
    let count = |o: CheckOutcome| r.items.iter().filter(|i| i.result.outcome == o).count();
    println!(
        "{slug}: {} checked ({} pass, {} fail, {} error, {} n/a), {} skipped, {} flagged{}",
        r.items.len(),
        count(CheckOutcome::Pass),
        count(CheckOutcome::Fail),
        count(CheckOutcome::Error),
        count(CheckOutcome::NotApplicable),
        r.skipped.len(),
        r.items.iter().filter(|i| i.flagged).count(),
        r.commit
            .as_deref()
            .map(|c| format!(" at {c}"))
            .unwrap_or_default(),
    );
    for i in r
        .items
        .iter()
        .filter(|i| i.result.outcome != CheckOutcome::Pass)
    {
        println!(
            "  {:?} {}: {}",
            i.result.outcome, i.item_key, i.result.evidence.summary
        );
    }
}

/// Runs the verification and prints one summary per service; exit 2 if any could not run.
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
    let actor = system_actor();
    let mut failed = false;
    for slug in &slugs {
        match services.verify_service(&actor, slug).await {
            Ok(report) => print(slug, &report),
            Err(e) => {
                failed = true;
                eprintln!("{slug}: cannot verify: {e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
