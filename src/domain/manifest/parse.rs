//! Reading `orrery.yaml`: size cap, YAML under a budget, the JSON Schema, the typed shape,
//! then the field rules — every problem located at its file, line and column.

use super::check::{Problem, check};
use super::raw::RawManifest;
use super::{Manifest, SCHEMA_JSON};
use crate::domain::template::PositionMap;
use std::fmt;
use std::sync::OnceLock;

/// Largest manifest read, in bytes (256 KiB): a real one is a few KiB.
pub const MAX_BYTES: usize = 256 * 1024;
/// Most problems reported for one file; past this, the rest are noise.
const MAX_PROBLEMS: usize = 50;

/// One problem in a manifest, where it is and what is wrong, e.g.
/// `orrery.yaml:12:7: slos[0].objective_percent: must be a percentage from 50 to 99.9999 …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The file (as given to [`parse`]).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Where in the manifest, as a path such as `slos[0].objective_percent` (empty for the
    /// whole file).
    pub path: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ManifestError {}

/// The JSON Schema of the manifest, pretty-printed.
pub fn schema_json() -> &'static str {
    SCHEMA_JSON
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SCHEMA_JSON).expect("the embedded manifest schema is JSON");
        jsonschema::draft202012::new(&schema).expect("the embedded manifest schema compiles")
    })
}

/// `/slos/0/objective_percent` → `slos[0].objective_percent`.
fn path_of(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.parse::<usize>().is_ok() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// `error: line 3 column 5: "-" is only …` → `"-" is only …` (the location is reported apart).
fn without_location(msg: &str) -> &str {
    let rest = msg.strip_prefix("error: ").unwrap_or(msg);
    if rest.starts_with("line ")
        && let Some(i) = rest.find("column ")
        && let Some(j) = rest[i..].find(": ")
    {
        return &rest[i + j + 2..];
    }
    rest
}

/// Parses and checks `text`, the content of `file_name`; the manifest or every problem.
pub fn parse(file_name: &str, text: &str) -> Result<Manifest, Vec<ManifestError>> {
    let error = |line: usize, column: usize, path: String, message: String| ManifestError {
        file: file_name.to_owned(),
        line,
        column,
        path,
        message,
    };
    if text.len() > MAX_BYTES {
        return Err(vec![error(
            1,
            1,
            String::new(),
            format!(
                "the file is {} KiB; a manifest may be at most {} KiB",
                text.len().div_ceil(1024),
                MAX_BYTES / 1024
            ),
        )]);
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 24,
            max_nodes: 20_000,
            max_aliases: 200,
            max_anchors: 200,
            max_documents: 1,
        },
    };
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            let loc = e.location();
            let msg = e.to_string();
            let msg = msg.lines().next().unwrap_or(&msg);
            vec![error(
                loc.map_or(1, |l| l.line() as usize),
                loc.map_or(1, |l| l.column() as usize),
                String::new(),
                format!("not valid YAML: {}", without_location(msg)),
            )]
        })?;
    let positions = PositionMap::build(text);
    let locate = |(pointer, message): Problem| {
        let pos = positions.find(&pointer);
        error(
            pos.map_or(1, |p| p.line),
            pos.map_or(1, |p| p.column),
            path_of(&pointer),
            message,
        )
    };
    let sorted = |mut errors: Vec<ManifestError>| {
        errors.sort_by_key(|e| (e.line, e.column));
        errors.truncate(MAX_PROBLEMS);
        errors
    };
    let schema_problems: Vec<_> = validator()
        .iter_errors(&value)
        .take(MAX_PROBLEMS)
        .flat_map(|e| {
            let at = e.instance_path().as_str().to_owned();
            match e.kind() {
                // Point at each unknown key itself, not at the mapping holding it.
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                    unexpected
                        .iter()
                        .map(|k| {
                            let key = k.replace('~', "~0").replace('/', "~1");
                            (
                                format!("{at}/{key}"),
                                format!(
                                    "unknown key `{k}` (`orrery manifest schema` lists the keys)"
                                ),
                            )
                        })
                        .collect()
                }
                _ => vec![(at, e.to_string())],
            }
        })
        .map(locate)
        .collect();
    if !schema_problems.is_empty() {
        return Err(sorted(schema_problems));
    }
    let raw: RawManifest = serde_json::from_value(value).map_err(|e| {
        vec![locate((
            String::new(),
            format!("does not match the manifest's shape: {e}"),
        ))]
    })?;
    check(raw).map_err(|problems| sorted(problems.into_iter().map(locate).collect()))
}
