//! Parsing the rules and targets endpoints' answers into rule groups and active targets.

use crate::verify::prom::response::*;
use crate::verify::prom::source::RuleKind;
use serde_json::{Value, json};

/// Trimmed from a real Prometheus 2.42 answer.
fn rules_answer() -> Value {
    json!({"groups": [
        {"name": "g1", "file": "alerts.yml", "interval": 1, "rules": [
            {"state": "inactive", "name": "A1", "query": "up{job=\"prometheus\"} == 0",
             "duration": 0, "labels": {"severity": "page"},
             "annotations": {"runbook_url": "http://r", "summary": "x"}, "alerts": [],
             "health": "ok", "evaluationTime": 0.0009, "lastEvaluation": "2026-11-23T18:28:01Z",
             "type": "alerting"},
            {"name": "job:up:sum", "query": "sum by (job) (up)", "health": "ok",
             "lastError": "", "type": "recording"},
            {"state": "inactive", "name": "Err1", "query": "x + on () y", "labels": {},
             "annotations": {}, "health": "err",
             "lastError": "multiple matches for labels: many-to-one matching must be explicit",
             "type": "alerting"},
        ]},
        {"name": "slow", "file": "slow.yml", "rules": [
            {"name": "slow:rule", "query": "vector(1)", "health": "unknown",
             "lastEvaluation": "0001-01-01T00:00:00Z", "type": "recording"},
        ]},
        {"name": "empty", "file": "e.yml", "rules": null},
    ]})
}

#[test]
fn parses_rule_groups() {
    let groups = parse_rules_data(rules_answer()).unwrap();
    assert_eq!(groups.len(), 3);
    assert_eq!(
        (groups[0].name.as_str(), groups[0].file.as_str()),
        ("g1", "alerts.yml")
    );
    let a1 = &groups[0].rules[0];
    assert_eq!(a1.kind, RuleKind::Alerting);
    assert_eq!(a1.labels["severity"], "page");
    assert_eq!(a1.annotations["runbook_url"], "http://r");
    assert_eq!((a1.health.as_str(), a1.last_error.as_deref()), ("ok", None));
    let rec = &groups[0].rules[1];
    assert_eq!(rec.kind, RuleKind::Recording);
    assert!(rec.labels.is_empty() && rec.annotations.is_empty());
    assert_eq!(rec.last_error, None, "an empty lastError is no error");
    assert_eq!(groups[0].rules[2].health, "err");
    assert!(
        groups[0].rules[2]
            .last_error
            .as_deref()
            .unwrap()
            .contains("many-to-one")
    );
    assert_eq!(groups[1].rules[0].health, "unknown");
    assert!(groups[2].rules.is_empty());
    assert!(
        parse_rules_data(json!({"groups": null}))
            .unwrap()
            .is_empty()
    );

    let odd = json!({"groups": [{"name": "g", "file": "f", "rules": [
        {"name": "r", "query": "1", "health": "ok", "type": "weird"}]}]});
    assert!(
        parse_rules_data(odd)
            .unwrap_err()
            .contains("unknown type `weird`")
    );
}

#[test]
fn parses_active_targets() {
    let data = json!({"activeTargets": [
        {"discoveredLabels": {"__address__": "127.0.0.1:1"},
         "labels": {"instance": "127.0.0.1:1", "job": "dead", "namespace": "shop"},
         "scrapePool": "dead", "scrapeUrl": "http://127.0.0.1:1/metrics",
         "lastError": "Get \"http://127.0.0.1:1/metrics\": dial tcp 127.0.0.1:1: connect: connection refused",
         "health": "down"},
        {"labels": {"instance": "127.0.0.1:9090", "job": "prometheus"},
         "scrapeUrl": "http://127.0.0.1:9090/metrics", "lastError": "", "health": "up"},
    ], "droppedTargets": []});
    let targets = parse_targets_data(data).unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0].labels["namespace"], "shop");
    assert_eq!(targets[0].health, "down");
    assert!(
        targets[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("connection refused")
    );
    assert_eq!(targets[1].last_error, None);
    assert!(parse_targets_data(json!({})).unwrap().is_empty());
}
