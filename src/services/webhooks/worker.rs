//! The background worker of pull request checks. It looks at the queue every half second,
//! and at once when this replica's webhook queued a job; claims a few due jobs under a
//! lease; runs the jobs of one repository one after another (different repositories in
//! parallel); and records each job's outcome. A job that failed because GitHub or the
//! database was unavailable is tried again later with exponential backoff, up to
//! [`MAX_ATTEMPTS`] attempts; any other failure ends the job with its reason.

use super::jobs::PrCheckJob;
use crate::services::Services;
use crate::services::verification::scheduler::replica_id;
use futures_util::StreamExt;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Longest pause between looks at the queue.
const POLL: Duration = Duration::from_millis(500);
/// How long a claimed job stays ours before another replica may take it over.
const LEASE: Duration = Duration::from_secs(600);
/// Jobs claimed at a time.
const CLAIM: u64 = 8;
/// Repositories worked on at once.
const CONCURRENCY: usize = 4;
/// Attempts before a job that keeps failing transiently is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// Wait before the second attempt; doubled for each further one.
const FIRST_RETRY: Duration = Duration::from_secs(5);
/// Longest wait between attempts.
const MAX_RETRY: Duration = Duration::from_secs(15 * 60);
/// How long deliveries and finished jobs are kept.
const KEEP: chrono::Duration = chrono::Duration::days(7);
/// How often old deliveries and jobs are removed.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Runs until `stop` flips to true.
pub async fn run(services: Services, mut stop: watch::Receiver<bool>) {
    let owner = replica_id();
    let poke = services.webhooks().poke.clone();
    let mut pruned: Option<Instant> = None;
    loop {
        tokio::select! {
            () = drain(&services, &owner) => {}
            _ = stop.changed() => return,
        }
        if pruned.is_none_or(|t| t.elapsed() >= PRUNE_EVERY) {
            pruned = Some(Instant::now());
            if let Err(e) = services
                .prune_github_deliveries(services.now() - KEEP)
                .await
            {
                tracing::warn!(error = %e, "old GitHub deliveries could not be removed");
            }
        }
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = poke.notified() => {}
            _ = stop.changed() => return,
        }
    }
}

/// Claims and runs due jobs until none is left.
async fn drain(services: &Services, owner: &str) {
    let lease = chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::MAX);
    loop {
        let jobs = match services.claim_pr_check_jobs(owner, CLAIM, lease).await {
            Ok(jobs) if jobs.is_empty() => return,
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %e, "PR check jobs could not be claimed");
                return;
            }
        };
        let mut by_repo: BTreeMap<String, Vec<PrCheckJob>> = BTreeMap::new();
        for job in jobs {
            by_repo
                .entry(job.full_name().to_ascii_lowercase())
                .or_default()
                .push(job);
        }
        futures_util::stream::iter(by_repo.into_values())
            .map(|jobs| async move {
                for job in jobs {
                    run_one(services, owner, &job).await;
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect::<Vec<()>>()
            .await;
    }
}

async fn run_one(services: &Services, owner: &str, job: &PrCheckJob) {
    let outcome = services.run_pr_check_job(job).await;
    let recorded = match &outcome {
        Ok(done) => {
            tracing::debug!(job = job.id, repo = %job.full_name(), outcome = %done, "PR check job done");
            services
                .finish_pr_check_job(owner, job.id, done, None)
                .await
        }
        Err(f) if f.transient && job.attempts < MAX_ATTEMPTS => {
            let due = services.now() + retry_delay(job.attempts);
            tracing::info!(job = job.id, repo = %job.full_name(), attempt = job.attempts, error = %f.message, "PR check job will be retried");
            services
                .retry_pr_check_job(owner, job.id, due, &f.message)
                .await
        }
        Err(f) => {
            tracing::warn!(job = job.id, repo = %job.full_name(), error = %f.message, "PR check job given up");
            let outcome = format!("given up after {} attempt(s)", job.attempts);
            services
                .finish_pr_check_job(owner, job.id, &outcome, Some(&f.message))
                .await
        }
    };
    if let Err(e) = recorded {
        tracing::warn!(job = job.id, error = %e, "PR check job outcome could not be recorded");
    }
}

/// The wait after attempt `attempts` (1-based) failed.
fn retry_delay(attempts: i32) -> chrono::Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    let delay = FIRST_RETRY
        .saturating_mul(2u32.pow(doublings))
        .min(MAX_RETRY);
    chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_a_bound() {
        assert_eq!(retry_delay(1).num_seconds(), 5);
        assert_eq!(retry_delay(2).num_seconds(), 10);
        assert_eq!(retry_delay(4).num_seconds(), 40);
        assert_eq!(retry_delay(30).num_seconds(), 900);
    }
}
