//! Background re-verification: every interval, verify each service that has a repository,
//! a few at a time, until shutdown.

use super::Services;
use crate::app::system_actor;
use futures_util::StreamExt;
use std::time::Duration;
use tokio::sync::watch;

/// Runs until `stop` flips to true. A failing service is logged and retried next round.
pub async fn run(
    services: Services,
    every: Duration,
    concurrency: usize,
    mut stop: watch::Receiver<bool>,
) {
    // The first round runs one interval after start, not during start-up.
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => return,
        }
        let listed = services.active_services().await;
        let slugs: Vec<String> = match listed {
            Ok(rows) => rows
                .into_iter()
                .filter(|s| s.repository.is_some())
                .map(|s| s.slug)
                .collect(),
            Err(e) => {
                tracing::warn!(error = %e, "scheduled verification could not list services");
                continue;
            }
        };
        let actor = system_actor();
        let round = futures_util::stream::iter(slugs)
            .map(|slug| {
                let (services, actor) = (services.clone(), actor.clone());
                async move {
                    if let Err(e) = services.verify_service(&actor, &slug).await {
                        tracing::warn!(service = %slug, error = %e, "scheduled verification failed");
                    }
                }
            })
            .buffer_unordered(concurrency.max(1))
            .collect::<Vec<()>>();
        tokio::select! {
            _ = round => {}
            _ = stop.changed() => return,
        }
    }
}
