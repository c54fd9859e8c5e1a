//! Running a review's automated checks and recording what they found. Automation never
//! overwrites a person's answer: where it disagrees with a manual pass, the item is flagged.

use super::reviews::{tier_of, touch_review};
use super::{Actor, Services, audit};
use crate::domain::catalog::Repository;
use crate::domain::review::{Outcome, ResponseSource};
use crate::error::{AppError, AppResult};
use crate::store::entities::{item_response, verification_result as vr};
use crate::verify::repo::{LocalRepo, RepoSource, is_repo_check, run_repo_check};
use crate::verify::{CheckOutcome, CheckResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};
use std::path::PathBuf;

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

fn outcome_of(o: &CheckOutcome) -> Outcome {
    match o {
        CheckOutcome::Pass => Outcome::Pass,
        CheckOutcome::Fail => Outcome::Fail,
        CheckOutcome::Error => Outcome::Error,
        CheckOutcome::NotApplicable => Outcome::NotApplicable,
    }
}

impl Services {
    /// Runs every repository check of the service's current review and records the results.
    pub async fn verify_service(&self, actor: &Actor, slug: &str) -> AppResult<VerificationReport> {
        let service = self.service(slug).await?;
        let review = self.current_review(service.id).await?.ok_or_else(|| {
            AppError::conflict(format!("service `{slug}` has no review to verify"))
        })?;
        let template = self.templates.by_id(&self.db, review.template_id).await?;
        let tier = tier_of(&service)?;
        let automated: Vec<_> = template
            .template
            .items()
            .filter(|(_, i)| i.applies_to(tier))
            .filter_map(|(_, i)| i.check.as_ref().map(|c| (i.key.clone(), c.clone())))
            .collect();
        let repo = service
            .repository
            .as_deref()
            .map(|r| Repository::parse("repository", r));
        let source: Option<Box<dyn RepoSource>> = match repo {
            Some(Ok(Repository::Local(path))) => {
                Some(Box::new(LocalRepo::new(PathBuf::from(path))))
            }
            _ => None,
        };
        let no_source = match &service.repository {
            None => "the service has no repository configured",
            Some(_) if source.is_none() => {
                "GitHub repositories are verified once the GitHub source is configured"
            }
            Some(_) => "",
        };
        let mut report = VerificationReport {
            review_id: review.id,
            source: source.as_ref().map(|s| s.describe()),
            commit: None,
            items: Vec::new(),
            skipped: Vec::new(),
        };
        let mut results = Vec::new();
        for (key, spec) in automated {
            if !is_repo_check(&spec) {
                report.skipped.push((
                    key,
                    "Prometheus checks arrive with the monitoring source".into(),
                ));
                continue;
            }
            match &source {
                Some(src) => results.push((key, run_repo_check(&spec, src.as_ref()).await)),
                None => report.skipped.push((key, no_source.into())),
            }
        }
        report.commit = results.iter().find_map(|(_, r)| r.evidence.commit.clone());

        let now = self.now();
        let txn = self.db.write().await?;
        for (key, result) in results {
            let evidence = serde_json::to_value(&result.evidence)?;
            let existing = item_response::Entity::find()
                .filter(item_response::Column::ReviewId.eq(review.id))
                .filter(item_response::Column::ItemKey.eq(key.as_str()))
                .one(&txn)
                .await?;
            let manual = existing
                .as_ref()
                .filter(|r| r.source == ResponseSource::Manual.as_str());
            let flagged = manual.is_some_and(|m| m.outcome == Outcome::Pass.as_str())
                && result.outcome == CheckOutcome::Fail;
            let conclusive = matches!(result.outcome, CheckOutcome::Pass | CheckOutcome::Fail);
            let previous = vr::Entity::find()
                .filter(vr::Column::ReviewId.eq(review.id))
                .filter(vr::Column::ItemKey.eq(key.as_str()))
                .one(&txn)
                .await?;
            let outcome = outcome_of(&result.outcome);
            let mut row = vr::ActiveModel {
                outcome: Set(outcome.as_str().into()),
                evidence: Set(evidence.clone()),
                commit_sha: Set(result.evidence.commit.clone()),
                checked_at: Set(now),
                flagged: Set(flagged),
                ..Default::default()
            };
            if conclusive {
                row.last_conclusive = Set(Some(evidence.clone()));
            }
            match previous {
                Some(p) => {
                    row.id = Set(p.id);
                    row.version = Set(p.version + 1);
                    row.update(&txn).await?;
                }
                None => {
                    row.id = NotSet;
                    row.review_id = Set(review.id);
                    row.item_key = Set(key.clone());
                    row.version = Set(1);
                    if !conclusive {
                        row.last_conclusive = Set(None);
                    }
                    row.insert(&txn).await?;
                }
            }
            let applied = manual.is_none();
            if applied {
                let mut am = item_response::ActiveModel {
                    outcome: Set(outcome.as_str().into()),
                    source: Set(ResponseSource::Automated.as_str().into()),
                    evidence: Set(Some(result.evidence.summary.clone())),
                    note: Set((outcome == Outcome::NotApplicable)
                        .then(|| result.evidence.summary.clone())),
                    observed: Set(Some(evidence)),
                    commit_sha: Set(result.evidence.commit.clone()),
                    responded_by: Set(actor.login().to_owned()),
                    responded_at: Set(now),
                    ..Default::default()
                };
                match existing {
                    Some(e) => {
                        am.id = Set(e.id);
                        am.version = Set(e.version + 1);
                        am.update(&txn).await?;
                    }
                    None => {
                        am.id = NotSet;
                        am.review_id = Set(review.id);
                        am.item_key = Set(key.clone());
                        am.version = Set(1);
                        am.created_at = Set(now);
                        am.insert(&txn).await?;
                    }
                }
            }
            report.items.push(ItemVerification {
                item_key: key,
                result,
                applied,
                flagged,
            });
        }
        touch_review(&txn, review.id, now).await?;
        let summary = serde_json::json!({
            "source": report.source,
            "commit": report.commit,
            "checked": report.items.len(),
            "skipped": report.skipped.len(),
            "flagged": report.items.iter().filter(|i| i.flagged).count(),
        });
        audit(
            &txn,
            actor,
            "review.verify",
            ("review", review.id),
            now,
            None::<&()>,
            Some(&summary),
        )
        .await?;
        txn.commit().await?;
        self.refresh_history(&[service.id]).await;
        Ok(report)
    }
}
