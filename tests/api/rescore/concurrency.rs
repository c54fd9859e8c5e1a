//! Replicas re-scoring at once: two app instances on one database (and two passes in each)
//! notice the same expiry, and one snapshot records it.

use super::{seed, seen};
use crate::auth::harness::MovableClock;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use chrono::{Duration, Utc};
use orrery::app::App;
use orrery::config::{AuthArgs, DatabaseArgs, ServeArgs, SourceArgs};
use orrery::services::{Clock, Services};
use std::sync::Arc;

dual_backend_test!(concurrent_passes_on_two_replicas_write_one_snapshot);

/// Passes started at once, half on each replica: enough that, without the history lock,
/// two of them compare with the same latest snapshot and both write.
const PASSES: usize = 16;

/// Another replica of `app`: its own pool on the same database, with `clock`.
async fn replica(app: &TestApp, clock: Arc<dyn Clock>) -> Services {
    let args = ServeArgs {
        database: DatabaseArgs {
            database_url: app.database_url.clone(),
        },
        listen: "127.0.0.1:0".parse().unwrap(),
        checklists: app.checklists.clone(),
        default_template: "orr-standard".into(),
        sources: SourceArgs::default(),
        verify_interval_secs: 0,
        verify_concurrency: 1,
        rescore_interval_secs: 0,
        slo_observe_interval_secs: 0,
        digest: orrery::config::DigestArgs::default(),
        public_url: None,
        auth: AuthArgs::default(),
    };
    App::build(&args, clock)
        .await
        .expect("replica builds")
        .services
}

async fn concurrent_passes_on_two_replicas_write_one_snapshot(backend: Backend) {
    let clock = Arc::new(MovableClock::default());
    let app =
        TestApp::spawn_configured(backend, SourceArgs::default(), &|_| {}, clock.clone()).await;
    seed(&app, Utc::now() + Duration::days(1)).await;
    let other = replica(&app, clock.clone()).await;
    let before = seen(&app).await;
    clock.advance(Duration::days(2));

    for round in 0..2 {
        let passes: Vec<_> = (0..PASSES)
            .map(|i| {
                let s = if i % 2 == 0 { &app.services } else { &other }.clone();
                tokio::spawn(async move { s.rescore_all().await })
            })
            .collect();
        let mut written = 0;
        for p in passes {
            let pass = p.await.unwrap().expect("pass runs");
            assert_eq!(pass.scored, 2);
            written += pass.written;
        }
        assert_eq!(
            written,
            1 - round,
            "round {round}: one transition, one snapshot"
        );
    }
    let after = seen(&app).await;
    assert_eq!(after.history.len(), before.history.len() + 1);
    assert_eq!(after.stored(), "NO_GO");
    assert_eq!(after.no_go, ["checkout"]);
}
