//! Automated checks an item can carry: the check kinds, their operators and arguments,
//! mirroring the `check` object of `checklists/schema.json`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Comparison applied by `repo.yaml_path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YamlOp {
    /// The path selects at least one node.
    Exists,
    /// The path selects nothing.
    Absent,
    /// Equal to `value`.
    Equals,
    /// Not equal to `value`.
    NotEquals,
    /// Numerically ≥ `value`.
    Gte,
    /// Numerically ≤ `value`.
    Lte,
    /// Matches the regex in `value`.
    Matches,
}

/// Whether all or any of the selected nodes must satisfy a `repo.yaml_path` check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Require {
    /// Every selected node.
    #[default]
    All,
    /// At least one.
    Any,
}

/// Comparison applied by `prometheus.query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromOp {
    /// The result has at least one sample.
    NonEmpty,
    /// The result has no samples.
    Empty,
    /// Every sample ≥ `value`.
    Gte,
    /// Every sample ≤ `value`.
    Lte,
    /// Every sample equals `value`.
    Equals,
}

/// A declarative automated check, executed by the verification engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum CheckSpec {
    /// A file matching one of the globs exists (optionally with a minimum size).
    #[serde(rename = "repo.file_exists")]
    RepoFileExists {
        /// Globs relative to the repository root.
        paths: Vec<String>,
        /// Minimum size in bytes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_bytes: Option<u64>,
    },
    /// A file matching the globs contains a line matching the regex.
    #[serde(rename = "repo.file_contains")]
    RepoFileContains {
        /// Globs relative to the repository root.
        paths: Vec<String>,
        /// Regular expression.
        pattern: String,
        /// Match case-insensitively.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case_insensitive: Option<bool>,
        /// What the pattern looks for, in words an owner reads (`a USER that is not root`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        needs: Option<String>,
        /// Lines showing what is there instead (`^USER`, matched ignoring case): on a
        /// failure the first one found is quoted and pointed at, so the owner sees the line
        /// to change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        near_miss: Option<String>,
    },
    /// A JSONPath predicate over every document of matching YAML/JSON files.
    #[serde(rename = "repo.yaml_path")]
    RepoYamlPath {
        /// Globs relative to the repository root.
        paths: Vec<String>,
        /// JSONPath choosing the nodes to check.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        select: Option<String>,
        /// JSONPath evaluated on each selected node.
        path: String,
        /// Comparison.
        op: YamlOp,
        /// Operand of the comparison.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<serde_json::Value>,
        /// All or any selected node must satisfy it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        require: Option<Require>,
        /// What each selected node needs, in words an owner reads (`a readiness probe on
        /// every container`); evidence says it instead of the JSONPath.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        needs: Option<String>,
    },
    /// CODEOWNERS covers the service's paths.
    #[serde(rename = "repo.codeowners")]
    RepoCodeowners {
        /// Globs that must be covered; default the whole repository.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        paths: Option<Vec<String>>,
    },
    /// Branch protection requires reviews (GitHub only).
    #[serde(rename = "repo.branch_protection")]
    RepoBranchProtection {
        /// Branch; default the repository's default branch.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        branch: Option<String>,
        /// Minimum required approving reviews.
        min_reviews: u8,
        /// Also require status checks.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        require_status_checks: Option<bool>,
    },
    /// A PromQL query, compared to a value.
    #[serde(rename = "prometheus.query")]
    PrometheusQuery {
        /// PromQL with `{{slug}}`, `{{job}}`, `{{selector}}`, `{{namespace}}` placeholders.
        query: String,
        /// Comparison.
        op: PromOp,
        /// Operand.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<f64>,
    },
    /// A loaded, healthy alerting rule for the service exists.
    #[serde(rename = "prometheus.alert_rule")]
    PrometheusAlertRule {
        /// Labels the rule must carry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        labels: Option<BTreeMap<String, String>>,
        /// Annotations that must be non-empty.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        annotations: Option<Vec<String>>,
        /// Regex the rule's expression must match.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expr_pattern: Option<String>,
    },
    /// Scrape targets of the service exist and are up.
    #[serde(rename = "prometheus.target_up")]
    PrometheusTargetUp {
        /// Share of targets that must be up (default 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_up_ratio: Option<f64>,
    },
    /// A recording rule whose name matches the regex is loaded.
    #[serde(rename = "prometheus.recording_rule")]
    PrometheusRecordingRule {
        /// Regex for the record name.
        name: String,
    },
}

impl CheckSpec {
    /// The `kind` tag as written in templates.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::RepoFileExists { .. } => "repo.file_exists",
            Self::RepoFileContains { .. } => "repo.file_contains",
            Self::RepoYamlPath { .. } => "repo.yaml_path",
            Self::RepoCodeowners { .. } => "repo.codeowners",
            Self::RepoBranchProtection { .. } => "repo.branch_protection",
            Self::PrometheusQuery { .. } => "prometheus.query",
            Self::PrometheusAlertRule { .. } => "prometheus.alert_rule",
            Self::PrometheusTargetUp { .. } => "prometheus.target_up",
            Self::PrometheusRecordingRule { .. } => "prometheus.recording_rule",
        }
    }
}
