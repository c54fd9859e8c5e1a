//! `repo.codeowners`: every file in scope has an owner in the repository's CODEOWNERS.
//!
//! GitHub's rules: the file is looked for at `.github/CODEOWNERS`, `CODEOWNERS` and
//! `docs/CODEOWNERS`, in that order; blank lines and `#` comments are ignored; each rule is
//! a gitignore-style pattern followed by owners (`@user`, `@org/team` or an e-mail); the last
//! matching rule wins, and a rule without owners leaves its files unowned. Lines GitHub
//! would reject (invalid owners, `!` negation, `[` `]` ranges) are skipped and reported.

use super::checks::quote;
use super::glob::{Globs, glob};
use super::source::{RepoSource, RepoTree};
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::{CheckResult, Evidence};
use globset::{GlobSet, GlobSetBuilder};
use serde_json::json;

/// Where GitHub looks for CODEOWNERS, in order.
pub const LOCATIONS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// One rule of a CODEOWNERS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The pattern as written.
    pub pattern: String,
    /// Owners; empty means the matching files are unowned.
    pub owners: Vec<String>,
    /// 1-based line.
    pub line: u32,
}

/// A parsed CODEOWNERS file.
#[derive(Debug, Clone)]
pub struct Codeowners {
    /// Usable rules, in file order.
    pub rules: Vec<Rule>,
    /// Lines skipped as invalid, with the reason (`line N: …`).
    pub skipped: Vec<String>,
    set: GlobSet,
    /// Rule index of each glob in `set`.
    glob_rule: Vec<usize>,
}

impl Codeowners {
    /// Parses CODEOWNERS text. Never fails: invalid lines are skipped and listed.
    pub fn parse(text: &str) -> Self {
        let mut rules = Vec::new();
        let mut skipped = Vec::new();
        let mut builder = GlobSetBuilder::new();
        let mut glob_rule = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let mut tokens = tokens(raw).into_iter();
            let Some(pattern) = tokens.next() else {
                continue;
            };
            let owners: Vec<String> = tokens.take_while(|t| !t.starts_with('#')).collect();
            let checked = owners
                .iter()
                .find(|o| !valid_owner(o))
                .map(|o| format!("invalid owner `{o}`"))
                .map_or_else(|| translate(&pattern), Err);
            let globs = checked
                .and_then(|globs| globs.iter().map(|g| glob(g)).collect::<Result<Vec<_>, _>>());
            match globs {
                Ok(globs) => {
                    for g in globs {
                        builder.add(g);
                        glob_rule.push(rules.len());
                    }
                    rules.push(Rule {
                        pattern,
                        owners,
                        line,
                    });
                }
                Err(reason) => skipped.push(format!("line {line}: {reason}")),
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Self {
            rules,
            skipped,
            set,
            glob_rule,
        }
    }

    /// The rule deciding `path`'s owners: the last one matching it.
    pub fn rule_for(&self, path: &str) -> Option<&Rule> {
        let last = self
            .set
            .matches(path)
            .into_iter()
            .filter_map(|g| self.glob_rule.get(g))
            .max();
        last.and_then(|&r| self.rules.get(r))
    }

    /// The owners of `path`; empty when no rule or an owner-less rule matches.
    pub fn owners_of(&self, path: &str) -> &[String] {
        self.rule_for(path)
            .map(|r| r.owners.as_slice())
            .unwrap_or_default()
    }
}

/// Splits a line into whitespace-separated tokens; `\` escapes the next character (so `\#`
/// and `\ ` are literal) and an unescaped `#` starting a token begins a comment.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = line.trim().chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.push(chars.next().unwrap_or('\\')),
            '#' if current.is_empty() => break,
            c if c.is_whitespace() => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `@user`, `@org/team` or an e-mail address.
fn valid_owner(owner: &str) -> bool {
    let word =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c));
    match owner.strip_prefix('@') {
        Some(handle) => match handle.split_once('/') {
            Some((org, team)) => word(org) && word(team),
            None => word(handle),
        },
        None => owner
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
    }
}

