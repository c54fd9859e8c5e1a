//! Output types of `portfolioReport`: thin views over [`crate::domain::report`].

use crate::domain::report as r;
use crate::graphql::enums::{Lifecycle, Tier};
use async_graphql::{Object, SimpleObject};
use chrono::{DateTime, Utc};

/// A portfolio report.
pub struct PortfolioReport(pub r::PortfolioReport);

#[Object]
impl PortfolioReport {
    /// Readiness now: gate and level mix overall and per team, tier and lifecycle.
    async fn readiness(&self) -> Readiness<'_> {
        Readiness(&self.0.readiness)
    }

    /// Teams × checklist categories, worst cells first (cells where nothing applies last).
    async fn heat_map(&self) -> Vec<HeatCell<'_>> {
        self.0.heat_map.iter().map(HeatCell).collect()
    }

    /// Items to fix org-wide, heaviest first: failing (fail, error, stale evidence) in any
    /// service, or open blockers; each service weighs by tier (tier1 4, tier2 3, tier3 2,
    /// tier4 1). At most `first` (default 20, at most 100).
    async fn fix_first(&self, first: Option<i32>) -> Vec<FixItem<'_>> {
        let n = usize::try_from(first.unwrap_or(20).clamp(0, 100)).unwrap_or(0);
        self.0.fix_first.iter().take(n).map(FixItem).collect()
    }

    /// Waivers expiring or expired, open action items past due.
    async fn risk(&self) -> super::risk::Risk<'_> {
        super::risk::Risk(&self.0.risk)
    }

    /// Score, gate and level mix week by week (month by month beyond 26 weeks).
    async fn trend(&self) -> super::trend::Trend<'_> {
        super::trend::Trend(&self.0.trend)
    }

    /// Most improved and biggest drops in score over the period.
    async fn movers(&self) -> super::trend::Movers<'_> {
        super::trend::Movers(&self.0.movers)
    }

    /// Every selected service, by slug.
    async fn services(&self) -> Vec<super::services::ReportService<'_>> {
        self.0
            .services
            .iter()
            .map(super::services::ReportService)
            .collect()
    }
}

/// A number of services and their slugs.
pub struct ServiceFigure<'a>(pub(super) &'a r::Figure);

#[Object]
impl<'a> ServiceFigure<'a> {
    /// How many services.
    async fn count(&self) -> usize {
        self.0.count()
    }

    /// Their slugs, sorted.
    async fn services(&self) -> &[String] {
        &self.0.services
    }
}

/// Services at one maturity level.
pub struct LevelFigure<'a>(&'a r::LevelFigure);

#[Object]
impl<'a> LevelFigure<'a> {
    /// The level (0: none reached).
    async fn level(&self) -> u8 {
        self.0.level
    }

    /// The services at it.
    async fn figure(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.figure)
    }
}

/// Gate and level mix of a set of services, from their latest score snapshots.
pub struct GateMix<'a>(&'a r::Mix);

#[Object]
impl<'a> GateMix<'a> {
    /// Every service of the set.
    async fn total(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.total)
    }

    /// Gate `GO`.
    async fn go(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.go)
    }

    /// Gate `GO_WITH_CONDITIONS`.
    async fn go_with_conditions(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.go_with_conditions)
    }

    /// Gate `NO_GO`.
    async fn no_go(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.no_go)
    }

    /// Never scored: no gate, no level.
    async fn unscored(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.unscored)
    }

    /// Scored services per maturity level, lowest first (empty levels left out).
    async fn levels(&self) -> Vec<LevelFigure<'_>> {
        self.0.levels.iter().map(LevelFigure).collect()
    }
}

/// The mix of one team's services.
pub struct TeamMix<'a>(&'a r::Group<String>);

#[Object]
impl<'a> TeamMix<'a> {
    /// The team's slug.
    async fn team(&self) -> &str {
        &self.0.key
    }

    /// Its services' mix.
    async fn mix(&self) -> GateMix<'_> {
        GateMix(&self.0.mix)
    }
}

/// The mix of one tier's services.
pub struct TierMix<'a>(&'a r::Group<crate::domain::catalog::Tier>);

