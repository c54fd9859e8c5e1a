//! Automated verification results.

use crate::domain::records;
use crate::graphql::enums::Outcome;
use crate::services::verification::{ItemVerification, VerificationReport as Report};
use crate::verify::CheckOutcome;
use async_graphql::{ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};

fn outcome(o: &CheckOutcome) -> Outcome {
    match o {
        CheckOutcome::Pass => Outcome::Pass,
        CheckOutcome::Fail => Outcome::Fail,
        CheckOutcome::Error => Outcome::Error,
        CheckOutcome::NotApplicable => Outcome::NotApplicable,
    }
}

/// The latest automated result of one item.
pub struct VerificationResult(pub records::VerificationResult);

#[Object]
impl VerificationResult {
    /// What the check found.
    async fn outcome(&self) -> Outcome {
        match self.0.outcome.as_str() {
            "pass" => Outcome::Pass,
            "fail" => Outcome::Fail,
            "not_applicable" => Outcome::NotApplicable,
            _ => Outcome::Error,
        }
    }
    /// One sentence: what was checked and what was found.
    async fn summary(&self) -> Option<&str> {
        self.0.evidence.get("summary").and_then(|v| v.as_str())
    }
    /// File the evidence points at.
    async fn path(&self) -> Option<&str> {
        self.0.evidence.get("path").and_then(|v| v.as_str())
    }
    /// 1-based line in that file.
    async fn line(&self) -> Option<i64> {
        self.0
            .evidence
            .get("line")
            .and_then(serde_json::Value::as_i64)
    }
    /// What the evidence is about in that file: `Deployment/api, container worker`,
    /// `alert HighErrorRate`.
    async fn object(&self) -> Option<&str> {
        self.0.evidence.get("object").and_then(|v| v.as_str())
    }
    /// Full evidence: observed values, query, commit.
    async fn evidence(&self) -> Json<serde_json::Value> {
        Json(self.0.evidence.clone())
    }
    /// The last pass/fail evidence, kept when a later run could not reach its source.
    async fn last_conclusive(&self) -> Option<Json<serde_json::Value>> {
        self.0.last_conclusive.clone().map(Json)
    }
    async fn commit_sha(&self) -> Option<&str> {
        self.0.commit_sha.as_deref()
    }
    async fn checked_at(&self) -> DateTime<Utc> {
        self.0.checked_at
    }
    /// A manual pass that this result contradicts; the reviewer should look.
    async fn flagged(&self) -> bool {
        self.0.flagged
    }
}

/// One item checked by `verifyService`.
#[derive(SimpleObject)]
pub struct VerifiedItem {
    /// Item key.
    pub item_key: String,
    /// What the check found.
    pub outcome: Outcome,
    /// What was checked and found.
    pub summary: String,
    /// File the evidence points at.
    pub path: Option<String>,
    /// Line in that file.
    pub line: Option<i32>,
    /// What the evidence is about in that file (`Deployment/api, container worker`).
    pub object: Option<String>,
    /// The result became the item's answer (no manual answer existed).
    pub applied: bool,
    /// Contradicts a manual pass.
    pub flagged: bool,
}

/// An automated item that was not checked.
#[derive(SimpleObject)]
pub struct SkippedItem {
    /// Item key.
    pub item_key: String,
    /// Why.
    pub reason: String,
}

/// The result of `verifyService`.
pub struct VerificationReport(pub Report);

#[Object]
impl VerificationReport {
    async fn review_id(&self) -> ID {
        ID(self.0.review_id.to_string())
    }
    /// The repository source used.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// Commit of the evidence, when known.
    async fn commit(&self) -> Option<&str> {
        self.0.commit.as_deref()
    }
    async fn items(&self) -> Vec<VerifiedItem> {
        self.0.items.iter().map(verified).collect()
    }
    async fn skipped(&self) -> Vec<SkippedItem> {
        self.0
            .skipped
            .iter()
            .map(|(k, r)| SkippedItem {
                item_key: k.clone(),
                reason: r.clone(),
            })
            .collect()
    }
}

fn verified(i: &ItemVerification) -> VerifiedItem {
    VerifiedItem {
        item_key: i.item_key.clone(),
        outcome: outcome(&i.result.outcome),
        summary: i.result.evidence.summary.clone(),
        path: i.result.evidence.path.clone(),
        line: i.result.evidence.line.map(|l| l as i32),
        object: i.result.evidence.object.clone(),
        applied: i.applied,
        flagged: i.flagged,
    }
}
