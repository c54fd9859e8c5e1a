//! The heat map: teams × checklist categories, the share of applicable items met.
//!
//! Met follows the scorecard: an item passing or validly waived is met; an accepted not
//! applicable leaves the denominator; failing, unanswered, errored, stale and unaccepted
//! not-applicable items count against the share.

use super::{Figure, ServiceRow};
use crate::domain::scoring::ItemState;
use std::collections::BTreeMap;

/// One team × category cell.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    /// The team's slug.
    pub team: String,
    /// Category key.
    pub category: String,
    /// Category title.
    pub category_title: String,
    /// Applicable items over the team's services (accepted not applicable excluded).
    pub applicable: u32,
    /// Of those, met (passing or validly waived).
    pub met: u32,
    /// `met / applicable` in 0–1, or `None` when nothing applies.
    pub share: Option<f64>,
    /// The team's services with an item in the category.
    pub services: Figure,
    /// Those with an applicable item in the category not met.
    pub services_not_met: Figure,
}

#[derive(Default)]
struct Acc<'a> {
    title: &'a str,
    applicable: u32,
    met: u32,
    services: Vec<&'a str>,
    not_met: Vec<&'a str>,
}

/// The cells of `services`, worst first: lowest share first, cells where nothing applies
/// last, ties by team then category.
pub fn heat_map(services: &[ServiceRow]) -> Vec<HeatCell> {
    let mut cells: BTreeMap<(&str, &str), Acc<'_>> = BTreeMap::new();
    for s in services {
        for item in &s.items {
            let acc = cells
                .entry((s.team.as_str(), item.category.as_str()))
                .or_default();
            acc.title = &item.category_title;
            acc.services.push(&s.slug);
            if item.state == ItemState::NotApplicable {
                continue;
            }
            acc.applicable += 1;
            if item.state.is_met() {
                acc.met += 1;
            } else {
                acc.not_met.push(&s.slug);
            }
        }
    }
    let mut out: Vec<HeatCell> = cells
        .into_iter()
        .map(|((team, category), acc)| HeatCell {
            team: team.to_owned(),
            category: category.to_owned(),
            category_title: acc.title.to_owned(),
            applicable: acc.applicable,
            met: acc.met,
            share: (acc.applicable > 0).then(|| f64::from(acc.met) / f64::from(acc.applicable)),
            services: Figure::of(acc.services),
            services_not_met: Figure::of(acc.not_met),
        })
        .collect();
    out.sort_by(|a, b| {
        match (a.share, b.share) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.team.cmp(&b.team))
        .then_with(|| a.category.cmp(&b.category))
    });
    out
}
