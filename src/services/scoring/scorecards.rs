//! Computing scorecards: gathers each review's facts in a fixed number of statements (for
//! any number of reviews) and runs the pure scoring engine on them.

use crate::domain::catalog::DependencyKind;
use crate::domain::records;
use crate::domain::scoring::{
    AnswerFact, Decision, DependencyFact, Scorecard, ScoringInput, SignOffFact, WaiverFact,
    evaluate,
};
use crate::domain::template::Template;
use crate::error::AppResult;
use crate::services::Services;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

impl Services {
    /// Scorecards of the given reviews, keyed by review id.
    ///
    /// A hard dependency's readiness is the gate of that service's current review, judged
    /// without looking further down the dependency graph (one level, so the cost stays
    /// constant and cycles cannot recurse).
    pub async fn scorecards_for_reviews(
        &self,
        reviews: &[records::Review],
    ) -> AppResult<HashMap<i64, Scorecard>> {
        self.scorecards_with(reviews, None).await
    }

    /// Like [`Services::scorecards_for_reviews`], optionally judging the given reviews (not
    /// their dependencies) against another template: the what-if of a template change.
    pub(crate) async fn scorecards_with(
        &self,
        reviews: &[records::Review],
        proposed: Option<&Template>,
    ) -> AppResult<HashMap<i64, Scorecard>> {
        Ok(self.scored(reviews, proposed, self.now()).await?.0)
    }

    /// Scorecards of `reviews` with the rows they were computed from (the reviews' services,
    /// answers and waivers, and those of their hard dependencies), for a read model that
    /// shows both without loading them twice.
    pub(crate) async fn scorecards_and_rows(
        &self,
        reviews: &[records::Review],
    ) -> AppResult<(HashMap<i64, Scorecard>, ScoredRows)> {
        self.scored(reviews, None, self.now()).await
    }

    async fn scored(
        &self,
        reviews: &[records::Review],
        proposed: Option<&Template>,
        at: DateTime<Utc>,
    ) -> AppResult<(HashMap<i64, Scorecard>, ScoredRows)> {
        if reviews.is_empty() {
            return Ok((HashMap::new(), ScoredRows::default()));
        }
        let prepared = self.prepare(reviews, at).await?;
        let mut out = HashMap::new();
        for r in reviews {
            let deps = prepared.dependencies(r.service_id);
            let answers = prepared
                .facts
                .answers
                .get(&r.id)
                .map_or(&[][..], Vec::as_slice);
            let slos = prepared.facts.slo_count(r.service_id);
            if let Some(card) = prepared
                .facts
                .evaluate(self, r, deps, proposed, answers, slos)?
            {
                out.insert(r.id, card);
            }
        }
        Ok((out, prepared.facts.rows))
    }

    /// Scorecards of one review under variants of its answers (what-ifs such as a pull
    /// request's base and head): each variant replaces the answers of the items it names
    /// and may set the number of SLOs. Nothing is stored. `None` when the review's service
    /// or template is gone.
    pub(crate) async fn scorecard_variants(
        &self,
        review: &records::Review,
        variants: &[AnswerVariant],
    ) -> AppResult<Option<Vec<Scorecard>>> {
        let prepared = self
            .prepare(std::slice::from_ref(review), self.now())
            .await?;
        let stored = prepared
            .facts
            .answers
            .get(&review.id)
            .map_or(&[][..], Vec::as_slice);
        let deps = prepared.dependencies(review.service_id);
        let mut cards = Vec::with_capacity(variants.len());
        for v in variants {
            let mut answers: Vec<AnswerFact> = stored
                .iter()
                .filter(|a| !v.answers.contains_key(&a.item_key))
                .cloned()
                .collect();
            answers.extend(v.answers.values().cloned());
            let slos = v
                .slo_count
                .unwrap_or_else(|| prepared.facts.slo_count(review.service_id));
            match prepared
                .facts
                .evaluate(self, review, deps, None, &answers, slos)?
            {
                Some(card) => cards.push(card),
                None => return Ok(None),
            }
        }
        Ok(Some(cards))
    }

