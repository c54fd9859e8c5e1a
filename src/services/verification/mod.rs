//! Running a review's automated checks and recording what they found. Automation never
//! overwrites a person's answer: where it disagrees with a manual pass, the item is flagged.

pub mod jobs;
mod memo;
mod record;
pub mod scheduler;
mod sources;

pub use sources::{NoRepo, VerifySources};

use crate::domain::access::Act;
use crate::domain::catalog::Monitoring;
use crate::domain::records;
use crate::error::{AppError, AppResult};
use crate::services::reviews::touch_review;
use crate::services::write::Change;
use crate::services::{Actor, Services};
use crate::verify::CheckResult;
use crate::verify::placeholders::{ServiceFields, fill_spec};
use crate::verify::prom::{is_prom_check, run_prom_check};
use crate::verify::repo::{RepoSource, Subdir, is_repo_check, run_repo_check};
use serde_json::json;

/// What one item's check found and what was done with it.
#[derive(Debug, Clone)]
pub struct ItemVerification {
    /// Item key.
    pub item_key: String,
    /// The check's result.
    pub result: CheckResult,
    /// The result became the item's answer (there was no manual answer).
    pub applied: bool,
    /// A manual pass that automation contradicts.
    pub flagged: bool,
}

/// The outcome of verifying one service.
#[derive(Debug, Clone)]
pub struct VerificationReport {
    /// Review verified.
    pub review_id: i64,
    /// The repository source, described.
    pub source: Option<String>,
    /// Commit the evidence was taken at, when known.
    pub commit: Option<String>,
    /// Items checked.
    pub items: Vec<ItemVerification>,
    /// Automated items not checked, with the reason.
    pub skipped: Vec<(String, String)>,
}

impl Services {
    /// Runs every repository check of the service's current review and records the results.
    pub async fn verify_service(&self, actor: &Actor, slug: &str) -> AppResult<VerificationReport> {
        let service = self.service(slug).await?;
        // Before any repository or Prometheus is asked.
        let team = self.team_slug(self.db.conn(), service.team_id).await?;
        let act = Act::Contribute {
            team_id: service.team_id,
            team: &team,
            what: "re-run its services' automated checks",
            assignee: None,
        };
        self.authorize(self.db.conn(), actor, act).await?;
        let review = self.current_review(service.id).await?.ok_or_else(|| {
            AppError::conflict(format!("service `{slug}` has no review to verify"))
        })?;
        let template = self.template(review.template_id).await?;
        let tier = service.tier;
        let automated: Vec<_> = template
            .template
            .items()
            .filter(|(_, i)| i.applies_to(tier))
            .filter_map(|(_, i)| i.check.as_ref().map(|c| (i.key.clone(), c.clone())))
            .collect();
        let monitoring = monitoring_of(&service);
        let fields = ServiceFields::new(&service.slug, &monitoring);
        let repo = self.sources.repo(service.repository.as_deref());
        let mut report = VerificationReport {
            review_id: review.id,
            source: repo.as_ref().ok().map(|s| s.describe()),
            commit: None,
            items: Vec::new(),
            skipped: Vec::new(),
        };
        let metrics = self
            .sources
            .metrics()
            .map(|m| memo::PerRun::new(m.as_ref()));
        let mut results = Vec::new();
        // A monorepo's service is checked inside its directory; evidence names the
        // repository path.
        let dir = crate::services::pr_check::subdir_of(&service);
        let view = match (&repo, &dir) {
            (Ok(src), Some(d)) => Some(Subdir::new(src.as_ref(), d.clone())),
            _ => None,
        };
        for (key, spec) in automated {
            if is_repo_check(&spec) {
                match &repo {
                    Ok(src) => {
                        let source: &dyn RepoSource = match &view {
                            Some(v) => v,
                            None => src.as_ref(),
                        };
                        let mut result = match fill_spec(&spec, &fields) {
                            Ok(spec) => run_repo_check(&spec, source).await,
                            Err(e) => {
                                CheckResult::error(e.to_string(), json!({"kind": spec.kind()}))
                            }
                        };
                        if let (Some(d), Some(path)) = (&dir, result.evidence.path.as_mut()) {
                            *path = d.join(path);
                        }
                        results.push((key, result));
                    }
                    Err(NoRepo::Skipped(reason)) => report.skipped.push((key, reason.clone())),
                    Err(NoRepo::Refused(reason)) => results.push((
                        key,
                        CheckResult::error(reason.clone(), json!({"kind": spec.kind()})),
                    )),
                }
            } else if is_prom_check(&spec) {
                match &metrics {
                    Ok(metrics) => {
                        let result = run_prom_check(&spec, &fields, metrics).await;
                        results.push((key, result));
                    }
                    Err(reason) => report.skipped.push((key, reason.clone())),
                }
            } else {
                report
                    .skipped
                    .push((key, format!("`{}` has no verifier", spec.kind())));
            }
        }
        report.commit = results.iter().find_map(|(_, r)| r.evidence.commit.clone());

        if results.is_empty() {
            // Nothing could be checked: nothing to record, and the review stays as it was.
            return Ok(report);
        }
        let w = self.write(actor).await?;
        let mut changed = false;
        for (key, result) in results {
            let recorded = record::record(&w, review.id, &key, &result).await?;
            changed |= recorded.changed;
            report.items.push(ItemVerification {
                item_key: key,
                result,
                applied: recorded.applied,
                flagged: recorded.flagged,
            });
        }
        // The review's version tells forms (sign-offs, the decision) that what they showed has
        // changed; a run that re-confirms every outcome must not make them stale.
        if changed {
            touch_review(w.txn(), review.id, w.now()).await?;
        }
        let summary = serde_json::json!({
            "source": report.source,
            "commit": report.commit,
            "checked": report.items.len(),
            "skipped": report.skipped.len(),
            "flagged": report.items.iter().filter(|i| i.flagged).count(),
        });
        w.done(
            Change::new("review.verify", ("review", review.id)).after(&summary),
            Some(service.id),
        )
        .await?;
        Ok(report)
    }
}

/// The service's stored monitoring settings (none when absent or unreadable).
pub(crate) fn monitoring_of(service: &records::Service) -> Monitoring {
    service
        .monitoring
        .clone()
        .and_then(|m| serde_json::from_value(m).ok())
        .unwrap_or_default()
}
