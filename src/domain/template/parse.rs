//! Loading a template from YAML: syntax, JSON Schema, then semantic rules, with every
//! problem reported at its file, line and column.

use super::locate::PositionMap;
use super::model::Template;
use std::collections::HashSet;
use std::fmt;

/// One problem found in a template source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateIssue {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// JSON pointer of the offending node (empty for the whole document).
    pub pointer: String,
    /// The rule broken: a JSON Schema keyword (`enum`, `required`, …), `yaml` for syntax
    /// errors, or a semantic rule name (`unique-item-key`, …).
    pub rule: String,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in one template source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// File name (or other label) of the source.
    pub source: String,
    /// The problems, in document order where possible.
    pub issues: Vec<TemplateIssue>,
}

impl fmt::Display for TemplateIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}: ")?;
        }
        write!(f, "{} [rule: {}", self.message, self.rule)?;
        if !self.pointer.is_empty() {
            write!(f, ", at {}", self.pointer)?;
        }
        f.write_str("]")
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.issues.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}:{issue}", self.source)?;
        }
        Ok(())
    }
}

impl std::error::Error for TemplateError {}

/// The compiled `checklists/schema.json`.
pub struct TemplateSchema {
    validator: jsonschema::Validator,
}

impl fmt::Debug for TemplateSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TemplateSchema")
    }
}

/// Most issues reported for one file; past this, the rest are noise.
const MAX_ISSUES: usize = 50;

impl TemplateSchema {
    /// Compiles a JSON Schema (draft 2020-12) given as JSON text.
    pub fn compile(schema_json: &str) -> Result<Self, String> {
        let schema: serde_json::Value = serde_json::from_str(schema_json)
            .map_err(|e| format!("schema.json is not valid JSON: {e}"))?;
        let validator = jsonschema::draft202012::new(&schema)
            .map_err(|e| format!("schema.json is not a valid JSON Schema: {e}"))?;
        Ok(Self { validator })
    }

    /// Parses and checks a template. `source` names the file in error messages.
    pub fn parse(&self, source: &str, text: &str) -> Result<Template, TemplateError> {
        let fail = |issues: Vec<TemplateIssue>| TemplateError {
            source: source.to_owned(),
            issues,
        };
        let value: serde_json::Value = serde_saphyr::from_str(text).map_err(|e| {
            let loc = e.location();
            fail(vec![TemplateIssue {
                line: loc.map(|l| l.line() as usize),
                column: loc.map(|l| l.column() as usize),
                pointer: String::new(),
                rule: "yaml".into(),
                message: first_line(&e.to_string()),
            }])
        })?;
        let positions = PositionMap::build(text);
        let at = |pointer: &str, rule: &str, message: String| {
            let pos = positions.find(pointer);
            TemplateIssue {
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
                pointer: pointer.to_owned(),
                rule: rule.to_owned(),
                message,
            }
        };
        let schema_issues: Vec<_> = self
            .validator
            .iter_errors(&value)
            .take(MAX_ISSUES)
            .map(|e| {
                at(
                    e.instance_path().as_str(),
                    e.kind().keyword(),
                    e.to_string(),
                )
            })
            .collect();
        if !schema_issues.is_empty() {
            return Err(fail(sorted(schema_issues)));
        }
        let template: Template = serde_json::from_value(value).map_err(|e| {
            fail(vec![at(
                "",
                "shape",
                format!("does not match the template model: {e}"),
            )])
        })?;
        let issues = semantic_issues(&template, &at);
        if issues.is_empty() {
            Ok(template)
        } else {
            Err(fail(sorted(issues)))
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_owned()
}

fn sorted(mut issues: Vec<TemplateIssue>) -> Vec<TemplateIssue> {
    issues.sort_by_key(|i| (i.line.unwrap_or(usize::MAX), i.column.unwrap_or(0)));
    issues
}

/// Rules JSON Schema cannot express: uniqueness, key prefixes, level numbering.
fn semantic_issues(
    t: &Template,
    at: &dyn Fn(&str, &str, String) -> TemplateIssue,
) -> Vec<TemplateIssue> {
    let mut issues = Vec::new();
    for (i, level) in t.levels.iter().enumerate() {
        if usize::from(level.number) != i + 1 {
            issues.push(at(
                &format!("/levels/{i}/number"),
                "level-sequence",
                format!(
                    "levels must be numbered 1, 2, 3, … in order; expected {} here, found {}",
                    i + 1,
                    level.number
                ),
            ));
        }
    }
    let max_level = t.levels.len();
    let mut category_keys = HashSet::new();
    let mut item_keys = HashSet::new();
    for (ci, category) in t.categories.iter().enumerate() {
        if !category_keys.insert(category.key.as_str()) {
            issues.push(at(
                &format!("/categories/{ci}/key"),
                "unique-category-key",
                format!("category key `{}` is used more than once", category.key),
            ));
        }
        for (ii, item) in category.items.iter().enumerate() {
            let base = format!("/categories/{ci}/items/{ii}");
            if !item_keys.insert(item.key.as_str()) {
                issues.push(at(
                    &format!("{base}/key"),
                    "unique-item-key",
                    format!("item key `{}` is used more than once; keys must be unique across the template", item.key),
                ));
            }
            if item.key.split_once('.').map(|(c, _)| c) != Some(category.key.as_str()) {
                issues.push(at(
                    &format!("{base}/key"),
                    "item-key-prefix",
                    format!(
                        "item key `{}` must start with its category key `{}.`",
                        item.key, category.key
                    ),
                ));
            }
            if usize::from(item.level) > max_level || item.level == 0 {
                issues.push(at(
                    &format!("{base}/level"),
                    "declared-level",
                    format!(
                        "level {} is not declared (the template declares levels 1..={max_level})",
                        item.level
                    ),
                ));
            }
        }
    }
    issues
}
