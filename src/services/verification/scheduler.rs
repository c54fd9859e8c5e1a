//! Background re-verification. Every few seconds a replica claims due jobs from
//! `verification_jobs` (see [`crate::services::verification::jobs`]), verifies those services a few at a time and
//! schedules each one `every` later. Several replicas share the queue without overlap.

use crate::app::system_actor;
use crate::services::Services;
use futures_util::StreamExt;
use std::time::Duration;
use tokio::sync::watch;

/// How long a claimed job stays ours before another replica may take it over.
const LEASE: Duration = Duration::from_secs(600);
/// Longest pause between looks at the queue.
const MAX_POLL: Duration = Duration::from_secs(30);

/// A name for this process in `verification_jobs.lease_owner`: host, process id and start
/// time, so a restarted process never mistakes an old lease for its own.
pub fn replica_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "orrery".into());
    let started = chrono::Utc::now().timestamp_millis();
    format!("{host}:{}:{started}", std::process::id())
}

/// Runs until `stop` flips to true. A failing service is logged, recorded on its job and
/// retried at its next due time.
pub async fn run(
    services: Services,
    every: Duration,
    concurrency: usize,
    mut stop: watch::Receiver<bool>,
) {
    let owner = replica_id();
    let concurrency = concurrency.max(1);
    let poll = every.clamp(Duration::from_secs(1), MAX_POLL);
    let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
    let lease = chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::MAX);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = services.sync_verification_jobs().await {
            tracing::warn!(error = %e, "scheduled verification could not sync its queue");
            continue;
        }
        loop {
            let claimed = services
                .claim_verification_jobs(&owner, concurrency as u64 * 2, lease)
                .await;
            let jobs = match claimed {
                Ok(jobs) if jobs.is_empty() => break,
                Ok(jobs) => jobs,
                Err(e) => {
                    tracing::warn!(error = %e, "scheduled verification could not claim jobs");
                    break;
                }
            };
            let actor = system_actor();
            let batch = futures_util::stream::iter(jobs)
                .map(|job| {
                    let (services, actor, owner) = (services.clone(), actor.clone(), &owner);
                    async move {
                        let outcome = services.verify_service(&actor, &job.slug).await;
                        let error = outcome.as_ref().err().map(ToString::to_string);
                        if let Some(e) = &error {
                            tracing::info!(service = %job.slug, error = %e, "scheduled verification did not complete");
                        }
                        let next = services.now() + every;
                        if let Err(e) = services
                            .complete_verification_job(owner, job.service_id, next, error.as_deref())
                            .await
                        {
                            tracing::warn!(service = %job.slug, error = %e, "could not reschedule verification");
                        }
                    }
                })
                .buffer_unordered(concurrency)
                .collect::<Vec<()>>();
            tokio::select! {
                _ = batch => {}
                _ = stop.changed() => return,
            }
        }
    }
}
