//! `repo.yaml_path`: JSONPath predicates over the documents of YAML and JSON files.
//!
//! For each file matching the globs, every document is parsed (`.json` files as one JSON
//! document). `select` is evaluated on one array of the documents of every matching file
//! (in glob, then path order), so `$[?@.kind == 'Deployment']` picks Deployment documents
//! and `$..groups[*].rules[*]` picks rules nested anywhere; because `$` inside a filter is
//! that whole array, a filter can ask about other documents, even in other files:
//! `$[?@.kind == 'Deployment' && !$[?@.kind == 'HorizontalPodAutoscaler']]` picks
//! Deployments only when no autoscaler is declared anywhere. Without `select` every
//! document is a selected node. `path` is then evaluated on each selected node (there `$`
//! is the node), whose results must all satisfy `op` (with at least one result, except for
//! `absent`). `matches` tests strings, and numbers by their JSON text, so `^0+%?$` accepts
//! an int-or-string field given as `0`, `"0"` or `"0%"`. `require: all` needs every
//! selected node to pass, `any` at least one; no selected node at all is a failure.

use super::checks::{compile_regex, quote};
use super::glob::Globs;
use super::source::{RepoSource, RepoTree};
use crate::domain::template::{CheckSpec, Require, YamlOp};
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::{CheckResult, Evidence};
use regex::Regex;
use serde_json::{Value, json};
use serde_json_path::{JsonPath, PathElement};

/// The comparison, compiled.
enum Test {
    Exists,
    Absent,
    Equals(Value),
    NotEquals(Value),
    Gte(f64),
    Lte(f64),
    Matches(Regex),
}

impl Test {
    fn new(op: YamlOp, value: Option<&Value>) -> Result<Self, String> {
        let need = || {
            value
                .cloned()
                .ok_or_else(|| format!("`{op:?}` needs a value"))
        };
        let number = || {
            need()?
                .as_f64()
                .ok_or_else(|| format!("`{op:?}` needs a numeric value"))
        };
        Ok(match op {
            YamlOp::Exists => Self::Exists,
            YamlOp::Absent => Self::Absent,
            YamlOp::Equals => Self::Equals(need()?),
            YamlOp::NotEquals => Self::NotEquals(need()?),
            YamlOp::Gte => Self::Gte(number()?),
            YamlOp::Lte => Self::Lte(number()?),
            YamlOp::Matches => match need()? {
                Value::String(p) => Self::Matches(compile_regex(&p, false)?),
                _ => return Err("`matches` needs a regular expression string".into()),
            },
        })
    }

    /// Whether the results of `path` on one node pass.
    fn passes(&self, results: &[&Value]) -> bool {
        let each = |f: &dyn Fn(&Value) -> bool| !results.is_empty() && results.iter().all(|v| f(v));
        match self {
            Self::Exists => !results.is_empty(),
            Self::Absent => results.is_empty(),
            Self::Equals(want) => each(&|v| same(v, want)),
            Self::NotEquals(want) => each(&|v| !same(v, want)),
            Self::Gte(min) => each(&|v| v.as_f64().is_some_and(|n| n >= *min)),
            Self::Lte(max) => each(&|v| v.as_f64().is_some_and(|n| n <= *max)),
            Self::Matches(re) => each(&|v| match v {
                Value::String(s) => re.is_match(s),
                Value::Number(n) => re.is_match(&n.to_string()),
                _ => false,
            }),
        }
    }

    /// How the test reads after the path, e.g. `≥ 2`.
    fn describe(&self) -> String {
        match self {
            Self::Exists => "exists".into(),
            Self::Absent => "is absent".into(),
            Self::Equals(v) => format!("= {v}"),
            Self::NotEquals(v) => format!("≠ {v}"),
            Self::Gte(n) => format!("≥ {n}"),
            Self::Lte(n) => format!("≤ {n}"),
            Self::Matches(re) => format!("matches /{re}/"),
        }
    }
}

/// JSON equality where numbers compare by value (2 equals 2.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

fn compile_path(what: &str, path: &str) -> Result<JsonPath, String> {
    JsonPath::parse(path).map_err(|e| format!("Invalid JSONPath in `{what}`: `{path}` {e}"))
}

/// Parses every document of a file; the error names the file, line and column.
pub fn parse_documents(path: &str, text: &str) -> Result<Vec<Value>, String> {
    if path.ends_with(".json") {
        return serde_json::from_str::<Value>(text)
            .map(|v| vec![v])
            .map_err(|e| {
                format!(
                    "Cannot parse {path}: line {} column {}: {e}",
                    e.line(),
                    e.column()
                )
            });
    }
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_multiple_with_options::<Value>(text, options).map_err(|e| {
        let message = e.to_string();
        let message = message.lines().next().unwrap_or_default();
        match e.location() {
            Some(l) => format!(
                "Cannot parse {path}: line {} column {}: {message}",
                l.line(),
                l.column()
            ),
            None => format!("Cannot parse {path}: {message}"),
        }
    })
}

/// `the selected object` / `all 3 selected objects` (`3 selected objects` without `all`).
fn nodes(n: usize, all: bool) -> String {
    match (n, all) {
        (1, true) => "The selected object".into(),
        (1, false) => "1 selected object".into(),
        (n, true) => format!("All {n} selected objects"),
        (n, false) => format!("{n} selected objects"),
    }
}

