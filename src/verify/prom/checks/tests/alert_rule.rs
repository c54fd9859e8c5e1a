//! `prometheus.alert_rule`: which rules belong to the service, requirements and health.

use super::*;

#[tokio::test]
async fn alert_rule_belongs_by_selector_or_service_label() {
    let ours = alert(
        "CheckoutDown",
        r#"up{namespace = "shop", job="checkout"} == 0"#,
        &[("summary", "down"), ("runbook_url", "https://r")],
    );
    let f = with_rules(vec![ours.clone()]);
    let spec = alert_spec(&[], &["summary", "runbook_url"], None);
    let r = run(&spec, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert!(
        r.evidence.summary.contains("CheckoutDown (alerts.yml"),
        "{r:?}"
    );
    assert_eq!(
        r.evidence.observed["candidates"][0]["belongs_by"],
        "selector in expression"
    );
    assert_eq!(r.evidence.observed["candidates"][0]["satisfies"], true);

    // Another job's rule does not count.
    let theirs = alert(
        "CartDown",
        r#"up{job="cart",namespace="shop"} == 0"#,
        &[("summary", "down"), ("runbook_url", "https://r")],
    );
    let f = with_rules(vec![theirs.clone()]);
    let r = run(&spec, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("No loaded alerting rule belongs"),
        "{r:?}"
    );
    assert!(r.evidence.summary.contains("CartDown"), "{r:?}");

    // ...unless it carries `service: <slug>`.
    let labelled = Rule {
        labels: map(&[("service", "checkout")]),
        ..theirs
    };
    let r = run(&spec, &with_rules(vec![labelled.clone()])).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(
        r.evidence.observed["candidates"][0]["belongs_by"],
        "service label"
    );

    // Without a selector only the label can tie a rule to the service.
    let bare = ServiceFields {
        job: None,
        namespace: None,
        selector: None,
        ..fields()
    };
    let r = run_prom_check(&spec, &bare, &with_rules(vec![ours])).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("no monitoring selector"),
        "{r:?}"
    );
    let r = run_prom_check(&spec, &bare, &with_rules(vec![labelled])).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
}

#[tokio::test]
async fn alert_rule_requires_labels_annotations_and_pattern() {
    let expr = r#"rate(errors_total{job="checkout",namespace="shop"}[5m]) > 1"#;
    let mut r1 = alert(
        "HighErrors",
        expr,
        &[("summary", "s"), ("runbook_url", " ")],
    );
    r1.labels = map(&[("severity", "ticket"), ("team", "checkout")]);
    let f = with_rules(vec![r1.clone()]);

    let r = run(&alert_spec(&[], &["summary", "runbook_url"], None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("annotation runbook_url is empty"),
        "{r:?}"
    );
    let r = run(&alert_spec(&[], &["description"], None), &f).await;
    assert!(
        r.evidence
            .summary
            .contains("annotation description is missing"),
        "{r:?}"
    );

    let r = run(&alert_spec(&[("severity", "page")], &[], None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains(r#"label severity is "ticket", not "page""#),
        "{r:?}"
    );
    // Label values are filled from the service.
    let r = run(&alert_spec(&[("team", "{{slug}}")], &["summary"], None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(r.evidence.observed["required_labels"]["team"], "checkout");

    let r = run(&alert_spec(&[], &[], Some("errors_total|latency")), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    let r = run(&alert_spec(&[], &[], Some("latency_seconds")), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence
            .summary
            .contains("does not match `latency_seconds`"),
        "{r:?}"
    );
    // A placeholder in a pattern stands for the literal value.
    let r = run(&alert_spec(&[], &[], Some(r#"job="{{job}}""#)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    let r = run(&alert_spec(&[], &[], Some("(")), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(
        r.evidence.summary.contains("Invalid regular expression"),
        "{r:?}"
    );
}

#[tokio::test]
async fn alert_rule_health_err_fails_and_unknown_is_an_error() {
    let expr = r#"up{job="checkout",namespace="shop"} == 0"#;
    let broken = Rule {
        health: "err".into(),
        last_error: Some("many-to-many matching not allowed".into()),
        ..alert("Broken", expr, &[("summary", "s")])
    };
    let pending = Rule {
        health: "unknown".into(),
        ..alert("Pending", expr, &[("summary", "s")])
    };
    let spec = alert_spec(&[], &["summary"], None);
    let r = run(&spec, &with_rules(vec![broken.clone()])).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains("Broken"), "{r:?}");
    assert!(r.evidence.summary.contains("many-to-many"), "{r:?}");
    let r = run(&spec, &with_rules(vec![broken.clone(), pending.clone()])).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{r:?}");
    assert!(
        r.evidence.summary.contains("not been evaluated yet"),
        "{r:?}"
    );
    let healthy = alert("Fine", expr, &[("summary", "s")]);
    let r = run(&spec, &with_rules(vec![broken, pending, healthy])).await;
    assert_eq!(r.outcome, CheckOutcome::Pass);
    assert!(r.evidence.summary.contains("Fine"), "{r:?}");
    assert_eq!(r.evidence.observed["candidate_count"], 3);
}
