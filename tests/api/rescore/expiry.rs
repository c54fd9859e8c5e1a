//! A waiver expiring with nobody writing: a re-scoring pass records the new gate (once), and
//! the scheduler runs that pass at the expiry.

use super::{gates, newest_audit_event, seed, seen};
use crate::auth::harness::MovableClock;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use crate::web::html::{get, text};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use orrery::config::SourceArgs;
use orrery::services::SystemClock;
use std::sync::Arc;

dual_backend_test!(
    passing_the_expiry_moves_history_counts_and_filter,
    the_scheduler_rescores_at_the_expiry
);

fn slugs(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| (*s).to_owned()).collect()
}

/// Within a millisecond (databases keep microseconds at most).
fn close(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).abs() < Duration::milliseconds(1)
}

async fn passing_the_expiry_moves_history_counts_and_filter(backend: Backend) {
    let clock = Arc::new(MovableClock::default());
    let app =
        TestApp::spawn_configured(backend, SourceArgs::default(), &|_| {}, clock.clone()).await;
    let expires = (Utc::now() + Duration::days(2)).trunc_subsecs(0);
    seed(&app, expires).await;

    let before = seen(&app).await;
    assert_eq!(before.live, "GO_WITH_CONDITIONS");
    assert_eq!(before.stored(), "GO_WITH_CONDITIONS");
    assert_eq!(
        (&before.go, &before.conditions, &before.no_go),
        (&slugs(&["ledger"]), &slugs(&["checkout"]), &slugs(&[]))
    );
    assert_eq!(gates(&app).await, (1, 1, 0));
    let pass = app.services.rescore_all().await.unwrap();
    assert_eq!(
        (pass.scored, pass.written),
        (2, 0),
        "nothing has changed yet"
    );
    assert_eq!(
        pass.next_change,
        Some(expires),
        "the waiver's expiry is next"
    );
    assert_eq!(app.services.rescore_timer().next(), Some(expires));
    let audit = newest_audit_event(&app).await;
    let (_, html) = get(&app, "/").await;
    assert!(text(&html).contains("0 NO-GO"), "{}", text(&html));

    clock.advance(Duration::days(2) + Duration::minutes(1));
    // Time alone moved the live scorecard; what is stored still says what it said.
    let unrecorded = seen(&app).await;
    assert_eq!(unrecorded.live, "NO_GO");
    assert_eq!(unrecorded.history, before.history);
    assert!(unrecorded.no_go.is_empty());

    let pass = app.services.rescore_all().await.unwrap();
    assert_eq!((pass.scored, pass.written), (2, 1), "{pass:?}");
    assert_eq!(pass.next_change, None, "nothing else changes with time");
    let after = seen(&app).await;
    assert_eq!(after.live, "NO_GO");
    assert_eq!(after.history.len(), before.history.len() + 1);
    let (gate, at) = after.history.last().unwrap();
    assert_eq!(gate, "NO_GO");
    assert!(
        close(*at, pass.at),
        "snapshot taken at {at}, pass at {}",
        pass.at
    );
    assert!(*at > expires);
    assert_eq!(
        (&after.go, &after.conditions, &after.no_go),
        (&slugs(&["ledger"]), &slugs(&[]), &slugs(&["checkout"]))
    );
    assert_eq!(gates(&app).await, (1, 0, 1));
    let (_, html) = get(&app, "/?gate=NO_GO").await;
    let page = text(&html);
    assert!(page.contains("1 NO-GO"), "{page}");
    assert!(html.contains("href=\"/services/checkout\""));
    assert!(!html.contains("href=\"/services/ledger\""));
    assert_eq!(
        newest_audit_event(&app).await,
        audit,
        "nobody changed anything"
    );

    // Idempotent: the same state again writes nothing, at a later instant or the same one.
    let again = app.services.rescore_all().await.unwrap();
    assert_eq!((again.scored, again.written), (2, 0));
    clock.advance(Duration::hours(1));
    assert_eq!(app.services.rescore_all().await.unwrap().written, 0);
    assert_eq!(seen(&app).await.history, after.history);
}

async fn the_scheduler_rescores_at_the_expiry(backend: Backend) {
    let app = TestApp::spawn_configured(
        backend,
        SourceArgs::default(),
        &|args| args.rescore_interval_secs = 3600,
        Arc::new(SystemClock),
    )
    .await;
    // Soon enough to wait for, late enough for the seeding to finish first.
    let expires = (Utc::now() + Duration::seconds(8)).trunc_subsecs(0);
    seed(&app, expires).await;
    let before = seen(&app).await;
    assert_eq!(
        before.stored(),
        "GO_WITH_CONDITIONS",
        "seeding took too long"
    );

    // No request is made while waiting: only the scheduler can record the expiry.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
    let at = loop {
        let snapshots = app
            .services
            .snapshots_between(&[checkout_id(&app).await], None, None)
            .await
            .unwrap();
        let last = snapshots.values().flatten().last().cloned().unwrap();
        if last.gate.as_str() == "NO_GO" {
            break last.taken_at;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the expiry of {expires} was not recorded: {last:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(
        at >= expires,
        "recorded at {at}, before the expiry {expires}"
    );
    assert!(
        at < expires + Duration::seconds(10),
        "recorded late, at {at}"
    );
    let after = seen(&app).await;
    assert_eq!(after.history.len(), before.history.len() + 1);
    assert_eq!(after.no_go, slugs(&["checkout"]));
    assert_eq!(gates(&app).await, (1, 0, 1));
}

/// The id of `checkout`.
async fn checkout_id(app: &TestApp) -> i64 {
    app.services.service("checkout").await.unwrap().id
}
