//! The readiness manifest (`orrery.yaml`) at one commit, for judging a change: the SLOs and
//! attestations it declares, or its problems with file and line.

use crate::domain::change::FileProblem;
use crate::domain::manifest::{self, MAX_BYTES, Manifest, manifest_facts};
use crate::domain::repo_subdir::RepoSubdir;
use crate::verify::repo::RepoSource;

/// The manifest's file name, at the repository root or in the service's directory.
pub const MANIFEST_FILE: &str = "orrery.yaml";

/// What the manifest at one commit says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestSide {
    /// SLOs declared; `None` when there is no valid manifest (the catalog's count holds).
    pub slo_count: Option<usize>,
    /// `(item key, evidence link)` of every attestation of a valid manifest.
    pub attested: Vec<(String, String)>,
    /// Its problems (an invalid or unreadable manifest).
    pub problems: Vec<FileProblem>,
}

/// Where a service's manifest is: `orrery.yaml` in its directory (the repository root when
/// it has none).
pub fn default_path(dir: Option<&RepoSubdir>) -> String {
    dir.map_or_else(|| MANIFEST_FILE.to_owned(), |d| d.join(MANIFEST_FILE))
}

/// The manifest at `path` of `source`'s snapshot: `Ok(None)` when there is none (or the
/// repository cannot be listed: its checks report that), its problems when it is invalid.
pub async fn load(
    source: &dyn RepoSource,
    path: &str,
) -> Result<Option<Manifest>, Vec<FileProblem>> {
    let problem = |line: u32, message: String| FileProblem {
        path: path.to_owned(),
        line,
        message,
    };
    let Ok(tree) = source.tree().await else {
        return Ok(None);
    };
    let Some(file) = tree.file(path) else {
        return Ok(None);
    };
    if file.size > MAX_BYTES as u64 {
        return Err(vec![problem(
            1,
            format!(
                "{path} is {} bytes, larger than the {MAX_BYTES} bytes a manifest may be",
                file.size
            ),
        )]);
    }
    let text = source
        .read(&tree, path)
        .await
        .map_err(|e| vec![problem(1, format!("{path} could not be read: {e}"))])?;
    manifest::parse(path, &text).map(Some).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let at = if e.path.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", e.path)
                };
                problem(
                    u32::try_from(e.line).unwrap_or(u32::MAX),
                    format!("column {}: {at}{}", e.column, e.message),
                )
            })
            .collect()
    })
}

/// Reads and judges the manifest at `path` of `source`'s snapshot.
pub async fn read(source: &dyn RepoSource, path: &str) -> ManifestSide {
    match load(source, path).await {
        Ok(None) => ManifestSide::default(),
        Ok(Some(m)) => {
            let facts = manifest_facts(&m);
            ManifestSide {
                slo_count: Some(facts.slo_count),
                attested: facts
                    .attestations
                    .into_iter()
                    .map(|(key, evidence, _)| (key, evidence))
                    .collect(),
                problems: Vec::new(),
            }
        }
        Err(problems) => ManifestSide {
            problems,
            ..ManifestSide::default()
        },
    }
}
