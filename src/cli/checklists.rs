//! `orrery checklists validate`.

use crate::domain::template::TemplateSchema;
use crate::services::templates::{EMBEDDED_SCHEMA, validate_paths};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn validate(paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("checklists")]
    } else {
        paths
    };
    let schema = TemplateSchema::compile(EMBEDDED_SCHEMA).map_err(anyhow::Error::msg)?;
    let (ok, errors) = validate_paths(&schema, &paths);
    for (file, t) in &ok {
        let items = t.items().count();
        let checks = t.items().filter(|(_, i)| i.check.is_some()).count();
        println!(
            "ok      {file}: {} ({items} items, {checks} automated, {} categories)",
            t.key,
            t.categories.len()
        );
    }
    for e in &errors {
        eprintln!("{e}");
    }
    if ok.is_empty() && errors.is_empty() {
        eprintln!(
            "no *.yaml templates found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(ExitCode::FAILURE);
    }
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} file(s) rejected", errors.len());
        Ok(ExitCode::FAILURE)
    }
}
