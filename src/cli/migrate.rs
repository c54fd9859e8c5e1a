//! `orrery migrate`.

use crate::app::redact;
use crate::config::DatabaseArgs;
use crate::store::Database;
use anyhow::Context;
use std::process::ExitCode;

pub async fn run(args: DatabaseArgs) -> anyhow::Result<ExitCode> {
    let db = Database::connect(&args.database_url)
        .await
        .with_context(|| format!("cannot open database {}", redact(&args.database_url)))?;
    db.migrate().await.context("migration failed")?;
    println!("database is up to date ({})", db.backend_name());
    Ok(ExitCode::SUCCESS)
}
