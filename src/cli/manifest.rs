//! `orrery manifest schema` and `orrery manifest validate FILE`: the JSON Schema of
//! `orrery.yaml`, and a check of one file with every problem at its line and column.

use crate::domain::manifest::{self, MAX_BYTES};
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// Prints the manifest's JSON Schema.
pub fn schema() -> anyhow::Result<ExitCode> {
    print!("{}", manifest::schema_json());
    Ok(ExitCode::SUCCESS)
}

/// Validates `path`: prints `file:line:col: message` per problem and exits 1 when invalid.
pub fn validate(path: &Path) -> anyhow::Result<ExitCode> {
    let name = path.display().to_string();
    let mut text = String::new();
    let read = std::fs::File::open(path).and_then(|f| {
        // One byte past the limit is enough to say the file is too large.
        f.take(MAX_BYTES as u64 + 1).read_to_string(&mut text)
    });
    if let Err(e) = read {
        eprintln!("{name}: cannot read the file: {e}");
        return Ok(ExitCode::from(2));
    }
    match manifest::parse(&name, &text) {
        Ok(m) => {
            println!(
                "{name}: valid manifest for service `{}` ({} SLOs, {} dependencies, {} attestations)",
                m.service.slug,
                m.slos.len(),
                m.dependencies.len(),
                m.attestations.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                println!("{e}");
            }
            Ok(ExitCode::FAILURE)
        }
    }
}
