//! `orrery export-schema`.

use std::path::PathBuf;
use std::process::ExitCode;

pub fn export(output: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let sdl = crate::graphql::sdl();
    match output {
        Some(path) => std::fs::write(&path, sdl)?,
        None => print!("{sdl}"),
    }
    Ok(ExitCode::SUCCESS)
}
