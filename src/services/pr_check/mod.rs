//! What a change does to a service's readiness: the template's repository checks run at a
//! pull request's base and head commits, each combined with the current review's other
//! answers (manual, Prometheus, waivers, sign-offs), scored, and judged by the service's
//! policy (see [`crate::domain::change`]). Nothing is stored.

pub mod checks;
pub mod manifest_side;

use crate::domain::catalog::Repository;
use crate::domain::change::{
    ChangeInput, ChangeReport, FileProblem, ManifestProblems, Side, WaiverInForce, judge,
};
use crate::domain::records;
use crate::domain::repo_subdir::RepoSubdir;
use crate::domain::review::{ResponseSource, WaiverState};
use crate::domain::scoring::AnswerFact;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::services::scoring::scorecards::AnswerVariant;
use crate::services::verification::monitoring_of;
use crate::verify::CheckResult;
use crate::verify::placeholders::ServiceFields;
use crate::verify::repo::RepoSource;
use std::collections::HashMap;

/// Who automated answers are recorded as in a what-if.
const AUTOMATION: &str = "orrery";

/// One side of a change: the commit and what its repository checks found.
#[derive(Debug, Clone, Default)]
pub struct SideInput {
    /// Commit SHA.
    pub commit: String,
    /// Check results by item key.
    pub results: Vec<(String, CheckResult)>,
    /// The number of SLOs at this commit (from its manifest); `None`: the catalog's.
    pub slo_count: Option<usize>,
    /// Problems of the readiness manifest at this commit.
    pub manifest_problems: Vec<FileProblem>,
    /// `(item key, evidence link)` attested by the manifest at this commit.
    pub attested: Vec<(String, String)>,
}

/// One side of a change read from `source` at its snapshot (`commit`): the repository
/// checks inside `dir` and the readiness manifest at `manifest_path`.
pub async fn read_side(
    specs: &[(String, crate::domain::template::CheckSpec)],
    fields: &ServiceFields,
    dir: Option<&RepoSubdir>,
    source: &dyn RepoSource,
    (commit, manifest_path): (&str, &str),
) -> SideInput {
    let results = checks::run_at_commit(specs, fields, dir, source).await;
    let manifest = manifest_side::read(source, manifest_path).await;
    SideInput {
        commit: commit.to_owned(),
        results,
        slo_count: manifest.slo_count,
        manifest_problems: manifest.problems,
        attested: manifest.attested,
    }
}

impl SideInput {
    fn side(&self) -> Side {
        Side {
            commit: self.commit.clone(),
            findings: self
                .results
                .iter()
                .map(|(k, r)| (k.clone(), checks::finding(r)))
                .collect(),
        }
    }
}

/// The service's directory inside its repository, if it has one.
pub fn subdir_of(service: &records::Service) -> Option<RepoSubdir> {
    let raw = service.repository_path.as_deref()?;
    RepoSubdir::parse("repositoryPath", raw).ok().flatten()
}

impl Services {
    /// Services (not archived) whose repository is the GitHub repository `owner/name`
    /// (GitHub names are case-insensitive), in slug order.
    pub async fn services_for_github_repo(
        &self,
        owner: &str,
        name: &str,
    ) -> AppResult<Vec<records::Service>> {
        let mut found: Vec<records::Service> = self
            .active_services()
            .await?
            .into_iter()
            .filter(|s| {
                let Some(raw) = s.repository.as_deref() else {
                    return false;
                };
                matches!(
                    Repository::parse("repository", raw),
                    Ok(Repository::GitHub { owner: o, name: n })
                        if o.eq_ignore_ascii_case(owner) && n.eq_ignore_ascii_case(name)
                )
            })
            .collect();
        found.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(found)
    }

    /// Runs the service's per-commit repository checks (those of its current review's
    /// template) against `source`, inside the service's directory. Evidence paths are
    /// relative to the repository root.
    pub async fn repo_results(
        &self,
        service: &records::Service,
        source: &dyn RepoSource,
    ) -> AppResult<Vec<(String, CheckResult)>> {
        let review = self.review_to_judge(service).await?;
        let template = self.template(review.template_id).await?;
        let checks = checks::per_commit_checks(&template.template, service.tier);
        let fields = ServiceFields::new(&service.slug, &monitoring_of(service));
        Ok(checks::run_at_commit(&checks, &fields, subdir_of(service).as_ref(), source).await)
    }

    /// One side of a change for `service`: its per-commit repository checks and its
    /// readiness manifest, read from `source` (a snapshot at `commit`).
    pub async fn side_at(
        &self,
        service: &records::Service,
        source: &dyn RepoSource,
        commit: &str,
    ) -> AppResult<SideInput> {
        let review = self.review_to_judge(service).await?;
        let template = self.template(review.template_id).await?;
        let specs = checks::per_commit_checks(&template.template, service.tier);
        let fields = ServiceFields::new(&service.slug, &monitoring_of(service));
        let dir = subdir_of(service);
        let manifest = manifest_side::default_path(dir.as_ref());
        Ok(read_side(&specs, &fields, dir.as_ref(), source, (commit, &manifest)).await)
    }