/// Translates a CODEOWNERS (gitignore-style) pattern into repository globs: a leading `/`
/// or a `/` inside anchors to the root, otherwise the pattern matches at any depth; a
/// trailing `/` matches only directories (everything under them); a pattern ending in `/*`
/// matches the files directly in that directory (as GitHub documents for `docs/*`); any
/// other pattern matches a file of that name or everything under a directory of that name.
pub fn translate(pattern: &str) -> Result<Vec<String>, String> {
    if pattern.starts_with('!') {
        return Err(format!(
            "`{pattern}`: negation is not supported by CODEOWNERS"
        ));
    }
    if pattern.contains(['[', ']']) {
        return Err(format!(
            "`{pattern}`: character ranges are not supported by CODEOWNERS"
        ));
    }
    let dir_only = pattern.ends_with('/');
    let body = pattern.trim_end_matches('/');
    let anchored = body.starts_with('/') || body.trim_start_matches('/').contains('/');
    let body = body.trim_start_matches('/');
    if body.is_empty() {
        return Ok(vec!["**".into()]);
    }
    let escaped = escape(body);
    let base = if anchored || escaped.starts_with("**/") {
        escaped
    } else {
        format!("**/{escaped}")
    };
    let files_only = (body == "*" && anchored) || body.ends_with("/*");
    Ok(if dir_only {
        vec![format!("{base}/**")]
    } else if files_only {
        vec![base]
    } else {
        vec![format!("{base}/**"), base]
    })
}

/// Escapes what globset treats specially but CODEOWNERS takes literally (`{`, `}`, `\`).
fn escape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for c in body.chars() {
        match c {
            '{' | '}' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// Runs `repo.codeowners`; `Err` is an error outcome's message.
pub(super) async fn run(
    source: &dyn RepoSource,
    tree: &RepoTree,
    paths: Option<&[String]>,
) -> Result<CheckResult, String> {
    let Some(location) = LOCATIONS.iter().find(|l| tree.file(l).is_some()) else {
        let summary = format!("No CODEOWNERS file at {}", LOCATIONS.join(", "));
        return Ok(CheckResult::fail(Evidence::new(
            summary,
            json!({ "looked_at": LOCATIONS }),
        )));
    };
    let text = source.read(tree, location).await.map_err(|e| e.message)?;
    let owners = Codeowners::parse(&text);
    let scope = paths.map(Globs::new).transpose()?;
    let files: Vec<&str> = tree
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| scope.as_ref().is_none_or(|g| g.is_match(p)))
        .collect();
    let unowned: Vec<&str> = files
        .iter()
        .copied()
        .filter(|p| owners.owners_of(p).is_empty())
        .collect();
    let default_rule = owners
        .rules
        .iter()
        .rev()
        .find(|r| matches!(r.pattern.as_str(), "*" | "**" | "/**"));
    let observed = json!({
        "codeowners": location,
        "paths": paths,
        "rules": owners.rules.len(),
        "skipped_lines": owners.skipped.iter().take(MAX_LISTED).map(|s| quote(s)).collect::<Vec<_>>(),
        "files_checked": files.len(),
        "unowned_count": unowned.len(),
        "unowned": unowned.iter().take(MAX_LISTED).collect::<Vec<_>>(),
        "default_owners": default_rule.map(|r| &r.owners),
    });
    let line = default_rule.map(|r| r.line);
    if files.is_empty() {
        let scope = paths
            .map(|p| list_some(p, MAX_LISTED))
            .unwrap_or_else(|| "the repository".into());
        let summary = format!("No file matches {scope}, so CODEOWNERS ({location}) covers nothing");
        return Ok(CheckResult::fail(
            Evidence::new(summary, observed).at(*location, Some(1)),
        ));
    }
    if unowned.is_empty() {
        let who = default_rule
            .map(|r| format!("; the default owners are {}", r.owners.join(" ")))
            .unwrap_or_default();
        let summary = format!("All {} files have an owner in {location}{who}", files.len());
        return Ok(CheckResult::pass(
            Evidence::new(summary, observed).at(*location, line),
        ));
    }
    let summary = format!(
        "{} of {} files have no owner in {location}: {}",
        unowned.len(),
        files.len(),
        list_some(&unowned, MAX_LISTED)
    );
    // Without a default rule, the top of the file is where one goes.
    Ok(CheckResult::fail(
        Evidence::new(summary, observed).at(*location, Some(line.unwrap_or(1))),
    ))
}
