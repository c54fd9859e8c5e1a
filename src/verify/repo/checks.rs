//! Running a repository check against a [`RepoSource`].

use super::glob::Globs;
use super::protection_check::{Needs, branch_protection};
use super::source::{RepoFile, RepoSource, RepoTree};
use super::{codeowners, yaml_path};
use crate::domain::template::CheckSpec;
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::placeholders::PLACEHOLDERS;
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use regex::{Regex, RegexBuilder};
use serde_json::json;

/// Longest line quoted in evidence, in characters.
const MAX_QUOTE_CHARS: usize = 200;

/// Whether `spec` is a repository check (`repo.*`), which [`run_repo_check`] runs.
pub fn is_repo_check(spec: &CheckSpec) -> bool {
    matches!(
        spec,
        CheckSpec::RepoFileExists { .. }
            | CheckSpec::RepoFileContains { .. }
            | CheckSpec::RepoYamlPath { .. }
            | CheckSpec::RepoCodeowners { .. }
            | CheckSpec::RepoBranchProtection { .. }
    )
}

/// Runs a repository check. Never panics and never passes on a failure of the source: a
/// tree or read error, an invalid glob, regex or JSONPath, or an unparseable file is an
/// [`CheckOutcome::Error`] saying what went wrong. The evidence carries the commit read.
pub async fn run_repo_check(spec: &CheckSpec, source: &dyn RepoSource) -> CheckResult {
    if !is_repo_check(spec) {
        return CheckResult::error(
            format!("`{}` is not a repository check", spec.kind()),
            json!({ "kind": spec.kind() }),
        );
    }
    if let CheckSpec::RepoBranchProtection {
        branch,
        min_reviews,
        require_status_checks,
    } = spec
    {
        let needs = Needs {
            reviews: u32::from(*min_reviews),
            status_checks: require_status_checks.unwrap_or(false),
        };
        return branch_protection(source, branch.as_deref(), needs).await;
    }
    let tree = match source.tree().await {
        Ok(tree) => tree,
        Err(e) => {
            return CheckResult::error(
                format!("Could not list {}: {e}", source.describe()),
                json!({ "kind": spec.kind(), "source": source.describe() }),
            );
        }
    };
    let result = match spec {
        CheckSpec::RepoFileExists { paths, min_bytes } => file_exists(&tree, paths, *min_bytes),
        CheckSpec::RepoFileContains {
            paths,
            pattern,
            case_insensitive,
            needs,
            near_miss,
        } => {
            let wanted = Wanted {
                pattern,
                case_insensitive: case_insensitive.unwrap_or(false),
                needs: needs.as_deref(),
                near_miss: near_miss.as_deref(),
            };
            file_contains(source, &tree, paths, &wanted).await
        }
        CheckSpec::RepoYamlPath { .. } => yaml_path::run(source, &tree, spec).await,
        CheckSpec::RepoCodeowners { paths } => {
            codeowners::run(source, &tree, paths.as_deref()).await
        }
        _ => Err(format!("`{}` is not a repository check", spec.kind())),
    };
    let mut result = result.unwrap_or_else(|message| CheckResult::error(message, json!({})));
    if let Some(observed) = result.evidence.observed.as_object_mut() {
        observed.insert("kind".into(), json!(spec.kind()));
        if tree.truncated {
            observed.insert("tree_truncated".into(), json!(true));
        }
    }
    if tree.truncated && result.outcome == CheckOutcome::Fail {
        result.evidence.summary.push_str(&format!(
            " (the repository listing stopped at {} files, so some files were not seen)",
            tree.files.len()
        ));
    }
    result.evidence.commit = tree.commit.clone();
    result
}

/// `repo.file_exists`: the first file matching the globs (in glob order) that is big enough.
fn file_exists(
    tree: &RepoTree,
    paths: &[String],
    min_bytes: Option<u64>,
) -> Result<CheckResult, String> {
    let globs = Globs::new(paths)?;
    let matched = globs.select(tree);
    let names: Vec<&str> = matched.iter().map(|f| f.path.as_str()).collect();
    let min = min_bytes.unwrap_or(0);
    let (big, small): (Vec<&RepoFile>, Vec<&RepoFile>) =
        matched.iter().copied().partition(|f| f.size >= min);
    let too_small: Vec<_> = small
        .iter()
        .take(MAX_LISTED)
        .map(|f| json!({ "path": f.path, "bytes": f.size }))
        .collect();
    let observed = json!({
        "globs": paths,
        "matched": names.iter().take(MAX_LISTED).collect::<Vec<_>>(),
        "match_count": names.len(),
        "min_bytes": min_bytes,
        "too_small": too_small,
    });
    if let Some(file) = big.first() {
        let size = match min_bytes {
            Some(min) => format!("{} bytes, at least {min} required", file.size),
            None => format!("{} bytes", file.size),
        };
        let summary = format!("Found {} ({size})", file.path);
        return Ok(CheckResult::pass(
            Evidence::new(summary, observed).at(file.path.clone(), None),
        ));
    }
    let Some(file) = small.first() else {
        let summary = format!("No file matches any of {}", list_some(paths, MAX_LISTED));
        return Ok(CheckResult::fail(Evidence::new(summary, observed)));
    };
    let sizes: Vec<String> = small
        .iter()
        .map(|f| format!("{} ({} bytes)", f.path, f.size))
        .collect();
    let summary = format!(
        "Every file found is smaller than the {min} bytes required: {}",
        list_some(&sizes, MAX_LISTED)
    );
    // The whole file falls short; its first line is where an annotation goes.
    Ok(CheckResult::fail(
        Evidence::new(summary, observed).at(file.path.clone(), Some(1)),
    ))
}