    /// Loads the facts of `reviews` and of their hard dependencies' current reviews, and
    /// judges those dependencies' own gates (one level deep, so cycles cannot recurse), all
    /// at the instant `at`.
    async fn prepare(&self, reviews: &[records::Review], at: DateTime<Utc>) -> AppResult<Prepared> {
        let service_ids: Vec<i64> = reviews
            .iter()
            .map(|r| r.service_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let deps = self.dependencies_by_service_ids(&service_ids).await?;
        let targets: Vec<i64> = deps
            .values()
            .flatten()
            .filter(|d| d.kind == DependencyKind::Hard)
            .filter_map(|d| d.target_service_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let target_reviews: Vec<records::Review> = self
            .current_reviews_by_service_ids(&targets)
            .await?
            .into_values()
            .collect();
        let mut all_reviews: Vec<records::Review> = reviews.to_vec();
        all_reviews.extend(target_reviews.iter().cloned());
        let facts = self.review_facts(&all_reviews, at).await?;
        // Pinned template versions: in memory after their first use.
        for id in all_reviews
            .iter()
            .map(|r| r.template_id)
            .collect::<BTreeSet<_>>()
        {
            self.template(id).await?;
        }
        let mut target_gate: HashMap<i64, Decision> = HashMap::new();
        for r in &target_reviews {
            let answers = facts.answers.get(&r.id).map_or(&[][..], Vec::as_slice);
            let slos = facts.slo_count(r.service_id);
            if let Some(card) = facts.evaluate(self, r, &[], None, answers, slos)? {
                target_gate.insert(r.service_id, card.decision);
            }
        }
        let slugs = &facts.rows.services;
        let dependency_facts = deps
            .iter()
            .map(|(service_id, list)| {
                let list = list
                    .iter()
                    .map(|d| DependencyFact {
                        name: d
                            .target_service_id
                            .and_then(|id| slugs.get(&id).map(|s| s.slug.clone()))
                            .or_else(|| d.external_name.clone())
                            .unwrap_or_default(),
                        kind: d.kind,
                        gate: d
                            .target_service_id
                            .and_then(|id| target_gate.get(&id).copied()),
                    })
                    .collect();
                (*service_id, list)
            })
            .collect();
        Ok(Prepared {
            facts,
            dependency_facts,
        })
    }

    /// Scorecards of services (their current reviews), keyed by service id.
    pub async fn scorecards_for_services(
        &self,
        service_ids: &[i64],
    ) -> AppResult<HashMap<i64, Scorecard>> {
        self.scorecards_for_services_at(service_ids, self.now())
            .await
    }

    /// Scorecards of services (their current reviews) as they stand at the instant `at`,
    /// keyed by service id.
    pub async fn scorecards_for_services_at(
        &self,
        service_ids: &[i64],
        at: DateTime<Utc>,
    ) -> AppResult<HashMap<i64, Scorecard>> {
        Ok(self
            .scorecards_with_reviews_at(service_ids, at)
            .await?
            .into_iter()
            .map(|(service, (_, card))| (service, card))
            .collect())
    }

    /// The same, each with the id of the review it scores.
    pub async fn scorecards_with_reviews_at(
        &self,
        service_ids: &[i64],
        at: DateTime<Utc>,
    ) -> AppResult<HashMap<i64, (i64, Scorecard)>> {
        let current: Vec<records::Review> = self
            .current_reviews_by_service_ids(service_ids)
            .await?
            .into_values()
            .collect();
        let mut by_review = self.scored(&current, None, at).await?.0;
        Ok(current
            .iter()
            .filter_map(|r| by_review.remove(&r.id).map(|c| (r.service_id, (r.id, c))))
            .collect())
    }

    async fn review_facts(
        &self,
        reviews: &[records::Review],
        at: DateTime<Utc>,
    ) -> AppResult<Facts> {
        let review_ids: Vec<i64> = reviews.iter().map(|r| r.id).collect();
        let service_ids: Vec<i64> = reviews
            .iter()
            .map(|r| r.service_id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let (services, responses, waivers, sign_offs, slos) = tokio::try_join!(
            self.services_by_ids(&service_ids),
            self.responses_by_review_ids(&review_ids),
            self.waivers_by_review_ids(&review_ids),
            self.sign_offs_by_review_ids(&review_ids),
            self.slos_by_service_ids(&service_ids),
        )?;
        let answers = convert(&responses, answer_fact);
        let waiver_facts = convert(&waivers, waiver_fact);
        let sign_off_facts = convert(&sign_offs, |s: &records::SignOff| SignOffFact {
            decision: s.decision,
            role: s.role.clone(),
            signer: s.signer.clone(),
        });
        Ok(Facts {
            rows: ScoredRows {
                services,
                responses,
                waivers,
            },
            answers,
            waivers: waiver_facts,
            sign_offs: sign_off_facts,
            slo_counts: slos.into_iter().map(|(k, v)| (k, v.len())).collect(),
            at,
        })
    }
}

/// What the scoring engine needs of a stored answer.
pub(crate) fn answer_fact(r: &records::ItemResponse) -> AnswerFact {
    AnswerFact {
        outcome: r.outcome,
        source: r.source,
        recorded_at: r.responded_at,
        note: r.note.clone(),
        item_key: r.item_key.clone(),
        responded_by: r.responded_by.clone(),
        na_review: super::answer_facts::na_review(r.na_acceptance, r.na_decided_by.clone()),
    }
}

/// What the scoring engine needs of a stored waiver.
pub(crate) fn waiver_fact(w: &records::Waiver) -> WaiverFact {
    WaiverFact {
        state: w.state,
        item_key: w.item_key.clone(),
        reason: w.reason.clone(),
        requested_by: w.requested_by.clone(),
        approved_by: w.approved_by.clone(),
        expires_at: w.expires_at,
    }
}

/// Converts grouped rows into grouped facts.
fn convert<R, F>(groups: &HashMap<i64, Vec<R>>, f: impl Fn(&R) -> F) -> HashMap<i64, Vec<F>> {
    groups
        .iter()
        .map(|(id, rows)| (*id, rows.iter().map(&f).collect()))
        .collect()
}

/// The rows scorecards were computed from, by service id (services) and review id.
#[derive(Debug, Default)]
pub(crate) struct ScoredRows {
    pub services: HashMap<i64, records::Service>,
    pub responses: HashMap<i64, Vec<records::ItemResponse>>,
    pub waivers: HashMap<i64, Vec<records::Waiver>>,
}

/// Answers that replace a review's stored ones, for a what-if scorecard.
#[derive(Debug, Clone, Default)]
pub(crate) struct AnswerVariant {
    /// Replacement answers by item key.
    pub answers: HashMap<String, AnswerFact>,
    /// The number of SLOs to assume (`None`: the catalog's).
    pub slo_count: Option<usize>,
}

/// Facts of reviews plus each service's dependencies with their gates.
struct Prepared {
    facts: Facts,
    dependency_facts: HashMap<i64, Vec<DependencyFact>>,
}

impl Prepared {
    fn dependencies(&self, service_id: i64) -> &[DependencyFact] {
        self.dependency_facts
            .get(&service_id)
            .map_or(&[][..], Vec::as_slice)
    }
}

/// Facts of a set of reviews, gathered in one round of statements.
struct Facts {
    rows: ScoredRows,
    answers: HashMap<i64, Vec<AnswerFact>>,
    waivers: HashMap<i64, Vec<WaiverFact>>,
    sign_offs: HashMap<i64, Vec<SignOffFact>>,
    slo_counts: HashMap<i64, usize>,
    /// The instant the reviews are judged at.
    at: DateTime<Utc>,
}

impl Facts {
    fn slo_count(&self, service_id: i64) -> usize {
        self.slo_counts.get(&service_id).copied().unwrap_or(0)
    }

    fn evaluate(
        &self,
        s: &Services,
        r: &records::Review,
        deps: &[DependencyFact],
        proposed: Option<&Template>,
        answers: &[AnswerFact],
        slo_count: usize,
    ) -> AppResult<Option<Scorecard>> {
        let Some(service) = self.rows.services.get(&r.service_id) else {
            return Ok(None);
        };
        let Some(pinned) = s.templates.cached(r.template_id) else {
            return Ok(None);
        };
        let input = ScoringInput {
            template: proposed.unwrap_or(&pinned.template),
            tier: service.tier,
            answers,
            waivers: self.waivers.get(&r.id).map_or(&[], Vec::as_slice),
            sign_offs: self.sign_offs.get(&r.id).map_or(&[], Vec::as_slice),
            slo_count,
            dependencies: deps,
            now: self.at,
        };
        Ok(Some(evaluate(&input)))
    }
}

impl Services {
    /// Scorecards of reviews by id.
    pub async fn scorecards_for_review_ids(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Scorecard>> {
        let reviews: Vec<records::Review> = self.reviews_by_ids(ids).await?.into_values().collect();
        self.scorecards_for_reviews(&reviews).await
    }
}
