//! Look-ahead prefetching for list queries. DataLoaders batch whatever keys arrive within a
//! short window, which on a big page can split into several statements per relation. For a
//! page of services we already know every key, so the connection resolver loads the
//! relations the query asks for up front, one statement each, and the field resolvers then
//! read them from the request's loader cache. The statement count of a page therefore does
//! not depend on its length.

use super::error::GqlResult;
use super::loaders;
use super::loaders::Cached;
use crate::domain::records;
use crate::error::AppError;
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Result};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

async fn warm<L>(
    wanted: bool,
    loader: &Cached<L>,
    keys: BTreeSet<i64>,
) -> Result<HashMap<i64, L::Value>>
where
    L: Loader<i64, Error = Arc<AppError>>,
{
    if !wanted || keys.is_empty() {
        return Ok(HashMap::new());
    }
    loader.load_many(keys).await.gql()
}

/// Loads, in two rounds of parallel statements, the relations a `services` page selects.
pub async fn services_page(ctx: &Context<'_>, rows: &[records::Service]) -> Result<()> {
    let node = ctx.look_ahead().field("edges").field("node");
    let l = loaders(ctx);
    let ids: BTreeSet<i64> = rows.iter().map(|s| s.id).collect();
    l.service
        .feed_many(rows.iter().map(|s| (s.id, Some(s.clone()))))
        .await;

    let team = node.field("team");
    let deps = node.field("dependencies");
    let dependents = node.field("dependents");
    let current = node.field("currentReview");
    let team_ids: BTreeSet<i64> = rows.iter().map(|s| s.team_id).collect();
    let (teams, deps_map, dependents_map, _, _, _, current_map) = tokio::join!(
        warm(team.exists(), &l.team, team_ids.clone()),
        warm(deps.exists(), &l.dependencies, ids.clone()),
        warm(dependents.exists(), &l.dependents, ids.clone()),
        warm(
            node.field("capacityPlan").exists(),
            &l.capacity,
            ids.clone()
        ),
        warm(node.field("slos").exists(), &l.slos, ids.clone()),
        warm(node.field("reviews").exists(), &l.reviews, ids.clone()),
        warm(current.exists(), &l.current_review, ids.clone()),
    );
    let (_, deps_map, dependents_map, current_map) =
        (teams?, deps_map?, dependents_map?, current_map?);

    // Second round: what hangs off the first round's rows.
    let mut related: BTreeSet<i64> = BTreeSet::new();
    if deps.field("targetService").exists() {
        related.extend(
            deps_map
                .values()
                .flatten()
                .filter_map(|d| d.target_service_id),
        );
    }
    if dependents.field("service").exists() {
        related.extend(dependents_map.values().flatten().map(|d| d.service_id));
    }
    related.retain(|id| !ids.contains(id));
    let review_ids: BTreeSet<i64> = current_map.values().flatten().map(|r| r.id).collect();
    let needs_items = current.field("items").exists() || current.field("progress").exists();
    let (a, b, c, d, e, f) = tokio::join!(
        warm(
            node.field("scorecard").exists(),
            &l.service_scorecard,
            ids.clone()
        ),
        warm(!related.is_empty(), &l.service, related),
        warm(team.field("services").exists(), &l.team_services, team_ids),
        warm(needs_items, &l.sheet, review_ids.clone()),
        warm(
            current.field("waivers").exists(),
            &l.waivers,
            review_ids.clone()
        ),
        warm(current.field("signOffs").exists(), &l.sign_offs, review_ids),
    );
    a?;
    b?;
    f?;
    c?;
    d?;
    e?;
    Ok(())
}
