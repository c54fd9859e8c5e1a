//! What a change (a pull request: base commit → head commit) does to a service's readiness.
//!
//! The repository checks run at both commits; everything else (manual answers, Prometheus
//! results, waivers, sign-offs) comes from the current review. Both scorecards are computed
//! by the scoring engine; this module compares them and the two sets of check findings and
//! judges the change, not the history: an item is *broken* by the change when it held at the
//! base and does not at the head, *fixed* when the reverse, and a failure present at both
//! commits is *pre-existing*, listed but never blamed on the change (the Codecov/SonarQube
//! "new code" idea).

mod policy;
mod render;
mod summary;
#[cfg(test)]
mod tests;

pub use render::{Annotation, AnnotationLevel, Links, gate_words};

use crate::domain::review::Outcome;
use crate::domain::scoring::{Decision, Scorecard};
use crate::domain::template::{Severity, Template};
use crate::string_enum;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

string_enum!(
    /// How a pull request check concludes, set per service (blocking regressions unless
    /// set).
    #[derive(Default)]
    PrCheckPolicy {
        /// Fail when the change breaks an item that held at the base or lowers the gate.
        #[default]
        BlockRegressions => "block_regressions",
        /// Report only: the check is always neutral.
        Informational => "informational",
        /// Fail whenever the head's gate is NO_GO (release branches).
        BlockNoGo => "block_no_go"
    }
);

/// A check's conclusion, as GitHub and CI jobs know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conclusion {
    /// The change may merge.
    Success,
    /// The policy blocks the change.
    Failure,
    /// Reported, not judged.
    Neutral,
}

impl Conclusion {
    /// GitHub's spelling: `success`, `failure` or `neutral`.
    pub fn as_github(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Neutral => "neutral",
        }
    }

    /// The exit code of `orrery check`: 0 success or neutral, 1 failure.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Failure => 1,
            Self::Success | Self::Neutral => 0,
        }
    }
}

/// What one repository check found at one commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The check's verdict (`pass`, `fail`, `error` or `not_applicable`).
    pub outcome: Outcome,
    /// One sentence: what was checked and found.
    pub summary: String,
    /// Repository-relative file the finding points at.
    pub path: Option<String>,
    /// 1-based line in `path`.
    pub line: Option<u32>,
}

impl Finding {
    /// The item holds (or does not apply) at this commit.
    pub fn holds(&self) -> bool {
        matches!(self.outcome, Outcome::Pass | Outcome::NotApplicable)
    }

    /// The item fails or could not be checked at this commit.
    pub fn fails(&self) -> bool {
        matches!(self.outcome, Outcome::Fail | Outcome::Error)
    }
}

/// One item's findings at both commits.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemDelta {
    /// Item key.
    pub key: String,
    /// Item title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// At the base (`None`: the check did not run there).
    pub base: Option<Finding>,
    /// At the head (`None`: the check did not run there).
    pub head: Option<Finding>,
    /// A valid waiver covers the item, so its result does not change the gate.
    pub waived: bool,
}

/// A waiver that counts at the evaluation instant.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiverInForce {
    /// Item key.
    pub item_key: String,
    /// Why it was granted.
    pub reason: String,
    /// When it stops counting.
    pub expires_at: DateTime<Utc>,
}

/// One side of the comparison: the commit and what its repository checks found, by item key.
#[derive(Debug, Clone, Default)]
pub struct Side {
    /// Commit SHA (or a ref the caller resolved).
    pub commit: String,
    /// Findings by item key.
    pub findings: HashMap<String, Finding>,
}

/// Everything [`judge`] compares.
#[derive(Debug, Clone)]
pub struct ChangeInput<'a> {
    /// The template the items come from.
    pub template: &'a Template,
    /// The service's policy.
    pub policy: PrCheckPolicy,
    /// Base commit and findings.
    pub base: &'a Side,
    /// Head commit and findings.
    pub head: &'a Side,
    /// Scorecard with the base's findings (`None` when only repository checks are judged).
    pub before: Option<Scorecard>,
    /// Scorecard with the head's findings.
    pub after: Option<Scorecard>,
    /// Waivers in force.
    pub waivers: Vec<WaiverInForce>,
    /// Problems of the readiness manifest (`orrery.yaml`) at the base and at the head.
    pub manifest: ManifestProblems,
}

