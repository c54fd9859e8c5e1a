//! Readiness now: gate and level mix overall and per team, tier and lifecycle; production
//! services without an approved review; approvals over `NO_GO`.

use super::{Figure, OverrideRow, ServiceRow};
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::review::ReviewState;
use crate::domain::scoring::Decision;
use std::collections::BTreeMap;

/// Services at one maturity level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelFigure {
    /// The level (0: none reached).
    pub level: u8,
    /// The services at it.
    pub figure: Figure,
}

/// Gate and level mix of a set of services (from their latest score snapshots).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mix {
    /// Every service of the set.
    pub total: Figure,
    /// Gate `GO`.
    pub go: Figure,
    /// Gate `GO_WITH_CONDITIONS`.
    pub go_with_conditions: Figure,
    /// Gate `NO_GO`.
    pub no_go: Figure,
    /// Never scored (no snapshot): no gate, no level.
    pub unscored: Figure,
    /// Scored services per level, lowest level first (levels nobody is at are left out).
    pub levels: Vec<LevelFigure>,
}

/// A mix for one team, tier or lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<K> {
    /// The team's slug, the tier or the lifecycle.
    pub key: K,
    /// Its services' mix.
    pub mix: Mix,
}

/// The readiness section.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    /// Every selected service.
    pub overall: Mix,
    /// Per owning team, by slug.
    pub by_team: Vec<Group<String>>,
    /// Per tier, tier1 first (tiers without services left out).
    pub by_tier: Vec<Group<Tier>>,
    /// Per lifecycle stage, in lifecycle order (stages without services left out).
    pub by_lifecycle: Vec<Group<Lifecycle>>,
    /// Services in production whose current review is not approved.
    pub production_unapproved: Figure,
    /// Approvals over `NO_GO`, newest first.
    pub approvals_over_no_go: Vec<OverrideRow>,
    /// The services of those approvals.
    pub approvals_over_no_go_services: Figure,
}

/// The mix of `services`.
pub fn mix<'a>(services: impl IntoIterator<Item = &'a ServiceRow>) -> Mix {
    let services: Vec<&ServiceRow> = services.into_iter().collect();
    let with_gate = |g: Decision| {
        Figure::of(
            services
                .iter()
                .filter(|s| s.gate == Some(g))
                .map(|s| s.slug.as_str()),
        )
    };
    let mut levels: BTreeMap<u8, Vec<&str>> = BTreeMap::new();
    for s in &services {
        if let (Some(level), Some(_)) = (s.level, s.gate) {
            levels.entry(level).or_default().push(&s.slug);
        }
    }
    Mix {
        total: Figure::of(services.iter().map(|s| s.slug.as_str())),
        go: with_gate(Decision::Go),
        go_with_conditions: with_gate(Decision::GoWithConditions),
        no_go: with_gate(Decision::NoGo),
        unscored: Figure::of(
            services
                .iter()
                .filter(|s| s.gate.is_none())
                .map(|s| s.slug.as_str()),
        ),
        levels: levels
            .into_iter()
            .map(|(level, slugs)| LevelFigure {
                level,
                figure: Figure::of(slugs),
            })
            .collect(),
    }
}

fn groups<K: Ord + Clone>(
    services: &[ServiceRow],
    key: impl Fn(&ServiceRow) -> K,
) -> Vec<Group<K>> {
    let mut by: BTreeMap<K, Vec<&ServiceRow>> = BTreeMap::new();
    for s in services {
        by.entry(key(s)).or_default().push(s);
    }
    by.into_iter()
        .map(|(key, list)| Group {
            key,
            mix: mix(list),
        })
        .collect()
}

/// The readiness section of `services`, with `overrides` (approvals over `NO_GO`).
pub fn readiness(services: &[ServiceRow], overrides: &[OverrideRow]) -> Readiness {
    let mut approvals = overrides.to_vec();
    approvals.sort_by(|a, b| {
        b.decided_at
            .cmp(&a.decided_at)
            .then_with(|| a.service.cmp(&b.service))
    });
    Readiness {
        overall: mix(services),
        by_team: groups(services, |s| s.team.clone()),
        by_tier: groups(services, |s| s.tier),
        by_lifecycle: groups(services, |s| s.lifecycle),
        production_unapproved: Figure::of(
            services
                .iter()
                .filter(|s| {
                    s.lifecycle == Lifecycle::Production
                        && s.review_state != Some(ReviewState::Approved)
                })
                .map(|s| s.slug.as_str()),
        ),
        approvals_over_no_go_services: Figure::of(approvals.iter().map(|o| o.service.as_str())),
        approvals_over_no_go: approvals,
    }
}
