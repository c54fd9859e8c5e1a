//! Background re-scoring: a pass at start-up, then one at the earliest of "`every` after the
//! last pass" and the next instant time alone changes a scorecard (a waiver expiring,
//! evidence going stale). Any replica may run it; passes on several replicas write each
//! transition once (see [`Services::rescore_all`]).

use crate::services::Services;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Shortest pause between two passes, so a clock that runs slightly behind the timer's
/// wake-up cannot make passes follow each other in a tight loop.
const MIN_PAUSE: Duration = Duration::from_secs(1);
/// Wait before a pass that failed (the database was unreachable) is tried again.
const RETRY: Duration = Duration::from_secs(60);

/// Runs until `stop` flips to true.
pub async fn run(services: Services, every: Duration, mut stop: watch::Receiver<bool>) {
    let timer = services.rescore_timer();
    let every = chrono::Duration::from_std(every.max(MIN_PAUSE)).unwrap_or(chrono::Duration::MAX);
    let retry = chrono::Duration::from_std(RETRY).unwrap_or(chrono::Duration::MAX);
    loop {
        timer.clear();
        let outcome = tokio::select! {
            outcome = services.rescore_all() => outcome,
            _ = stop.changed() => return,
        };
        let ran = Instant::now();
        let ceiling = match outcome {
            Ok(pass) => {
                if pass.written > 0 {
                    tracing::info!(at = %pass.at, scored = pass.scored, written = pass.written, "re-scoring recorded changed scorecards");
                }
                if let Some(t) = pass.next_change {
                    timer.propose(t);
                }
                every
            }
            Err(e) => {
                tracing::warn!(error = %e, "re-scoring pass failed; trying again later");
                retry.min(every)
            }
        };
        timer.propose(
            services
                .now()
                .checked_add_signed(ceiling)
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
        );
        // Sleep until the wanted instant; an earlier one proposed meanwhile (a change
        // recorded a waiver expiring sooner) wakes the loop to sleep less.
        loop {
            let wait = timer
                .next()
                .and_then(|due| (due - services.now()).to_std().ok())
                .unwrap_or(Duration::ZERO)
                .max(MIN_PAUSE.saturating_sub(ran.elapsed()));
            tokio::select! {
                () = tokio::time::sleep(wait) => break,
                () = timer.changed() => {}
                _ = stop.changed() => return,
            }
        }
    }
}