/// A problem in a file the change carries (the readiness manifest), where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

/// The readiness manifest's problems on both sides; empty when it is valid or absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestProblems {
    /// At the base.
    pub base: Vec<FileProblem>,
    /// At the head.
    pub head: Vec<FileProblem>,
}

impl ManifestProblems {
    /// The change makes a valid (or absent) manifest invalid.
    pub fn broken_by_change(&self) -> bool {
        self.base.is_empty() && !self.head.is_empty()
    }
}

/// The verdict on one change for one service.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeReport {
    /// The policy applied.
    pub policy: PrCheckPolicy,
    /// Base commit.
    pub base_commit: String,
    /// Head commit.
    pub head_commit: String,
    /// Scorecard at the base (`None` when only repository checks are judged).
    pub before: Option<Scorecard>,
    /// Scorecard at the head.
    pub after: Option<Scorecard>,
    /// Items the change breaks, blockers first.
    pub broken: Vec<ItemDelta>,
    /// Items the change fixes, blockers first.
    pub fixed: Vec<ItemDelta>,
    /// Items failing at both commits (not caused by the change), blockers first.
    pub pre_existing: Vec<ItemDelta>,
    /// Repository checks that hold at both commits.
    pub unchanged_passing: usize,
    /// Waivers in force.
    pub waivers: Vec<WaiverInForce>,
    /// The readiness manifest's problems.
    pub manifest: ManifestProblems,
    /// The conclusion under the policy.
    pub conclusion: Conclusion,
    /// Why, in one sentence.
    pub conclusion_reason: String,
}

impl ChangeReport {
    /// The conclusion under the policy.
    pub fn conclusion(&self) -> Conclusion {
        self.conclusion
    }

    /// The gate at the base and at the head, when scorecards were computed.
    pub fn gates(&self) -> Option<(Decision, Decision)> {
        Some((
            self.before.as_ref()?.decision,
            self.after.as_ref()?.decision,
        ))
    }

    /// The change lowers the gate (GO → GO with conditions → NO-GO).
    pub fn lowers_gate(&self) -> bool {
        self.gates().is_some_and(|(b, a)| a > b)
    }

    /// Broken items not covered by a waiver.
    pub fn unwaived_broken(&self) -> impl Iterator<Item = &ItemDelta> {
        self.broken.iter().filter(|d| !d.waived)
    }
}

/// Compares both sides and concludes under the policy.
pub fn judge(input: ChangeInput<'_>) -> ChangeReport {
    let waived: std::collections::HashSet<&str> =
        input.waivers.iter().map(|w| w.item_key.as_str()).collect();
    let (mut broken, mut fixed, mut pre_existing) = (Vec::new(), Vec::new(), Vec::new());
    let mut unchanged_passing = 0;
    for (_, item) in input.template.items() {
        let base = input.base.findings.get(&item.key);
        let head = input.head.findings.get(&item.key);
        if base.is_none() && head.is_none() {
            continue;
        }
        let delta = ItemDelta {
            key: item.key.clone(),
            title: item.title.clone(),
            severity: item.severity,
            base: base.cloned(),
            head: head.cloned(),
            waived: waived.contains(item.key.as_str()),
        };
        let held = base.is_none_or(Finding::holds);
        let holds = head.is_none_or(Finding::holds);
        match (held, holds) {
            (true, false) => broken.push(delta),
            (false, true) => fixed.push(delta),
            (false, false) => pre_existing.push(delta),
            (true, true) => unchanged_passing += 1,
        }
    }
    for list in [&mut broken, &mut fixed, &mut pre_existing] {
        // Stable: template order within each severity.
        list.sort_by_key(|d| severity_rank(d.severity));
    }
    let mut report = ChangeReport {
        policy: input.policy,
        base_commit: input.base.commit.clone(),
        head_commit: input.head.commit.clone(),
        before: input.before,
        after: input.after,
        broken,
        fixed,
        pre_existing,
        unchanged_passing,
        waivers: input.waivers,
        manifest: input.manifest,
        conclusion: Conclusion::Neutral,
        conclusion_reason: String::new(),
    };
    let (conclusion, reason) = policy::conclude(&report);
    report.conclusion = conclusion;
    report.conclusion_reason = reason;
    report
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Blocker => 0,
        Severity::Major => 1,
        Severity::Minor => 2,
    }
}
