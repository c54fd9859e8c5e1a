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

impl CheckOutcome {
    /// The review outcome this verdict records.
    pub fn as_outcome(self) -> crate::domain::review::Outcome {
        use crate::domain::review::Outcome;
        match self {
            Self::Pass => Outcome::Pass,
            Self::Fail => Outcome::Fail,
            Self::Error => Outcome::Error,
            Self::NotApplicable => Outcome::NotApplicable,
        }
    }
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
    /// What the evidence is about in that file, e.g. `Deployment/api, container worker`
    /// or `alert HighErrorRate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
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
            object: None,
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

    /// The evidence as stored: JSON in which every control character a quoted file or a
    /// remote answer carried (other than line feeds and tabs) is replaced by U+FFFD, so a
    /// binary file quoted as evidence can be stored on PostgreSQL and shown on a page.
    pub fn to_stored_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        scrub(&mut value);
        value
    }

    /// Sets the object the evidence is about.
    pub fn about(mut self, object: Option<String>) -> Self {
        self.object = object;
        self
    }

    /// Sets the commit the evidence was read at.
    pub fn with_commit(mut self, commit: Option<String>) -> Self {
        self.commit = commit;
        self
    }
}

fn scrub(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s)
            if s.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t')) =>
        {
            *s = s
                .chars()
                .map(|c| match c {
                    '\n' | '\t' => c,
                    c if c.is_control() => char::REPLACEMENT_CHARACTER,
                    c => c,
                })
                .collect();
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::Object(map) => map.values_mut().for_each(scrub),
        _ => {}
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

#[cfg(test)]
mod tests {
    use super::Evidence;

    #[test]
    fn stored_evidence_holds_no_control_characters() {
        let e = Evidence::new(
            "line 3: key\0=\u{1b}[1mvalue",
            serde_json::json!({"lines": ["a\tb\nc\u{7f}"], "n": 1}),
        )
        .at("bin/\u{0}x", Some(3));
        let stored = e.to_stored_json();
        assert_eq!(stored["summary"], "line 3: key\u{fffd}=\u{fffd}[1mvalue");
        assert_eq!(stored["observed"]["lines"][0], "a\tb\nc\u{fffd}");
        assert_eq!(stored["observed"]["n"], 1);
        assert_eq!(stored["path"], "bin/\u{fffd}x");
    }
}