/// Compiles a check's regular expression; the error names it.
pub(super) fn compile_regex(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    // Callers fill placeholders first (`placeholders::fill_spec`); one left in would quietly
    // match nothing.
    if let Some(p) = PLACEHOLDERS
        .iter()
        .map(|name| format!("{{{{{name}}}}}"))
        .find(|p| pattern.contains(p.as_str()))
    {
        return Err(format!(
            "The pattern `{pattern}` still contains the placeholder {p}; it must be filled in \
             from the service's facts before the check runs"
        ));
    }
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .build()
        .map_err(|e| {
            let detail = e.to_string();
            let last = detail.lines().last().unwrap_or_default().trim().to_owned();
            format!("Invalid regular expression `{pattern}`: {last}")
        })
}

/// What `repo.file_contains` looks for.
struct Wanted<'a> {
    pattern: &'a str,
    case_insensitive: bool,
    needs: Option<&'a str>,
    near_miss: Option<&'a str>,
}

/// The first line matching `regex` in `text`: (1-based number, line).
fn first_line<'t>(text: &'t str, regex: &Regex) -> Option<(u32, &'t str)> {
    let (index, line) = text.lines().enumerate().find(|(_, l)| regex.is_match(l))?;
    Some((u32::try_from(index + 1).unwrap_or(u32::MAX), line))
}

/// `repo.file_contains`: the first line, in glob then path order, matching the pattern.
/// On a failure the evidence points at the first `near_miss` line (what is there instead),
/// or else at the top of the first file searched, where a fix most likely goes.
async fn file_contains(
    source: &dyn RepoSource,
    tree: &RepoTree,
    paths: &[String],
    wanted: &Wanted<'_>,
) -> Result<CheckResult, String> {
    let pattern = wanted.pattern;
    let regex = compile_regex(pattern, wanted.case_insensitive)?;
    let near_miss = wanted
        .near_miss
        .map(|p| compile_regex(p, true))
        .transpose()?;
    let what = match wanted.needs {
        Some(needs) => needs.to_owned(),
        None => format!("a line matching `{pattern}`"),
    };
    let globs = Globs::new(paths)?;
    let files = globs.select(tree);
    let searched: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let observed = |extra: serde_json::Value| {
        let mut o = json!({
            "globs": paths,
            "pattern": pattern,
            "case_insensitive": wanted.case_insensitive,
            "needs": wanted.needs,
            "searched": searched.iter().take(MAX_LISTED).collect::<Vec<_>>(),
            "searched_count": searched.len(),
        });
        if let (Some(o), Some(extra)) = (o.as_object_mut(), extra.as_object()) {
            o.extend(extra.clone());
        }
        o
    };
    if files.is_empty() {
        let summary = format!(
            "No file matches any of {}, so nothing was searched for {what}",
            list_some(paths, MAX_LISTED)
        );
        return Ok(CheckResult::fail(Evidence::new(
            summary,
            observed(json!({})),
        )));
    }
    let mut unreadable = Vec::new();
    let mut instead: Option<(&str, u32, String)> = None;
    for file in &files {
        let text = match source.read(tree, &file.path).await {
            Ok(text) => text,
            Err(e) => {
                unreadable.push(e.message);
                continue;
            }
        };
        if let Some((number, line)) = first_line(&text, &regex) {
            let quoted = quote(line);
            let summary = format!("{}:{number} has {what}: {quoted}", file.path);
            let evidence = Evidence::new(summary, observed(json!({ "matched_line": quoted })));
            return Ok(CheckResult::pass(
                evidence.at(file.path.clone(), Some(number)),
            ));
        }
        if instead.is_none() {
            instead = near_miss
                .as_ref()
                .and_then(|re| first_line(&text, re))
                .map(|(number, line)| (file.path.as_str(), number, quote(line)));
        }
    }
    if !unreadable.is_empty() {
        return Err(format!(
            "No readable file has {what}, and some could not be read: {}",
            list_some(&unreadable, 3)
        ));
    }
    let looked = format!("searched {}", list_some(&searched, MAX_LISTED));
    let Some((path, number, line)) = instead else {
        let summary = format!("No file has {what} ({looked})");
        let evidence = Evidence::new(summary, observed(json!({})));
        return Ok(CheckResult::fail(match searched.first() {
            Some(first) => evidence.at(*first, Some(1)),
            None => evidence,
        }));
    };
    let summary = format!("No file has {what}; {path}:{number} has `{line}` instead ({looked})");
    let evidence = Evidence::new(summary, observed(json!({ "near_miss_line": line })));
    Ok(CheckResult::fail(evidence.at(path, Some(number))))
}

/// A line for evidence: trimmed and cut to [`MAX_QUOTE_CHARS`] characters.
pub(super) fn quote(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}