#[Object]
impl<'a> TierMix<'a> {
    /// The tier.
    async fn tier(&self) -> Tier {
        self.0.key.into()
    }

    /// Its services' mix.
    async fn mix(&self) -> GateMix<'_> {
        GateMix(&self.0.mix)
    }
}

/// The mix of one lifecycle stage's services.
pub struct LifecycleMix<'a>(&'a r::Group<crate::domain::catalog::Lifecycle>);

#[Object]
impl<'a> LifecycleMix<'a> {
    /// The lifecycle stage.
    async fn lifecycle(&self) -> Lifecycle {
        self.0.key.into()
    }

    /// Its services' mix.
    async fn mix(&self) -> GateMix<'_> {
        GateMix(&self.0.mix)
    }
}

/// An approval over a `NO_GO` gate (an override).
#[derive(SimpleObject)]
pub struct ReportOverride {
    /// The service's slug.
    pub service: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// Readiness now.
pub struct Readiness<'a>(&'a r::Readiness);

#[Object]
impl<'a> Readiness<'a> {
    /// Every selected service.
    async fn overall(&self) -> GateMix<'_> {
        GateMix(&self.0.overall)
    }

    /// Per owning team, by slug.
    async fn by_team(&self) -> Vec<TeamMix<'_>> {
        self.0.by_team.iter().map(TeamMix).collect()
    }

    /// Per tier, tier1 first (tiers without services left out).
    async fn by_tier(&self) -> Vec<TierMix<'_>> {
        self.0.by_tier.iter().map(TierMix).collect()
    }

    /// Per lifecycle stage, in lifecycle order (stages without services left out).
    async fn by_lifecycle(&self) -> Vec<LifecycleMix<'_>> {
        self.0.by_lifecycle.iter().map(LifecycleMix).collect()
    }

    /// Services in production whose current review is not approved.
    async fn production_unapproved(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.production_unapproved)
    }

    /// The services of approvals over `NO_GO` in the period.
    async fn approved_over_no_go(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.approvals_over_no_go_services)
    }

    /// Those approvals, newest first.
    async fn overrides(&self) -> Vec<ReportOverride> {
        self.0
            .approvals_over_no_go
            .iter()
            .map(|o| ReportOverride {
                service: o.service.clone(),
                decided_by: o.decided_by.clone(),
                decided_at: o.decided_at,
                reason: o.reason.clone(),
            })
            .collect()
    }
}

/// One team × checklist category cell of the heat map.
pub struct HeatCell<'a>(&'a r::HeatCell);

#[Object]
impl<'a> HeatCell<'a> {
    /// The team's slug.
    async fn team(&self) -> &str {
        &self.0.team
    }

    /// Category key.
    async fn category(&self) -> &str {
        &self.0.category
    }

    /// Category title.
    async fn category_title(&self) -> &str {
        &self.0.category_title
    }

    /// Applicable items over the team's services (accepted not applicable left out).
    async fn applicable(&self) -> u32 {
        self.0.applicable
    }

    /// Of those, met: passing or validly waived.
    async fn met(&self) -> u32 {
        self.0.met
    }

    /// `met / applicable` in 0–1; null when nothing applies.
    async fn share(&self) -> Option<f64> {
        self.0.share
    }

    /// The team's services with an item in the category.
    async fn services(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.services)
    }

    /// Those with an applicable item in the category not met.
    async fn services_not_met(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.services_not_met)
    }
}

/// An item to fix org-wide.
pub struct FixItem<'a>(&'a r::FixItem);

#[Object]
impl<'a> FixItem<'a> {
    /// Item key.
    async fn item_key(&self) -> &str {
        &self.0.key
    }

    /// Item title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Category key.
    async fn category(&self) -> &str {
        &self.0.category
    }

    /// Whether the item is a blocker.
    async fn blocker(&self) -> bool {
        self.0.blocker
    }

    /// Σ tier weight (tier1 4, tier2 3, tier3 2, tier4 1) over the services behind it.
    async fn weight(&self) -> u32 {
        self.0.weight
    }

    /// The services where it is to be fixed.
    async fn figure(&self) -> ServiceFigure<'_> {
        ServiceFigure(&self.0.services)
    }
}
