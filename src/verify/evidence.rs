//! What an automated check found: an outcome plus evidence a reviewer can follow.

use serde::Serialize;

/// The verdict of one automated check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// The repository or system shows the item holds.
    Pass,
    /// The check ran and the item does not hold.
    Fail,
    /// The check could not run (source unreachable, invalid pattern, unparseable file);
    /// earns no credit and is never treated as a pass.
    Error,
    /// The check does not apply to this source (e.g. branch protection of a local checkout).
    NotApplicable,
}

/// Evidence behind a [`CheckOutcome`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// One sentence a reviewer reads: what was checked and what was found.
    pub summary: String,
    /// Structured details (counts, matched paths, observed values).
    pub observed: serde_json::Value,
    /// Repository-relative file the evidence points at, `/`-separated.
    pub path: Option<String>,
    /// 1-based line in `path`.
    pub line: Option<u32>,
    /// Commit the repository was read at, when known.
    pub commit: Option<String>,
    /// Query that produced the evidence (Prometheus checks).
    pub query: Option<String>,
}

impl Evidence {
    /// Evidence with a summary and structured details and nothing else.
    pub fn new(summary: impl Into<String>, observed: serde_json::Value) -> Self {
        Self {
            summary: summary.into(),
            observed,
            path: None,
            line: None,
            commit: None,
            query: None,
        }
    }

    /// Sets the file the evidence points at.
    pub fn at(mut self, path: impl Into<String>, line: Option<u32>) -> Self {
        self.path = Some(path.into());
        self.line = line;
        self
    }

    /// Sets the commit the evidence was read at.
    pub fn with_commit(mut self, commit: Option<String>) -> Self {
        self.commit = commit;
        self
    }
}

/// The outcome of one automated check and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// The verdict.
    pub outcome: CheckOutcome,
    /// What was checked and found.
    pub evidence: Evidence,
}

impl CheckResult {
    /// A result with the given outcome.
    pub fn new(outcome: CheckOutcome, evidence: Evidence) -> Self {
        Self { outcome, evidence }
    }

    /// A passing result.
    pub fn pass(evidence: Evidence) -> Self {
        Self::new(CheckOutcome::Pass, evidence)
    }

    /// A failing result.
    pub fn fail(evidence: Evidence) -> Self {
        Self::new(CheckOutcome::Fail, evidence)
    }

    /// A check that could not run, with the reason as summary.
    pub fn error(summary: impl Into<String>, observed: serde_json::Value) -> Self {
        Self::new(CheckOutcome::Error, Evidence::new(summary, observed))
    }
}
