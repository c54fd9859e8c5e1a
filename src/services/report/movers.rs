//! The items that moved each mover, from the open items recorded with its snapshots.

use crate::domain::report::{PortfolioReport, attribute, snapshots_to_attribute};
use crate::error::AppResult;
use crate::services::Services;
use crate::services::scoring::history::OPEN_ITEMS;
use crate::store::entities::score_snapshot;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};

impl Services {
    /// Names the items that moved each mover, from the open items its two snapshots
    /// recorded (one statement, for at most twenty snapshots).
    pub(super) async fn attribute_movers(
        &self,
        report: &mut PortfolioReport,
        titles: &HashMap<String, String>,
    ) -> AppResult<()> {
        let ids = snapshots_to_attribute(&report.movers);
        if ids.is_empty() {
            return Ok(());
        }
        let rows: Vec<(i64, serde_json::Value)> = score_snapshot::Entity::find()
            .select_only()
            .column(score_snapshot::Column::Id)
            .column(score_snapshot::Column::Counts)
            .filter(score_snapshot::Column::Id.is_in(ids))
            .into_tuple()
            .all(self.db.conn())
            .await?;
        let open = rows
            .into_iter()
            .filter_map(|(id, counts)| {
                let keys = counts.get(OPEN_ITEMS)?.as_array()?;
                let keys = keys.iter().filter_map(|k| k.as_str().map(str::to_owned));
                Some((id, keys.collect::<BTreeSet<String>>()))
            })
            .collect();
        attribute(&mut report.movers, &open, titles);
        Ok(())
    }
}
