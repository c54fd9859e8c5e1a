//! GraphQL shapes of a change evaluation.

use crate::domain::change as c;
use crate::error::{AppError, AppResult};
use crate::graphql::enums::{Outcome, PrCheckPolicy, Severity};
use crate::graphql::types::Scorecard;
use crate::services::pr_check::SideInput;
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use async_graphql::{Enum, InputObject, SimpleObject};
use chrono::{DateTime, Utc};

/// What a repository check found, as a CI job reports it.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CheckOutcomeInput {
    /// The item holds.
    Pass,
    /// The item does not hold.
    Fail,
    /// The check could not run.
    Error,
    /// The check does not apply.
    NotApplicable,
}

/// One repository check's result at one commit.
#[derive(InputObject)]
pub struct CheckResultInput {
    /// Item key, e.g. `security.non_root`.
    pub item_key: String,
    /// Verdict.
    pub outcome: CheckOutcomeInput,
    /// What was checked and found (at most 2,000 characters).
    pub summary: String,
    /// Repository-relative file the finding points at.
    pub path: Option<String>,
    /// 1-based line in `path`.
    pub line: Option<i32>,
}

/// One side of a change.
#[derive(InputObject)]
pub struct ChangeSideInput {
    /// Commit SHA (hexadecimal).
    pub commit: String,
    /// The template's repository checks' results at this commit.
    pub results: Vec<CheckResultInput>,
    /// SLOs declared at this commit (its `orrery.yaml`); omitted: the catalog's.
    pub slo_count: Option<i32>,
}

