//! `prometheus.target_up`: the service's scrape targets and the required share up.

use super::*;

fn target(url: &str, labels: &[(&str, &str)], health: &str, error: Option<&str>) -> Target {
    Target {
        labels: map(labels),
        scrape_url: url.into(),
        health: health.into(),
        last_error: error.map(str::to_owned),
    }
}

fn with_targets(targets: Vec<Target>) -> Fake {
    Fake {
        targets,
        ..Fake::default()
    }
}

#[tokio::test]
async fn target_up_counts_the_services_targets() {
    let ours = [("job", "checkout"), ("namespace", "shop")];
    let f = with_targets(vec![
        target("http://a/metrics", &ours, "up", None),
        target(
            "http://b/metrics",
            &ours,
            "down",
            Some("connection refused"),
        ),
        target(
            "http://c/metrics",
            &[("job", "cart"), ("namespace", "shop")],
            "down",
            None,
        ),
    ]);
    let up = |ratio| CheckSpec::PrometheusTargetUp {
        min_up_ratio: ratio,
    };
    let r = run(&up(None), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("1 of 2 scrape targets"),
        "{r:?}"
    );
    assert!(
        r.evidence
            .summary
            .contains("http://b/metrics (connection refused)"),
        "{r:?}"
    );
    assert_eq!(
        r.evidence.observed["down_targets"][0]["last_error"],
        "connection refused"
    );
    let r = run(&up(Some(0.5)), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert_eq!(r.evidence.observed["up_ratio"], 0.5);

    // Regex and negative matchers, anchored.
    for (selector, matched) in [
        (r#"job=~"check.*""#, 2),
        (r#"job=~"heck""#, 0),
        (r#"job!="checkout""#, 1),
        (r#"job!~"c.*""#, 0),
        (r#"namespace="shop""#, 3),
    ] {
        let fs = ServiceFields {
            selector: Some(selector.into()),
            ..fields()
        };
        let r = run_prom_check(&up(Some(0.0)), &fs, &f).await;
        assert_eq!(r.evidence.observed["matched"], matched, "{selector}: {r:?}");
        if matched == 0 {
            assert_eq!(r.outcome, CheckOutcome::Fail);
            assert!(
                r.evidence.summary.starts_with("No scrape targets match"),
                "{r:?}"
            );
        }
    }
}

#[tokio::test]
async fn target_up_unknown_targets_an_invalid_ratio_and_no_selector() {
    let ours = [("job", "checkout"), ("namespace", "shop")];
    let f = with_targets(vec![
        target("http://a/metrics", &ours, "up", None),
        target("http://b/metrics", &ours, "unknown", None),
    ]);
    let r = run(&CheckSpec::PrometheusTargetUp { min_up_ratio: None }, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error, "{r:?}");
    assert!(r.evidence.summary.contains("not scraped yet"), "{r:?}");
    let r = run(
        &CheckSpec::PrometheusTargetUp {
            min_up_ratio: Some(1.5),
        },
        &f,
    )
    .await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert!(r.evidence.summary.contains("between 0 and 1"), "{r:?}");
    let bare = ServiceFields {
        selector: None,
        ..fields()
    };
    let spec = CheckSpec::PrometheusTargetUp { min_up_ratio: None };
    let r = run_prom_check(&spec, &bare, &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("no monitoring selector"),
        "{r:?}"
    );
}
