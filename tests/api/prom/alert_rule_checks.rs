//! `prometheus.alert_rule` against a real Prometheus with the fixture rule files.

use super::checks::{alert_rule, assert_outcome, check, checkout, scenario, service};
use orrery::domain::template::CheckSpec;
use orrery::verify::CheckOutcome;
use std::collections::BTreeMap;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prom_alert_rule_checks() {
    let s = scenario().await;
    let svc = checkout();

    // Present, healthy, annotated, expression uses the service's selector.
    let r = check(&s, &alert_rule(&["summary", "runbook_url"], None), &svc).await;
    assert_outcome(
        &r,
        CheckOutcome::Pass,
        "CheckoutHighErrorRate (checkout-alerts.yml, group checkout)",
    );
    let labels = CheckSpec::PrometheusAlertRule {
        labels: Some(BTreeMap::from([
            ("severity".to_owned(), "page".to_owned()),
            ("team".to_owned(), "{{slug}}".to_owned()),
        ])),
        annotations: None,
        expr_pattern: Some("orrery_test_requests_total".into()),
    };
    assert_outcome(
        &check(&s, &labels, &svc).await,
        CheckOutcome::Pass,
        "CheckoutHighErrorRate",
    );

    // The queue alert exists but has no runbook link.
    let r = check(&s, &alert_rule(&["runbook_url"], Some("queue")), &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "annotation runbook_url is missing");
    let queue = r.evidence.observed["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "CheckoutQueueBacklog")
        .unwrap();
    assert_eq!(queue["satisfies"], false);
    assert_eq!(queue["file"], "checkout-alerts.yml");

    // CartDown belongs to job cart in shop, not to cart in another namespace, nor to checkout.
    let cart = service("cart", Some("cart"), Some("shop"));
    let up_rule = alert_rule(&["runbook_url"], Some(r"^up\{"));
    assert_outcome(
        &check(&s, &up_rule, &cart).await,
        CheckOutcome::Pass,
        "CartDown",
    );
    let staging = service("cart", Some("cart"), Some("shop-staging"));
    let r = check(&s, &up_rule, &staging).await;
    assert_outcome(
        &r,
        CheckOutcome::Fail,
        "No loaded alerting rule belongs to the service",
    );
    assert!(r.evidence.summary.contains("CartDown"), "{r:#?}");
    let r = check(&s, &up_rule, &svc).await;
    assert_outcome(&r, CheckOutcome::Fail, "expression does not match");

    // Payments' rule names no job but carries `service: payments`.
    let payments = service("payments", None, None);
    let r = check(&s, &alert_rule(&["runbook_url"], None), &payments).await;
    assert_outcome(&r, CheckOutcome::Pass, "PaymentsErrorBudgetBurn");
    let r = check(&s, &alert_rule(&[], None), &service("nobody", None, None)).await;
    assert_outcome(&r, CheckOutcome::Fail, "no monitoring selector");

    // Ledger's rule fails at every evaluation; checkout's weekly rule has not run yet.
    let ledger = service("ledger", Some("ledger"), Some("shop"));
    let r = check(&s, &alert_rule(&["summary"], None), &ledger).await;
    assert_outcome(&r, CheckOutcome::Fail, "LedgerBroken");
    assert!(r.evidence.summary.contains("fails to evaluate"), "{r:#?}");
    assert!(r.evidence.summary.contains("matching"), "{r:#?}");
    let r = check(&s, &alert_rule(&["summary"], Some("weekly")), &svc).await;
    assert_outcome(&r, CheckOutcome::Error, "CheckoutWeeklyReport");
    assert!(
        r.evidence.summary.contains("not been evaluated yet"),
        "{r:#?}"
    );
}
