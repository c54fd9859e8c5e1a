//! `prometheus.target_up` and `prometheus.recording_rule` against a real Prometheus.

use super::checks::{assert_outcome, check, checkout, scenario, service};
use orrery::domain::catalog::Monitoring;
use orrery::domain::template::CheckSpec;
use orrery::verify::CheckOutcome;
use orrery::verify::placeholders::ServiceFields;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_target_up_and_recording_rule_checks() {
    let s = scenario().await;
    let up = |min| CheckSpec::PrometheusTargetUp { min_up_ratio: min };

    let r = check(&s, &up(None), &checkout()).await;
    assert_outcome(
        &r,
        CheckOutcome::Pass,
        r#"1 of 1 scrape targets matching job="checkout",namespace="shop" are up"#,
    );
    assert_eq!(
        r.evidence.observed["targets"][0]["scrape_url"],
        format!("http://{}/metrics", s.exporter.address())
    );

    let ledger = service("ledger", Some("ledger"), Some("shop"));
    let r = check(&s, &up(None), &ledger).await;
    assert_outcome(&r, CheckOutcome::Fail, "0 of 1 scrape targets");
    assert!(r.evidence.summary.contains(&s.closed), "{r:#?}");
    assert!(r.evidence.summary.contains("connection refused"), "{r:#?}");
    assert_eq!(
        r.evidence.observed["down_targets"][0]["scrape_url"],
        format!("http://{}/metrics", s.closed)
    );

    let payments = service("payments", Some("payments"), Some("shop"));
    assert_outcome(
        &check(&s, &up(None), &payments).await,
        CheckOutcome::Fail,
        "1 of 2",
    );
    assert_outcome(
        &check(&s, &up(Some(0.5)), &payments).await,
        CheckOutcome::Pass,
        "1 of 2",
    );
    // Regex matchers from the service's extra matchers.
    let regex = ServiceFields::new(
        "shop",
        &Monitoring {
            job: None,
            namespace: Some("shop".into()),
            matchers: vec![r#"job=~"check.*|cart""#.into()],
        },
    );
    assert_outcome(
        &check(&s, &up(None), &regex).await,
        CheckOutcome::Pass,
        "2 of 2",
    );
    let nobody = service("nobody", Some("nobody"), Some("shop"));
    assert_outcome(
        &check(&s, &up(None), &nobody).await,
        CheckOutcome::Fail,
        r#"No scrape targets match job="nobody",namespace="shop""#,
    );

    let rec = |name: &str| CheckSpec::PrometheusRecordingRule { name: name.into() };
    let r = check(&s, &rec("{{slug}}:requests:"), &checkout()).await;
    assert_outcome(
        &r,
        CheckOutcome::Pass,
        "checkout:requests:rate1m (checkout-alerts.yml, group checkout)",
    );
    assert_eq!(
        r.evidence.observed["matched"][0]["file"],
        "checkout-alerts.yml"
    );
    assert_outcome(
        &check(&s, &rec("{{slug}}:latency:"), &checkout()).await,
        CheckOutcome::Fail,
        "No loaded recording rule is named like `checkout:latency:`",
    );
    assert_outcome(
        &check(&s, &rec("ledger:broken"), &ledger).await,
        CheckOutcome::Fail,
        "fails to evaluate",
    );
    assert_outcome(
        &check(&s, &rec("{{slug}}:weekly"), &checkout()).await,
        CheckOutcome::Error,
        "not been evaluated yet",
    );
}
