//! The weekly digest: posted once per period to an incoming webhook however many callers race
//! for it, retried after a failure (at most three posts), skipped once past its grace, and
//! saying what changed in the week without ever repeating the webhook's address.

use super::fixture::seed;
use crate::auth::harness::MovableClock;
use crate::dual_backend_test;
use crate::helpers::{Backend, TestApp};
use chrono::{Duration, Utc};
use orrery::config::SourceArgs;
use orrery::domain::digest::DigestSchedule;
use orrery::export::digest::{DigestOutcome, IncomingWebhook, send_due};
use orrery::graphql::build_schema;
use serde_json::Value;
use std::sync::Arc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

dual_backend_test!(the_digest_goes_out_once_per_period_and_says_what_changed);

async fn the_digest_goes_out_once_per_period_and_says_what_changed(backend: Backend) {
    let clock = Arc::new(MovableClock::default());
    let app =
        TestApp::spawn_configured(backend, SourceArgs::default(), &|_| {}, clock.clone()).await;
    let t0 = Utc::now();
    seed(&app, t0).await;
    let schema = build_schema(Some(app.services.clone()));
    let schedule: DigestSchedule = "mon 09:00".parse().unwrap();
    // The first scheduled instant after the portfolio was built: its week holds every change.
    let period = schedule.latest_period(t0 + Duration::weeks(1));
    assert!(period.start <= t0 && t0 < period.end);
    let now = period.end + Duration::hours(1);
    clock.advance(now - Utc::now());

    let hook = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks/T000/B000/secret"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&hook)
        .await;
    let url = format!("{}/hooks/T000/B000/secret", hook.uri());
    let sink = IncomingWebhook::new(&url).unwrap();
    let base = Some("https://orrery.example".to_owned());

    // Two replicas notice the digest is due at the same moment: one posts it.
    let (a, b) = tokio::join!(
        send_due(&schema, &app.services, &sink, &schedule, base.clone(), now),
        send_due(&schema, &app.services, &sink, &schedule, base.clone(), now),
    );
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|o| matches!(o, DigestOutcome::Sent(_)));
    assert_eq!(
        outcomes,
        [DigestOutcome::Handled, DigestOutcome::Sent(period)]
    );
    // A later look (the next recheck) does not post it again.
    let again = send_due(
        &schema,
        &app.services,
        &sink,
        &schedule,
        base.clone(),
        now + Duration::minutes(5),
    );
    assert_eq!(again.await.unwrap(), DigestOutcome::Handled);
    let record = app.services.digest_record(period).await.unwrap().unwrap();
    assert_eq!((record.state.as_str(), record.attempts), ("sent", 1));

    let received = hook.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    let text = body["text"].as_str().unwrap();
    assert!(text.starts_with("# Orrery weekly digest: "), "{text}");
    assert!(
        text.contains("**4 services**: 1 GO · 1 GO with conditions · 2 NO-GO"),
        "{text}"
    );
    assert!(text.contains("## Approved over NO-GO this week"), "{text}");
    assert!(
        text.contains("[billing](https://orrery.example/services/billing) by dave"),
        "{text}"
    );
    assert!(text.contains("## Score changes this week"), "{text}");
    assert!(text.contains("`sec.scan`"), "ledger's waiver: {text}");
    hook.verify().await;

    // The next week the webhook fails: recorded without its address, retried, given up
    // after three posts.
    let hook2 = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(3)
        .mount(&hook2)
        .await;
    let failing = IncomingWebhook::new(&format!("{}/hooks/secret-path", hook2.uri())).unwrap();
    let week2 = schedule.latest_period(now + Duration::weeks(1));
    let later = week2.end + Duration::minutes(1);
    clock.advance(later - app.services.now());
    for attempt in 1..=3 {
        let at = later + Duration::minutes(5 * attempt);
        let outcome = send_due(&schema, &app.services, &failing, &schedule, None, at)
            .await
            .unwrap();
        assert!(
            matches!(outcome, DigestOutcome::Failed(p, _) if p == week2),
            "{outcome:?}"
        );
        let r = app.services.digest_record(week2).await.unwrap().unwrap();
        assert_eq!((r.state.as_str(), r.attempts), ("failed", attempt as i32));
        let error = r.error.unwrap();
        assert!(error.contains("500"), "{error}");
        assert!(
            !error.contains("secret-path") && !error.contains(&hook2.uri()),
            "{error}"
        );
    }
    let given_up = send_due(
        &schema,
        &app.services,
        &failing,
        &schedule,
        None,
        later + Duration::hours(1),
    );
    assert_eq!(given_up.await.unwrap(), DigestOutcome::Handled);
    hook2.verify().await;

    // A period more than a day past its instant is not posted late.
    let stale = week2.end + Duration::hours(25);
    let outcome = send_due(&schema, &app.services, &sink, &schedule, None, stale)
        .await
        .unwrap();
    assert_eq!(outcome, DigestOutcome::NotDue);
}

#[test]
fn a_webhook_url_must_be_http_and_is_never_echoed() {
    for bad in [
        "ftp://hooks.example/x",
        "not a url",
        "https://",
        "mailto:ops@example.com",
    ] {
        let e = IncomingWebhook::new(bad).err().unwrap();
        assert!(!e.contains(bad), "{e}");
    }
}