/// One selected node that failed, for evidence.
struct Failure {
    path: String,
    document: usize,
    found: Vec<Value>,
}

/// Runs a `repo.yaml_path` spec; `Err` is an error outcome's message.
pub(super) async fn run(
    source: &dyn RepoSource,
    tree: &RepoTree,
    spec: &CheckSpec,
) -> Result<CheckResult, String> {
    let CheckSpec::RepoYamlPath {
        paths,
        select,
        path,
        op,
        value,
        require,
    } = spec
    else {
        return Err("not a repo.yaml_path check".into());
    };
    let require = require.unwrap_or_default();
    let selector = select
        .as_deref()
        .map(|s| compile_path("select", s))
        .transpose()?;
    let query = compile_path("path", path)?;
    let test = Test::new(*op, value.as_ref())?;
    let files = Globs::new(paths)?.select(tree);

    // Every document of every file, in one array, and where each came from: (file, index
    // of the document in its file).
    let mut all = Vec::new();
    let mut origin: Vec<(usize, usize)> = Vec::new();
    for (f, file) in files.iter().enumerate() {
        let text = source.read(tree, &file.path).await.map_err(|e| e.message)?;
        let docs = parse_documents(&file.path, &text)?;
        origin.extend((0..docs.len()).map(|d| (f, d)));
        all.extend(docs);
    }
    let documents = all.len();
    let all = Value::Array(all);
    let chosen_nodes: Vec<(usize, &Value)> = match &selector {
        // A node outside any document (`$` itself) is reported against the first one.
        Some(s) => s
            .query_located(&all)
            .iter()
            .map(|n| match n.location().first() {
                Some(PathElement::Index(i)) => (*i, n.node()),
                _ => (0, n.node()),
            })
            .collect(),
        None => all.as_array().into_iter().flatten().enumerate().collect(),
    };

    let (mut selected, mut passing) = (0usize, 0usize);
    let mut first_pass: Option<(String, usize)> = None;
    let mut failures: Vec<Failure> = Vec::new();
    for (index, node) in chosen_nodes {
        let (file, document) = origin.get(index).copied().unwrap_or_default();
        let path = files.get(file).map(|f| f.path.clone()).unwrap_or_default();
        selected += 1;
        let located = query.query_located(node);
        let results: Vec<&Value> = located.nodes().collect();
        if test.passes(&results) {
            passing += 1;
            first_pass.get_or_insert_with(|| (path, document + 1));
        } else {
            failures.push(Failure {
                path,
                document: document + 1,
                // For `absent`, say where the unwanted nodes are, never their values:
                // they may be literal secrets.
                found: match test {
                    Test::Absent => located
                        .locations()
                        .take(3)
                        .map(|l| Value::String(l.to_string()))
                        .collect(),
                    _ => results.into_iter().take(3).cloned().collect(),
                },
            });
        }
    }

    let predicate = format!("`{path}` {}", test.describe());
    let chosen = select
        .as_deref()
        .map(|s| format!(" selected by `{s}`"))
        .unwrap_or_default();
    let first_failure = failures
        .first()
        .map(|f| json!({ "path": f.path, "document": f.document, "found": f.found }));
    let observed = json!({
        "globs": paths,
        "select": select,
        "path": path,
        "op": op,
        "value": value,
        "require": require,
        "files": files.len(),
        "files_read": files.iter().take(MAX_LISTED).map(|f| &f.path).collect::<Vec<_>>(),
        "documents": documents,
        "selected": selected,
        "passing": passing,
        "failing": failures.len(),
        "first_failure": first_failure,
    });

    if selected == 0 {
        let summary = if files.is_empty() {
            format!(
                "No matching documents/objects: no file matches {}",
                list_some(paths, MAX_LISTED)
            )
        } else {
            format!(
                "No matching documents/objects{chosen} in {} file(s) matching {}",
                files.len(),
                list_some(paths, MAX_LISTED)
            )
        };
        return Ok(CheckResult::fail(Evidence::new(summary, observed)));
    }
    let passed = match require {
        Require::All => failures.is_empty(),
        Require::Any => passing > 0,
    };
    if passed {
        let (file, document) = first_pass.unwrap_or_default();
        let summary = match require {
            Require::All => {
                let first = if selected == 1 { "" } else { "first: " };
                format!(
                    "{} satisf{} {predicate} ({first}{file} document {document})",
                    nodes(selected, true),
                    if selected == 1 { "ies" } else { "y" }
                )
            }
            Require::Any => format!(
                "{passing} of {} satisf{} {predicate} ({file} document {document})",
                nodes(selected, false),
                if passing == 1 { "ies" } else { "y" }
            ),
        };
        return Ok(CheckResult::pass(
            Evidence::new(summary, observed).at(file, None),
        ));
    }
    let Some(first) = failures.first() else {
        return Err("yaml_path: a failing result without a failing node".into());
    };
    let found = match first.found.as_slice() {
        [] => "nothing there".to_owned(),
        values => format!(
            "found {}",
            values
                .iter()
                .map(|v| quote(&v.to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let summary = format!(
        "{} of {} fail{} {predicate}; first: {} document {} ({found})",
        failures.len(),
        nodes(selected, false),
        if failures.len() == 1 { "s" } else { "" },
        first.path,
        first.document
    );
    Ok(CheckResult::fail(
        Evidence::new(summary, observed).at(first.path.clone(), None),
    ))
}
