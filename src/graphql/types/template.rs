//! `ChecklistTemplate` and its parts.

use crate::graphql::enums::{Severity, Tier};
use crate::services::templates::StoredTemplate;
use async_graphql::{ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// One stored version of a checklist template.
pub struct ChecklistTemplate(pub Arc<StoredTemplate>);

/// A maturity level.
#[derive(SimpleObject)]
pub struct Level {
    /// 1-based rank.
    pub number: i32,
    /// Display name.
    pub name: String,
    /// What reaching it means.
    pub description: Option<String>,
}

/// The launch rules for one tier.
#[derive(SimpleObject)]
pub struct TierRule {
    /// The tier.
    pub tier: Tier,
    /// Minimum readiness score to launch.
    pub threshold: f64,
    /// Sign-off roles required.
    pub sign_off_roles: Vec<String>,
}

/// A template category.
#[derive(SimpleObject)]
pub struct TemplateCategory {
    /// Stable key.
    pub key: String,
    /// Title.
    pub title: String,
    /// What it covers.
    pub description: Option<String>,
    /// Items.
    pub items: Vec<TemplateItem>,
}

/// A template item.
#[derive(SimpleObject)]
pub struct TemplateItem {
    /// Stable key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Why it matters and what good evidence looks like.
    pub guidance: String,
    /// Severity.
    pub severity: Severity,
    /// Weight in the score.
    pub weight: i32,
    /// Maturity level.
    pub level: i32,
    /// Tiers it applies to.
    pub tiers: Vec<Tier>,
    /// Freshness window of automated evidence, days.
    pub freshness_days: Option<i32>,
    /// The declarative check, if automated.
    pub check: Option<Json<serde_json::Value>>,
}

#[Object]
impl ChecklistTemplate {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn key(&self) -> &str {
        &self.0.template.key
    }
    /// Version number within the key.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn name(&self) -> &str {
        &self.0.template.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.template.description.as_deref()
    }
    /// SHA-256 of the canonical content.
    async fn content_hash(&self) -> &str {
        &self.0.content_hash
    }
    /// File the version was loaded from.
    async fn source_path(&self) -> Option<&str> {
        self.0.source_path.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn levels(&self) -> Vec<Level> {
        self.0
            .template
            .levels
            .iter()
            .map(|l| Level {
                number: i32::from(l.number),
                name: l.name.clone(),
                description: l.description.clone(),
            })
            .collect()
    }
    /// Score threshold and sign-off roles per tier.
    async fn tier_rules(&self) -> Vec<TierRule> {
        crate::domain::catalog::Tier::ALL
            .iter()
            .map(|t| TierRule {
                tier: (*t).into(),
                threshold: *self.0.template.thresholds.get(*t),
                sign_off_roles: self.0.template.signoffs.get(*t).clone(),
            })
            .collect()
    }
    async fn item_count(&self) -> i32 {
        self.0.template.items().count() as i32
    }
    async fn categories(&self) -> Vec<TemplateCategory> {
        self.0
            .template
            .categories
            .iter()
            .map(|c| TemplateCategory {
                key: c.key.clone(),
                title: c.title.clone(),
                description: c.description.clone(),
                items: c
                    .items
                    .iter()
                    .map(|i| TemplateItem {
                        key: i.key.clone(),
                        title: i.title.clone(),
                        guidance: i.guidance.clone(),
                        severity: i.severity.into(),
                        weight: i32::from(i.weight),
                        level: i32::from(i.level),
                        tiers: crate::domain::catalog::Tier::ALL
                            .iter()
                            .filter(|t| i.applies_to(**t))
                            .map(|t| (*t).into())
                            .collect(),
                        freshness_days: i.freshness_days.map(i32::from),
                        check: i
                            .check
                            .as_ref()
                            .and_then(|c| serde_json::to_value(c).ok())
                            .map(Json),
                    })
                    .collect(),
            })
            .collect()
    }
}
