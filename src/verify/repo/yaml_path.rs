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
//!
//! Files are read as a repository holds them (see [`super::yaml_files`]): Helm chart
//! templates, templated files and Kustomize patches are set aside and reported, and a
//! document that does not parse is listed with its line and column while the check is
//! decided on every document that does. Only when nothing at all could be parsed is the
//! outcome an error. Evidence names the file, the line and the object (`Deployment/api,
//! container worker`, `alert HighErrorRate`) of the first failure.

use super::checks::{compile_regex, quote};
use super::glob::Globs;
use super::source::{RepoSource, RepoTree};
use super::yaml_docs::Step;
use super::yaml_files::{Corpus, read_corpus};
use super::yaml_report::{bare_path, dotted, object_label, reading_notes, reading_observed};
use crate::domain::template::{CheckSpec, Require, YamlOp};
use crate::verify::listing::{MAX_LISTED, list_some, list_some_by};
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use regex::Regex;
use serde_json::{Value, json};
use serde_json_path::{JsonPath, NormalizedPath, PathElement};

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

/// Failing objects named in a summary (every one is in `observed`, up to [`MAX_LISTED`]).
const FAILURES_LISTED: usize = 3;

/// `the selected object` / `all 3 selected objects` (`3 selected objects` without `all`).
fn nodes(n: usize, all: bool) -> String {
    match (n, all) {
        (1, true) => "The selected object".into(),
        (1, false) => "1 selected object".into(),
        (n, true) => format!("All {n} selected objects"),
        (n, false) => format!("{n} selected objects"),
    }
}

/// Where a selected node, or what was found on it, is written.
struct Point {
    path: String,
    line: u32,
    object: Option<String>,
}

impl Point {
    fn describe(&self) -> String {
        match &self.object {
            Some(object) => format!("{object} ({}:{})", self.path, self.line),
            None => format!("{}:{}", self.path, self.line),
        }
    }
}

/// One selected node that failed, for evidence.
struct Failure {
    at: Point,
    /// What was found instead, as words (`` `spec.replicas` is 1 ``), if worth saying.
    found: Option<String>,
    /// Up to three values found (locations only for `absent`: values may be secrets).
    values: Vec<Value>,
}

