//! The background verification queue: replicas claim disjoint due jobs, leases expire,
//! completed jobs wait for their next due time, archived services leave the queue.

use crate::dual_test;
use crate::helpers::TestApp;
use chrono::Duration;
use std::collections::BTreeSet;

dual_test!(
    replicas_claim_disjoint_jobs,
    leases_expire_and_jobs_reschedule
);

async fn seed(app: &TestApp, n: usize) {
    app.seed_team("ops").await;
    for i in 0..n {
        app.seed_service(&format!("svc-{i:02}"), "ops", "TIER2")
            .await;
    }
}

fn slugs(jobs: &[orrery::services::verification::jobs::ClaimedJob]) -> BTreeSet<String> {
    jobs.iter().map(|j| j.slug.clone()).collect()
}

async fn replicas_claim_disjoint_jobs(app: TestApp) {
    seed(&app, 12).await;
    let s = &app.services;
    assert_eq!(s.sync_verification_jobs().await.unwrap(), 12);
    assert_eq!(
        s.sync_verification_jobs().await.unwrap(),
        0,
        "sync is idempotent"
    );

    // Two replicas claim concurrently, a few at a time, until the queue is drained.
    let lease = Duration::minutes(10);
    let drain = |owner: &'static str| {
        let s = s.clone();
        async move {
            let mut mine = Vec::new();
            loop {
                let jobs = s.claim_verification_jobs(owner, 2, lease).await.unwrap();
                if jobs.is_empty() {
                    return mine;
                }
                mine.extend(jobs);
                tokio::task::yield_now().await;
            }
        }
    };
    let (a, b) = tokio::join!(tokio::spawn(drain("a")), tokio::spawn(drain("b")));
    let (a, b) = (slugs(&a.unwrap()), slugs(&b.unwrap()));
    assert!(a.is_disjoint(&b), "no job is claimed twice: {a:?} / {b:?}");
    assert_eq!(a.len() + b.len(), 12, "every job is claimed: {a:?} / {b:?}");
    assert!(
        s.claim_verification_jobs("c", 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "leased jobs are not handed out again"
    );
}

async fn leases_expire_and_jobs_reschedule(app: TestApp) {
    seed(&app, 3).await;
    let s = &app.services;
    s.sync_verification_jobs().await.unwrap();

    // A replica that dies holding jobs: its (already expired) lease lets another take over.
    let dead = s
        .claim_verification_jobs("dead", 10, Duration::seconds(-1))
        .await
        .unwrap();
    assert_eq!(dead.len(), 3);
    let live = s
        .claim_verification_jobs("live", 10, Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(slugs(&live), slugs(&dead));

    // Completing: only the lease holder may, and the job waits for its next due time.
    let job = &live[0];
    let later = s.now() + Duration::hours(1);
    assert!(
        !s.complete_verification_job("dead", job.service_id, later, None)
            .await
            .unwrap(),
        "a replica whose lease was taken over cannot complete the job"
    );
    assert!(
        s.complete_verification_job("live", job.service_id, later, Some("unreachable"))
            .await
            .unwrap()
    );
    let soon = s.now() - Duration::seconds(1);
    for other in &live[1..] {
        assert!(
            s.complete_verification_job("live", other.service_id, soon, None)
                .await
                .unwrap()
        );
    }
    let again = s
        .claim_verification_jobs("next", 10, Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(
        slugs(&again),
        slugs(&live[1..]),
        "the job due in an hour is not claimed yet"
    );

    // Archiving a service removes its job.
    app.ok(
        "mutation { archiveService(slug: \"svc-01\", expectedVersion: 1) { slug } }",
        serde_json::json!({}),
    )
    .await;
    s.sync_verification_jobs().await.unwrap();
    use orrery::store::entities::{service, verification_job};
    use sea_orm::EntityTrait;
    let queued: BTreeSet<i64> = verification_job::Entity::find()
        .all(s.db.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.service_id)
        .collect();
    let services = service::Entity::find().all(s.db.conn()).await.unwrap();
    for svc in services {
        assert_eq!(
            queued.contains(&svc.id),
            svc.archived_at.is_none(),
            "{} is queued exactly when active",
            svc.slug
        );
    }
}
