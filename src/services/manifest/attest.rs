//! Attestations: each becomes a manual `pass` answer on the service's current review, with
//! the link as evidence, unless a person answered the item by hand after the attestation.

use super::apply::{Skip, midnight};
use crate::domain::manifest::Attestation;
use crate::domain::not_applicable::pending_if_na;
use crate::domain::records;
use crate::domain::review::{Outcome, ResponseSource, ReviewState};
use crate::error::AppResult;
use crate::services::reviews::touch_review;
use crate::services::write::{Change, Write};
use crate::services::{Actor, Services};
use crate::store::entities::{item_response, review};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};

/// What happened to the attestations: items answered, and those skipped with why.
#[derive(Debug, Default)]
pub(super) struct Attested {
    pub recorded: Vec<String>,
    pub skipped: Vec<Skip>,
}

impl Services {
    /// Records `attestations` on the current review of `svc` (as it is after the sync).
    pub(super) async fn record_attestations(
        &self,
        w: &Write<'_>,
        actor: &Actor,
        svc: &records::Service,
        attestations: &[Attestation],
    ) -> AppResult<Attested> {
        let mut out = Attested::default();
        if attestations.is_empty() {
            return Ok(out);
        }
        let current = review::Entity::find()
            .filter(review::Column::ServiceId.eq(svc.id))
            .filter(review::Column::State.ne(ReviewState::Rejected.as_str()))
            .order_by_desc(review::Column::Id)
            .one(w.txn())
            .await?;
        let skip_all = |why: String| {
            let skipped = attestations
                .iter()
                .map(|a| (format!("attestations.{}", a.item), why.clone()))
                .collect();
            Ok(Attested {
                recorded: Vec::new(),
                skipped,
            })
        };
        let Some(rev) = current else {
            return skip_all("the service has no current review".into());
        };
        if let Err(refused) = rev.state.check_answerable() {
            return skip_all(refused.0);
        }
        let template = self.template(rev.template_id).await?;
        let now = w.now();
        for a in attestations {
            let field = format!("attestations.{}", a.item);
            let Some((_, item)) = template.template.item(a.item.as_str()) else {
                let why = format!(
                    "`{}` is not an item of template {} v{}",
                    a.item, template.template.key, template.version
                );
                out.skipped.push((field, why));
                continue;
            };
            if !item.applies_to(svc.tier) {
                let why = format!("`{}` does not apply to {} services", a.item, svc.tier);
                out.skipped.push((field, why));
                continue;
            }
            if item.check.is_some() {
                let why = format!("`{}` is answered by an automated check", a.item);
                out.skipped.push((field, why));
                continue;
            }
            let at = midnight(a.date).min(now);
            let existing = item_response::Entity::find()
                .filter(item_response::Column::ReviewId.eq(rev.id))
                .filter(item_response::Column::ItemKey.eq(a.item.as_str()))
                .one(w.txn())
                .await?;
            if let Some(e) = &existing {
                let by_person =
                    e.source == ResponseSource::Manual && e.responded_by != actor.login();
                if by_person && e.responded_at > at {
                    let why = format!(
                        "{} answered it by hand at {}, after the attestation's date {}",
                        e.responded_by,
                        e.responded_at.format("%Y-%m-%d %H:%M UTC"),
                        a.date
                    );
                    out.skipped.push((field, why));
                    continue;
                }
                let same = e.outcome == Outcome::Pass
                    && e.source == ResponseSource::Manual
                    && e.evidence.as_deref() == Some(a.evidence.as_str())
                    && e.note == a.note
                    && e.responded_at == at;
                if same {
                    continue;
                }
            }
            let mut am = item_response::ActiveModel {
                outcome: Set(Outcome::Pass),
                source: Set(ResponseSource::Manual),
                evidence: Set(Some(a.evidence.clone())),
                note: Set(a.note.clone()),
                observed: Set(None),
                commit_sha: Set(None),
                responded_by: Set(actor.login().to_owned()),
                responded_at: Set(at),
                na_acceptance: Set(pending_if_na(Outcome::Pass)),
                na_decided_by: Set(None),
                na_decided_at: Set(None),
                na_comment: Set(None),
                carried_from: Set(None),
                ..Default::default()
            };
            let entity = ("item_response", format!("{}/{}", rev.id, a.item));
            let change = Change::new("item.respond", entity);
            let change = match existing {
                Some(before) => {
                    let after = w
                        .update::<item_response::Entity>(
                            "item response",
                            before.id,
                            before.version,
                            am,
                        )
                        .await?;
                    change.before(&before).after(&after)
                }
                None => {
                    am.id = NotSet;
                    am.review_id = Set(rev.id);
                    am.item_key = Set(a.item.to_string());
                    am.version = Set(1);
                    am.created_at = Set(now);
                    change.after(&am.insert(w.txn()).await?)
                }
            };
            w.audit(change).await?;
            out.recorded.push(a.item.to_string());
        }
        if !out.recorded.is_empty() {
            touch_review(w.txn(), rev.id, now).await?;
        }
        Ok(out)
    }
}
