//! Item rows for the report: the titles and categories of each pinned template's items,
//! built once per template however many services use it, and the item states stored with
//! each service's latest score.

use crate::domain::report::ItemRow;
use crate::domain::scoring::ItemState;
use crate::error::AppResult;
use crate::services::Services;
use crate::store::entities::latest_score;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::sync::Arc;

/// One template's item titles and categories, by item key.
#[derive(Debug, Default)]
pub(super) struct TemplateTitles {
    /// Item key → (title, category key, category title).
    items: HashMap<String, (String, String, String)>,
}

impl TemplateTitles {
    /// The report row of an item; `category` (when the scorer gave one) wins over the
    /// template's. An item the template no longer names keeps its key as its title.
    pub(super) fn row(
        &self,
        key: &str,
        state: ItemState,
        blocker: bool,
        category: Option<&str>,
    ) -> ItemRow {
        let (title, cat, cat_title) = match self.items.get(key) {
            Some((t, c, ct)) => (t.clone(), c.as_str(), ct.clone()),
            None => (
                key.to_owned(),
                key.split('.').next().unwrap_or(key),
                String::new(),
            ),
        };
        ItemRow {
            key: key.to_owned(),
            title,
            category: category.unwrap_or(cat).to_owned(),
            category_title: cat_title,
            state,
            blocker,
        }
    }
}

/// [`TemplateTitles`] by template id, filled as templates are met.
#[derive(Debug, Default)]
pub(super) struct ItemTitles {
    by_template: HashMap<i64, Arc<TemplateTitles>>,
}

impl ItemTitles {
    /// The titles of template `id` (loaded once).
    pub(super) async fn of(&mut self, s: &Services, id: i64) -> AppResult<Arc<TemplateTitles>> {
        if let Some(t) = self.by_template.get(&id) {
            return Ok(t.clone());
        }
        let pinned = s.template(id).await?;
        let items = pinned
            .template
            .categories
            .iter()
            .flat_map(|c| {
                c.items.iter().map(move |i| {
                    (
                        i.key.clone(),
                        (i.title.clone(), c.key.clone(), c.title.clone()),
                    )
                })
            })
            .collect();
        let titles = Arc::new(TemplateTitles { items });
        self.by_template.insert(id, titles.clone());
        Ok(titles)
    }
}

impl Services {
    /// The review each service was last scored on and its stored item states, where kept.
    pub(super) async fn latest_item_states(
        &self,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, (i64, String)>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        use latest_score::Column as C;
        let rows: Vec<(i64, Option<i64>, Option<String>)> = latest_score::Entity::find()
            .select_only()
            .columns([C::ServiceId, C::ReviewId, C::ItemStates])
            .filter(C::ServiceId.is_in(ids.iter().copied()))
            .filter(C::ItemStates.is_not_null())
            .into_tuple()
            .all(self.db.conn())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(service, review, text)| Some((service, (review?, text?))))
            .collect())
    }
}