    /// Judges a change for `service`: both scorecards (the current review's answers with
    /// the repository checks replaced by each side's results; a person's answer is kept, as
    /// verification keeps it), the items broken, fixed and failing before, the waivers in
    /// force, and the conclusion under the service's policy.
    pub async fn evaluate_change(
        &self,
        service: &records::Service,
        base: SideInput,
        head: SideInput,
    ) -> AppResult<ChangeReport> {
        let review = self.review_to_judge(service).await?;
        let template = self.template(review.template_id).await?;
        let known: std::collections::HashSet<String> =
            checks::per_commit_checks(&template.template, service.tier)
                .into_iter()
                .map(|(k, _)| k)
                .collect();
        for (side, input) in [("base", &base), ("head", &head)] {
            if let Some((i, (key, _))) = input
                .results
                .iter()
                .enumerate()
                .find(|(_, (k, _))| !known.contains(k))
            {
                return Err(AppError::invalid(
                    format!("{side}.results[{i}].itemKey"),
                    format!(
                        "`{key}` is not a repository check of service `{}`'s checklist",
                        service.slug
                    ),
                ));
            }
        }
        let now = self.now();
        let stored = self.responses_by_review_ids(&[review.id]).await?;
        let stored: HashMap<&str, &records::ItemResponse> = stored
            .get(&review.id)
            .into_iter()
            .flatten()
            .map(|r| (r.item_key.as_str(), r))
            .collect();
        let variant = |side: &SideInput| AnswerVariant {
            answers: side
                .results
                .iter()
                .filter_map(|(key, result)| {
                    let kept = stored.get(key.as_str());
                    if kept.is_some_and(|r| r.source == ResponseSource::Manual) {
                        return None;
                    }
                    let outcome = result.outcome.as_outcome();
                    let mut fact = AnswerFact {
                        item_key: key.clone(),
                        outcome,
                        source: ResponseSource::Automated,
                        recorded_at: now,
                        note: Some(result.evidence.summary.clone()),
                        responded_by: AUTOMATION.to_owned(),
                        na_review: None,
                    };
                    // The same outcome keeps the verdict a second person gave on it.
                    if let Some(r) = kept.filter(|r| r.outcome == outcome) {
                        fact.na_review =
                            crate::services::scoring::scorecards::answer_fact(r).na_review;
                    }
                    Some((key.clone(), fact))
                })
                .collect(),
            slo_count: side.slo_count,
        };
        // Attestations the manifest declares count as a person's pass, where no person has
        // answered and no automated check decides the item (as a sync would record them).
        let attest = |v: &mut AnswerVariant, side: &SideInput| {
            for (key, evidence) in &side.attested {
                let manual = stored
                    .get(key.as_str())
                    .is_some_and(|r| r.source == ResponseSource::Manual);
                if manual || known.contains(key) || v.answers.contains_key(key) {
                    continue;
                }
                v.answers.insert(
                    key.clone(),
                    AnswerFact {
                        item_key: key.clone(),
                        outcome: crate::domain::review::Outcome::Pass,
                        source: ResponseSource::Manual,
                        recorded_at: now,
                        note: Some(format!("attested in the manifest: {evidence}")),
                        responded_by: AUTOMATION.to_owned(),
                        na_review: None,
                    },
                );
            }
        };
        let (mut before, mut after) = (variant(&base), variant(&head));
        attest(&mut before, &base);
        attest(&mut after, &head);
        let cards = self
            .scorecard_variants(&review, &[before, after])
            .await?
            .ok_or_else(|| AppError::not_found("service", &service.slug))?;
        let [before, after]: [_; 2] = cards
            .try_into()
            .map_err(|_| AppError::Internal(anyhow::anyhow!("expected two scorecards")))?;
        let waivers = self.waivers_by_review_ids(&[review.id]).await?;
        let waivers = waivers
            .get(&review.id)
            .into_iter()
            .flatten()
            .filter(|w| w.state == WaiverState::Approved && w.expires_at > now)
            .map(|w| WaiverInForce {
                item_key: w.item_key.clone(),
                reason: w.reason.clone(),
                expires_at: w.expires_at,
            })
            .collect();
        Ok(judge(ChangeInput {
            template: &template.template,
            policy: service.pr_check_policy,
            base: &base.side(),
            head: &head.side(),
            before: Some(before),
            after: Some(after),
            waivers,
            manifest: ManifestProblems {
                base: base.manifest_problems,
                head: head.manifest_problems,
            },
        }))
    }

    /// The review a change is judged against: the service's current one.
    async fn review_to_judge(&self, service: &records::Service) -> AppResult<records::Review> {
        self.current_review(service.id).await?.ok_or_else(|| {
            AppError::conflict(format!(
                "service `{}` has no review to judge a change against",
                service.slug
            ))
        })
    }
}
