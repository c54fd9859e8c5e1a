//! The shape of a checklist template, mirroring `checklists/schema.json`.

use super::check_spec::CheckSpec;
use crate::domain::catalog::Tier;
use serde::{Deserialize, Serialize};

/// A versionable checklist: levels, per-tier launch rules and categorised items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable key, e.g. `orr-standard`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What the template is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Maturity levels, numbered from 1 upwards.
    pub levels: Vec<Level>,
    /// Minimum readiness score (0–100) each tier needs to launch.
    pub thresholds: PerTier<f64>,
    /// Sign-off roles each tier needs before launch.
    pub signoffs: PerTier<Vec<String>>,
    /// Item groups.
    pub categories: Vec<Category>,
}

/// One value per service tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerTier<T> {
    /// Value for tier1.
    pub tier1: T,
    /// Value for tier2.
    pub tier2: T,
    /// Value for tier3.
    pub tier3: T,
    /// Value for tier4.
    pub tier4: T,
}

impl<T> PerTier<T> {
    /// The value for `tier`.
    pub fn get(&self, tier: Tier) -> &T {
        match tier {
            Tier::Tier1 => &self.tier1,
            Tier::Tier2 => &self.tier2,
            Tier::Tier3 => &self.tier3,
            Tier::Tier4 => &self.tier4,
        }
    }
}

/// A maturity level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 1-based rank; levels are cumulative.
    pub number: u8,
    /// Display name, e.g. `Bronze`.
    pub name: String,
    /// What reaching the level means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A group of items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable key; item keys start with it.
    pub key: String,
    /// Display title.
    pub title: String,
    /// What the category covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The category's items.
    pub items: Vec<Item>,
}

crate::string_enum!(
    /// How much an unmet item matters: an unmet blocker stops a launch.
    Severity { Blocker => "blocker", Major => "major", Minor => "minor" }
);

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable key `<category>.<name>`.
    pub key: String,
    /// Short statement of what must hold.
    pub title: String,
    /// Why it matters and what good evidence looks like.
    pub guidance: String,
    /// Blocker, major or minor.
    pub severity: Severity,
    /// Weight in the readiness score (1–10).
    pub weight: u8,
    /// Maturity level the item belongs to.
    pub level: u8,
    /// Tiers the item applies to; `None` means every tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<Tier>>,
    /// How long automated evidence stays fresh, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness_days: Option<u16>,
    /// Whether `not_applicable` on this item needs a second person's acceptance, as it
    /// always does on a blocker (see [`crate::domain::not_applicable`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub na_requires_acceptance: bool,
    /// The automated check, if a machine can verify the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckSpec>,
}

impl Item {
    /// Whether the item applies to a service of `tier`.
    pub fn applies_to(&self, tier: Tier) -> bool {
        self.tiers.as_ref().is_none_or(|t| t.contains(&tier))
    }
}

impl Template {
    /// SHA-256 of the canonical JSON form: comments and formatting do not change it,
    /// any change of content does.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let canonical = serde_json::to_vec(self).unwrap_or_default();
        format!("{:x}", Sha256::digest(canonical))
    }

    /// Every item with its category, in template order.
    pub fn items(&self) -> impl Iterator<Item = (&Category, &Item)> {
        self.categories
            .iter()
            .flat_map(|c| c.items.iter().map(move |i| (c, i)))
    }

    /// Looks an item up by key.
    pub fn item(&self, key: &str) -> Option<(&Category, &Item)> {
        self.items().find(|(_, i)| i.key == key)
    }

    /// All sign-off roles the template mentions for any tier, sorted and deduplicated.
    pub fn all_roles(&self) -> Vec<String> {
        let s = &self.signoffs;
        let mut roles: Vec<String> = [&s.tier1, &s.tier2, &s.tier3, &s.tier4]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// The name of level `number`, if declared.
    pub fn level_name(&self, number: u8) -> Option<&str> {
        self.levels
            .iter()
            .find(|l| l.number == number)
            .map(|l| l.name.as_str())
    }
}
