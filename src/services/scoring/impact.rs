//! What-if for template changes: which services would change level or gate under a
//! proposed template version, before it is applied.

use crate::domain::records;
use crate::domain::scoring::Scorecard;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use crate::store::entities::service;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// One service's scorecard now and under the proposed template.
#[derive(Debug, Clone)]
pub struct ServiceImpact {
    /// The service.
    pub service: records::Service,
    /// Its current scorecard.
    pub before: Scorecard,
    /// Its scorecard under the proposal, with the same answers.
    pub after: Scorecard,
}

impl ServiceImpact {
    /// The maturity level would change.
    pub fn level_changes(&self) -> bool {
        self.before.level.number != self.after.level.number
    }

    /// The gate decision would change.
    pub fn gate_changes(&self) -> bool {
        self.before.decision != self.after.decision
    }
}

/// The impact of a proposed template version.
#[derive(Debug, Clone)]
pub struct TemplateImpact {
    /// Services whose current review uses the template.
    pub evaluated: usize,
    /// Services whose level or gate would change, by slug.
    pub changed: Vec<ServiceImpact>,
}

impl Services {
    /// Scores every service reviewed against `template_key` with the proposed YAML too, and
    /// reports those whose level or gate would change. Nothing is stored.
    pub async fn template_impact(
        &self,
        template_key: &str,
        yaml: &str,
    ) -> AppResult<TemplateImpact> {
        let proposed = self
            .templates
            .schema()
            .parse("proposed template", yaml)
            .map_err(|e| AppError::invalid("yaml", e.to_string()))?;
        if proposed.key != template_key {
            return Err(AppError::invalid(
                "yaml",
                format!(
                    "the proposed template's key is `{}`, not `{template_key}`",
                    proposed.key
                ),
            ));
        }
        if self.templates.latest(template_key).is_none() {
            return Err(AppError::not_found("checklist template", template_key));
        }
        let active: Vec<i64> = service::Entity::find()
            .filter(service::Column::ArchivedAt.is_null())
            .all(self.db.conn())
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let mut reviews: Vec<records::Review> = Vec::new();
        for r in self
            .current_reviews_by_service_ids(&active)
            .await?
            .into_values()
        {
            if self
                .templates
                .by_id(&self.db, r.template_id)
                .await?
                .template
                .key
                == template_key
            {
                reviews.push(r);
            }
        }
        let (before, after) = tokio::try_join!(
            self.scorecards_with(&reviews, None),
            self.scorecards_with(&reviews, Some(&proposed))
        )?;
        let services = self
            .services_by_ids(&reviews.iter().map(|r| r.service_id).collect::<Vec<_>>())
            .await?;
        let mut changed: Vec<ServiceImpact> = reviews
            .iter()
            .filter_map(|r| {
                Some(ServiceImpact {
                    service: services.get(&r.service_id)?.clone(),
                    before: before.get(&r.id)?.clone(),
                    after: after.get(&r.id)?.clone(),
                })
            })
            .filter(|i| i.level_changes() || i.gate_changes())
            .collect();
        changed.sort_by(|a, b| a.service.slug.cmp(&b.service.slug));
        Ok(TemplateImpact {
            evaluated: reviews.len(),
            changed,
        })
    }
}
