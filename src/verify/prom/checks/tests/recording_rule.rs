//! `prometheus.recording_rule`: rules named like a start-anchored pattern.

use super::*;

#[tokio::test]
async fn recording_rule_by_start_anchored_name() {
    let f = Fake {
        rules: vec![
            RuleGroup {
                name: "sloth-slo-sli-recordings-checkout".into(),
                file: "slo.yml".into(),
                rules: vec![
                    rule(RuleKind::Recording, "slo:sli_error:ratio_rate5m", "x"),
                    rule(RuleKind::Recording, "slo:sli_error:ratio_rate30m", "x"),
                ],
            },
            RuleGroup {
                name: "other".into(),
                file: "other.yml".into(),
                rules: vec![
                    alert("sli_error_alert", "x", &[]),
                    Rule {
                        health: "err".into(),
                        last_error: Some("boom".into()),
                        ..rule(RuleKind::Recording, "checkout:broken", "x")
                    },
                    Rule {
                        health: "unknown".into(),
                        ..rule(RuleKind::Recording, "checkout:pending", "x")
                    },
                ],
            },
        ],
        ..Fake::default()
    };
    let spec = |name: &str| CheckSpec::PrometheusRecordingRule { name: name.into() };
    let r = run(&spec("^slo:sli_error:ratio_rate"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Pass, "{r:?}");
    assert!(
        r.evidence
            .summary
            .contains("slo:sli_error:ratio_rate5m (slo.yml, group sloth-slo-sli-recordings-checkout) and 1 more"),
        "{r:?}"
    );
    assert_eq!(r.evidence.observed["matched"][0]["file"], "slo.yml");
    // Anchored at the start: a name in the middle does not match, and alerts never do.
    let r = run(&spec("sli_error"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(
        r.evidence.summary.contains("No loaded recording rule"),
        "{r:?}"
    );
    let r = run(&spec("{{slug}}:broken"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Fail);
    assert!(r.evidence.summary.contains("boom"), "{r:?}");
    let r = run(&spec("{{slug}}:pending"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    let r = run(&spec("[oops"), &f).await;
    assert_eq!(r.outcome, CheckOutcome::Error);
    assert_eq!(r.evidence.observed["kind"], "prometheus.recording_rule");
}
