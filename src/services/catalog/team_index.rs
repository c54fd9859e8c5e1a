//! The index of teams: how many active services each team owns, by launch gate, in one
//! grouped query (the latest score snapshot of each service), whatever the catalog's size.

use crate::domain::scoring::Decision;
use crate::error::AppResult;
use crate::services::Services;
use crate::services::catalog::portfolio::GateCounts;
use crate::store::entities::{latest_score, service};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};
use std::collections::HashMap;

impl Services {
    /// Each team's active (not archived) services by the gate of their latest score; teams
    /// without services are absent.
    pub async fn gate_counts_by_team(&self) -> AppResult<HashMap<i64, GateCounts>> {
        let rows: Vec<(i64, Option<Decision>, i64)> = service::Entity::find()
            .select_only()
            .column(service::Column::TeamId)
            .column(latest_score::Column::Gate)
            .column_as(
                Expr::col((service::Entity, service::Column::Id)).count(),
                "n",
            )
            .join(JoinType::LeftJoin, service::Relation::LatestScore.def())
            .filter(service::Column::ArchivedAt.is_null())
            .group_by(service::Column::TeamId)
            .group_by(latest_score::Column::Gate)
            .into_tuple()
            .all(self.db.conn())
            .await?;
        let mut by_team: HashMap<i64, GateCounts> = HashMap::new();
        for (team, gate, n) in rows {
            let n = u64::try_from(n).unwrap_or_default();
            let c = by_team.entry(team).or_default();
            c.total += n;
            match gate {
                Some(Decision::Go) => c.go += n,
                Some(Decision::GoWithConditions) => c.go_with_conditions += n,
                Some(Decision::NoGo) => c.no_go += n,
                None => c.unscored += n,
            }
        }
        Ok(by_team)
    }
}