fn steps(path: &NormalizedPath<'_>) -> Vec<Step> {
    path.iter()
        .map(|e| match e {
            PathElement::Name(n) => Step::Key((*n).to_owned()),
            PathElement::Index(i) => Step::Index(*i),
        })
        .collect()
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
        needs,
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
    let mut corpus = read_corpus(source, tree, &files).await?;
    let notes = reading_notes(&corpus);
    if corpus.documents.is_empty() && !corpus.broken.is_empty() {
        return Ok(nothing_parsed(&corpus, paths, &notes));
    }

    // Every document of every file, in one array; `corpus` keeps where each came from.
    let all = Value::Array(
        corpus
            .documents
            .iter_mut()
            .map(|s| std::mem::take(&mut s.document.value))
            .collect(),
    );
    let chosen: Vec<(usize, Vec<Step>, &Value)> = match &selector {
        // A node outside any document (`$` itself) is reported against the first one.
        Some(s) => s
            .query_located(&all)
            .iter()
            .map(|n| match steps(n.location()).split_first() {
                Some((Step::Index(i), rest)) => (*i, rest.to_vec(), n.node()),
                _ => (0, Vec::new(), n.node()),
            })
            .collect(),
        None => all
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, v)| (i, Vec::new(), v))
            .collect(),
    };
    let point = |doc: usize, at: &[Step]| -> Point {
        let sourced = corpus.documents.get(doc);
        Point {
            path: sourced.map(|s| s.path.clone()).unwrap_or_default(),
            line: sourced.map_or(1, |s| s.document.position(at).line),
            object: all.get(doc).and_then(|root| object_label(root, at)),
        }
    };

    let selected = chosen.len();
    let mut passing = 0usize;
    let mut first_pass: Option<Point> = None;
    let mut failures: Vec<Failure> = Vec::new();
    for (doc, at, node) in chosen {
        let located = query.query_located(node);
        let results: Vec<&Value> = located.nodes().collect();
        if test.passes(&results) {
            passing += 1;
            if first_pass.is_none() {
                first_pass = Some(point(doc, &at));
            }
            continue;
        }
        let first = located.locations().next().map(steps).unwrap_or_default();
        let full = [at.as_slice(), first.as_slice()].concat();
        let found = match (&test, results.first()) {
            (Test::Absent, _) => needs.is_none().then(|| format!("has `{}`", dotted(&first))),
            (_, None) => Some(format!("`{}` is missing", bare_path(path))),
            (_, Some(v)) => Some(format!("`{}` is {}", dotted(&first), quote(&v.to_string()))),
        };
        failures.push(Failure {
            at: point(doc, &full),
            found,
            values: match test {
                Test::Absent => located
                    .locations()
                    .take(3)
                    .map(|l| Value::String(l.to_string()))
                    .collect(),
                _ => results.into_iter().take(3).cloned().collect(),
            },
        });
    }

    let wanted = match needs {
        Some(needs) => needs.clone(),
        None => format!("`{}` {}", bare_path(path), test.describe()),
    };
    let chosen_by = select
        .as_deref()
        .map(|s| format!(" selected by `{s}`"))
        .unwrap_or_default();
    let listed = |f: &Failure| {
        json!({ "path": f.at.path, "line": f.at.line, "object": f.at.object,
                "found": f.values, "summary": f.found })
    };
    let mut observed = json!({
        "globs": paths,
        "select": select,
        "path": path,
        "op": op,
        "value": value,
        "require": require,
        "needs": needs,
        "files": files.len(),
        "files_read": files.iter().take(MAX_LISTED).map(|f| &f.path).collect::<Vec<_>>(),
        "documents": corpus.documents.len(),
        "selected": selected,
        "passing": passing,
        "failing": failures.len(),
        "first_failure": failures.first().map(listed),
        "failures": failures.iter().take(MAX_LISTED).map(listed).collect::<Vec<_>>(),
    });
    if let (Some(o), Value::Object(extra)) = (observed.as_object_mut(), reading_observed(&corpus)) {
        o.extend(extra);
    }

    if selected == 0 {
        let summary = if files.is_empty() {
            format!(
                "No matching documents/objects: no file matches {}",
                list_some(paths, MAX_LISTED)
            )
        } else if let Some(needs) = needs {
            format!(
                "Needs {needs}; no matching documents/objects in {} file(s) matching {}.{notes}",
                files.len(),
                list_some(paths, MAX_LISTED)
            )
        } else {
            format!(
                "No matching documents/objects{chosen_by} in {} file(s) matching {}.{notes}",
                files.len(),
                list_some(paths, MAX_LISTED)
            )
        };
        return Ok(CheckResult::fail(Evidence::new(
            summary.trim_end(),
            observed,
        )));
    }
    let passed = match require {
        Require::All => failures.is_empty(),
        Require::Any => passing > 0,
    };
    if passed {
        let first = first_pass.unwrap_or_else(|| point(0, &[]));
        let summary = match require {
            Require::All => format!(
                "{} meet{}: {wanted} ({}{}).{notes}",
                nodes(selected, true),
                if selected == 1 { "s" } else { "" },
                if selected == 1 { "" } else { "first: " },
                first.describe()
            ),
            Require::Any => format!(
                "{passing} of {} meet{}: {wanted} ({}).{notes}",
                nodes(selected, false),
                if passing == 1 { "s" } else { "" },
                first.describe()
            ),
        };
        let evidence = Evidence::new(summary, observed).at(first.path, Some(first.line));
        return Ok(CheckResult::pass(evidence.about(first.object)));
    }
    let Some(first) = failures.first() else {
        return Err("yaml_path: a failing result without a failing node".into());
    };
    let shown: Vec<String> = failures
        .iter()
        .map(|f| match &f.found {
            Some(found) => format!("{}: {found}", f.at.describe()),
            None => f.at.describe(),
        })
        .collect();
    let summary = format!(
        "Needs {wanted}; {} of {} fall{} short: {}.{notes}",
        failures.len(),
        nodes(selected, false),
        if failures.len() == 1 { "s" } else { "" },
        list_some_by(&shown, FAILURES_LISTED, "; "),
    );
    let evidence = Evidence::new(summary, observed).at(first.at.path.clone(), Some(first.at.line));
    Ok(CheckResult::fail(evidence.about(first.at.object.clone())))
}

/// Every file the check reads is broken: an error pointing at the first problem.
fn nothing_parsed(corpus: &Corpus, globs: &[String], notes: &str) -> CheckResult {
    let summary = format!(
        "Nothing this check needs could be read from the files matching {}.{notes}",
        list_some(globs, MAX_LISTED)
    );
    let mut evidence = Evidence::new(summary, reading_observed(corpus));
    if let Some((path, broken)) = corpus.broken.first() {
        evidence = evidence.at(path.clone(), Some(broken.at.line));
    }
    CheckResult::new(CheckOutcome::Error, evidence)
}