impl ChangeSideInput {
    /// Checks sizes and shapes; `side` names the argument in errors.
    pub fn parse(self, side: &str, max_results: usize) -> AppResult<SideInput> {
        let commit = self.commit.trim().to_ascii_lowercase();
        if !(7..=64).contains(&commit.len()) || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::invalid(
                format!("{side}.commit"),
                "must be a commit SHA (7 to 64 hexadecimal digits)",
            ));
        }
        if self.results.len() > max_results {
            return Err(AppError::invalid(
                format!("{side}.results"),
                format!("at most {max_results} results"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        let mut results = Vec::with_capacity(self.results.len());
        for (i, r) in self.results.into_iter().enumerate() {
            let at = |f: &str| format!("{side}.results[{i}].{f}");
            if r.item_key.is_empty() || r.item_key.len() > 200 {
                return Err(AppError::invalid(
                    at("itemKey"),
                    "must be 1 to 200 characters",
                ));
            }
            if !seen.insert(r.item_key.clone()) {
                return Err(AppError::invalid(
                    at("itemKey"),
                    format!("`{}` is given twice", r.item_key),
                ));
            }
            if r.summary.chars().count() > 2_000 {
                return Err(AppError::invalid(at("summary"), "at most 2,000 characters"));
            }
            if r.path
                .as_ref()
                .is_some_and(|p| p.len() > 500 || p.is_empty())
            {
                return Err(AppError::invalid(at("path"), "must be 1 to 500 characters"));
            }
            let line = match r.line {
                None => None,
                Some(l) if l >= 1 => Some(l.unsigned_abs()),
                Some(_) => return Err(AppError::invalid(at("line"), "must be 1 or more")),
            };
            let outcome = match r.outcome {
                CheckOutcomeInput::Pass => CheckOutcome::Pass,
                CheckOutcomeInput::Fail => CheckOutcome::Fail,
                CheckOutcomeInput::Error => CheckOutcome::Error,
                CheckOutcomeInput::NotApplicable => CheckOutcome::NotApplicable,
            };
            let mut evidence = Evidence::new(r.summary, serde_json::Value::Null);
            evidence.path = r.path;
            evidence.line = line;
            results.push((r.item_key, CheckResult::new(outcome, evidence)));
        }
        let slo_count = match self.slo_count {
            None => None,
            Some(n) if (0..=1_000).contains(&n) => Some(n.unsigned_abs() as usize),
            Some(_) => {
                return Err(AppError::invalid(
                    format!("{side}.sloCount"),
                    "must be between 0 and 1,000",
                ));
            }
        };
        Ok(SideInput {
            commit,
            results,
            slo_count,
        })
    }
}

/// How a pull request check concludes.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "c::Conclusion")]
pub enum CheckConclusion {
    /// The change may merge.
    Success,
    /// The policy blocks the change.
    Failure,
    /// Reported, not judged.
    Neutral,
}

/// How serious an annotation is.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "c::AnnotationLevel")]
pub enum AnnotationLevel {
    /// Blocks under the policy.
    Failure,
    /// Worth a look.
    Warning,
    /// For information.
    Notice,
}

/// What a check found at one commit.
#[derive(SimpleObject)]
pub struct ChangeFinding {
    /// Verdict.
    pub outcome: Outcome,
    /// What was checked and found.
    pub summary: String,
    /// File.
    pub path: Option<String>,
    /// Line.
    pub line: Option<u32>,
}

/// One item's findings at the base and the head.
#[derive(SimpleObject)]
pub struct ItemChange {
    /// Item key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// At the base.
    pub base: Option<ChangeFinding>,
    /// At the head.
    pub head: Option<ChangeFinding>,
    /// A valid waiver covers the item.
    pub waived: bool,
}

/// A waiver in force.
#[derive(SimpleObject)]
pub struct WaiverInForce {
    /// Item key.
    pub item_key: String,
    /// Why it was granted.
    pub reason: String,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
}

/// A note on one line of one file.
#[derive(SimpleObject)]
pub struct CheckAnnotation {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// Severity.
    pub level: AnnotationLevel,
    /// Title.
    pub title: String,
    /// Message.
    pub message: String,
}

/// The verdict on a change for one service.
#[derive(SimpleObject)]
pub struct ChangeEvaluation {
    /// One line, e.g. `NO-GO → GO with conditions · 72.4 → 81.0 (+8.6)`.
    pub title: String,
    /// The conclusion under the service's policy.
    pub conclusion: CheckConclusion,
    /// Why, in one sentence.
    pub conclusion_reason: String,
    /// The policy applied.
    pub policy: PrCheckPolicy,
    /// Base commit.
    pub base_commit: String,
    /// Head commit.
    pub head_commit: String,
    /// Scorecard with the base's repository checks.
    pub before: Option<Scorecard>,
    /// Scorecard with the head's repository checks.
    pub after: Option<Scorecard>,
    /// Items the change breaks.
    pub broken: Vec<ItemChange>,
    /// Items the change fixes.
    pub fixed: Vec<ItemChange>,
    /// Items failing at both commits (not caused by the change).
    pub pre_existing: Vec<ItemChange>,
    /// Waivers in force.
    pub waivers: Vec<WaiverInForce>,
    /// Annotations on the lines broken items point at.
    pub annotations: Vec<CheckAnnotation>,
    /// The Markdown summary a check run or a CI job's step summary shows.
    pub summary_markdown: String,
}

fn finding(f: c::Finding) -> ChangeFinding {
    ChangeFinding {
        outcome: f.outcome.into(),
        summary: f.summary,
        path: f.path,
        line: f.line,
    }
}

fn items(list: Vec<c::ItemDelta>) -> Vec<ItemChange> {
    list.into_iter()
        .map(|d| ItemChange {
            key: d.key,
            title: d.title,
            severity: d.severity.into(),
            base: d.base.map(finding),
            head: d.head.map(finding),
            waived: d.waived,
        })
        .collect()
}

impl ChangeEvaluation {
    /// The GraphQL shape of `report`, with links to the service's pages.
    pub fn new(report: c::ChangeReport, links: c::Links) -> Self {
        let title = report.title();
        let summary_markdown = report.summary_markdown(&links);
        let annotations = report
            .annotations()
            .into_iter()
            .map(|a| CheckAnnotation {
                path: a.path,
                line: a.line,
                level: a.level.into(),
                title: a.title,
                message: a.message,
            })
            .collect();
        Self {
            title,
            conclusion: report.conclusion.into(),
            conclusion_reason: report.conclusion_reason,
            policy: report.policy.into(),
            base_commit: report.base_commit,
            head_commit: report.head_commit,
            before: report.before.map(Scorecard),
            after: report.after.map(Scorecard),
            broken: items(report.broken),
            fixed: items(report.fixed),
            pre_existing: items(report.pre_existing),
            waivers: report
                .waivers
                .into_iter()
                .map(|w| WaiverInForce {
                    item_key: w.item_key,
                    reason: w.reason,
                    expires_at: w.expires_at,
                })
                .collect(),
            annotations,
            summary_markdown,
        }
    }
}
