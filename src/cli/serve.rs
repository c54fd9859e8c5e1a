//! `orrery serve`.

use crate::app::{App, shutdown_signal};
use crate::config::ServeArgs;
use crate::services::SystemClock;
use std::process::ExitCode;
use std::sync::Arc;

pub async fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let app = App::build(&args, Arc::new(SystemClock)).await?;
    let (addr, server) = app.serve(args.listen, shutdown_signal()).await?;
    tracing::info!(%addr, "orrery is serving: GraphQL at http://{addr}/graphql");
    // Tests and scripts that pass port 0 read the bound address from this line.
    println!("listening on http://{addr}");
    server.await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}
