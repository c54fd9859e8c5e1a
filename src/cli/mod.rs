//! Command-line interface: one module per subcommand.

mod check;
mod checklists;
mod gate;
mod manifest;
mod migrate;
mod report;
mod schema;
mod serve;
mod verify;

use crate::config::{DatabaseArgs, ServeArgs};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Orrery: operational readiness reviews and reliability scorecards.
#[derive(Debug, Parser)]
#[command(name = "orrery", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the GraphQL API (migrates the database and loads checklists first).
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Work with checklist templates.
    Checklists {
        #[command(subcommand)]
        command: ChecklistsCommand,
    },
    /// Judge a service's launch gate (exit 0 GO, 1 NO_GO; GO_WITH_CONDITIONS is 0 unless --strict).
    Gate(gate::GateArgs),
    /// Judge a change (pull request) in a CI job: repository checks at base and head
    /// (exit 0 nothing blocks, 1 the policy blocks it, 2 it could not be evaluated).
    Check(check::CheckArgs),
    /// Write the portfolio report as HTML, Markdown, CSV or JSON (the same numbers in each).
    Report(report::ReportArgs),
    /// Run the automated checks of services' current reviews and record the results.
    Verify(verify::VerifyArgs),
    /// Work with `orrery.yaml` service manifests (readiness as code).
    Manifest {
        #[command(subcommand)]
        command: ManifestCommand,
    },
    /// Print the GraphQL schema (SDL).
    ExportSchema {
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ChecklistsCommand {
    /// Validate template files or directories (default: `checklists/`).
    Validate {
        /// Files or directories of `*.yaml` templates.
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ManifestCommand {
    /// Print the JSON Schema of `orrery.yaml`.
    Schema,
    /// Check an `orrery.yaml`; prints `file:line:col: message` per problem, exit 1 if invalid.
    Validate {
        /// The manifest file.
        file: PathBuf,
    },
}

impl Cli {
    /// Runs the chosen subcommand.
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Serve(args) => serve::run(*args).await,
            Command::Migrate(args) => migrate::run(args).await,
            Command::Checklists {
                command: ChecklistsCommand::Validate { paths },
            } => checklists::validate(paths),
            Command::Manifest { command } => match command {
                ManifestCommand::Schema => manifest::schema(),
                ManifestCommand::Validate { file } => manifest::validate(&file),
            },
            Command::ExportSchema { output } => schema::export(output),
            Command::Gate(args) => gate::run(args).await,
            Command::Verify(args) => verify::run(args).await,
            Command::Report(args) => report::run(args).await,
            Command::Check(args) => check::run(args).await,
        }
    }
}
