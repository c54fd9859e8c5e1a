//! Risk: waivers about to expire, waivers expired and not renewed, action items past due,
//! reviews overdue for re-review (see [`super::rereview`]).

use super::rereview::OverdueReview;
use super::slo_risk::SloRisk;
use super::{ActionItemRow, Figure, WaiverRow};
use crate::domain::review::WaiverState;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// A waiver expiring within this many days of the reference instant is "expiring soon".
pub const EXPIRY_HORIZON_DAYS: i64 = 30;

/// One waiver at risk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverRisk {
    /// The service's slug.
    pub service: String,
    /// The waived item.
    pub item_key: String,
    /// When it expires (or expired).
    pub expires_at: DateTime<Utc>,
}

/// One open action item past its due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItemRisk {
    /// The service's slug.
    pub service: String,
    /// What is to be done.
    pub title: String,
    /// Who does it.
    pub owner: String,
    /// The date it was due.
    pub due_date: chrono::NaiveDate,
}

/// The risk section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Risk {
    /// Approved waivers expiring after the reference instant and at most
    /// [`EXPIRY_HORIZON_DAYS`] days after it, soonest first.
    pub waivers_expiring: Vec<WaiverRisk>,
    /// Their services.
    pub waivers_expiring_services: Figure,
    /// Approved waivers expired at the reference instant with no approved waiver of the
    /// same item of the same service in force then, most recently expired first.
    pub waivers_expired: Vec<WaiverRisk>,
    /// Their services.
    pub waivers_expired_services: Figure,
    /// Open action items due before the reference instant's date, oldest due first.
    pub overdue_action_items: Vec<ActionItemRisk>,
    /// Their services.
    pub overdue_action_items_services: Figure,
    /// Approved reviews due for re-review, drift first, then longest overdue first.
    pub reviews_overdue: Vec<OverdueReview>,
    /// Their services.
    pub reviews_overdue_services: Figure,
    /// SLOs with the budget spent or burning fast, as last measured.
    pub slos: SloRisk,
}

impl Risk {
    /// The risk section with these overdue reviews.
    pub fn with_reviews(self, (reviews, services): (Vec<OverdueReview>, Figure)) -> Self {
        Self {
            reviews_overdue: reviews,
            reviews_overdue_services: services,
            ..self
        }
    }

    /// The risk section with this SLO risk.
    pub fn with_slos(self, slos: SloRisk) -> Self {
        Self { slos, ..self }
    }
}

/// The risk section at the reference instant `at`.
pub fn risk(waivers: &[WaiverRow], action_items: &[ActionItemRow], at: DateTime<Utc>) -> Risk {
    let horizon = at + Duration::days(EXPIRY_HORIZON_DAYS);
    let approved = || waivers.iter().filter(|w| w.state == WaiverState::Approved);
    let in_force: HashSet<(&str, &str)> = approved()
        .filter(|w| w.expires_at > at)
        .map(|w| (w.service.as_str(), w.item_key.as_str()))
        .collect();
    let risk_of = |w: &WaiverRow| WaiverRisk {
        service: w.service.clone(),
        item_key: w.item_key.clone(),
        expires_at: w.expires_at,
    };
    let mut expiring: Vec<WaiverRisk> = approved()
        .filter(|w| w.expires_at > at && w.expires_at <= horizon)
        .map(risk_of)
        .collect();
    expiring.sort_by(|a, b| {
        (a.expires_at, &a.service, &a.item_key).cmp(&(b.expires_at, &b.service, &b.item_key))
    });
    let mut expired: Vec<WaiverRisk> = approved()
        .filter(|w| w.expires_at <= at)
        .filter(|w| !in_force.contains(&(w.service.as_str(), w.item_key.as_str())))
        .map(risk_of)
        .collect();
    expired.sort_by(|a, b| {
        b.expires_at
            .cmp(&a.expires_at)
            .then_with(|| (&a.service, &a.item_key).cmp(&(&b.service, &b.item_key)))
    });
    // An item waived (and expired) twice is one expired waiver: keep the latest.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    expired.retain(|w| seen.insert((w.service.clone(), w.item_key.clone())));
    let today = at.date_naive();
    let mut overdue: Vec<ActionItemRisk> = action_items
        .iter()
        .filter(|a| !a.done && a.due_date < today)
        .map(|a| ActionItemRisk {
            service: a.service.clone(),
            title: a.title.clone(),
            owner: a.owner.clone(),
            due_date: a.due_date,
        })
        .collect();
    overdue.sort_by(|a, b| {
        (a.due_date, &a.service, &a.title).cmp(&(b.due_date, &b.service, &b.title))
    });
    Risk {
        waivers_expiring_services: Figure::of(expiring.iter().map(|w| w.service.as_str())),
        waivers_expiring: expiring,
        waivers_expired_services: Figure::of(expired.iter().map(|w| w.service.as_str())),
        waivers_expired: expired,
        overdue_action_items_services: Figure::of(overdue.iter().map(|a| a.service.as_str())),
        overdue_action_items: overdue,
        ..Risk::default()
    }
}
