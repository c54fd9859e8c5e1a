//! Template loading rules against the shipped schema and template.

use super::{PerTier, Severity, TemplateSchema};
use crate::domain::catalog::Tier;

const SCHEMA: &str = include_str!("../../../checklists/schema.json");
const STANDARD: &str = include_str!("../../../checklists/orr-standard.yaml");

fn schema() -> TemplateSchema {
    TemplateSchema::compile(SCHEMA).expect("shipped schema compiles")
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn shipped_template_is_valid_and_complete() {
    let t = schema().parse("orr-standard.yaml", STANDARD).unwrap();
    assert_eq!(t.key, "orr-standard");
    let keys: Vec<_> = t.categories.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "ownership",
            "observability",
            "incident_response",
            "resilience",
            "capacity",
            "change_management",
            "security",
            "data_recovery"
        ]
    );
    let items = t.items().count();
    assert!((55..=80).contains(&items), "about 60 items, got {items}");
    assert!(t.items().filter(|(_, i)| i.check.is_some()).count() >= 25);
    assert!(t.items().any(|(_, i)| i.severity == Severity::Blocker));
    assert_eq!(t.level_name(1), Some("Bronze"));
    assert_eq!(
        t.signoffs.get(Tier::Tier1),
        &["service_owner", "sre", "security"]
    );
    assert!(*t.thresholds.get(Tier::Tier1) > *t.thresholds.get(Tier::Tier4));
    assert!(
        t.items()
            .all(|(c, i)| i.key.starts_with(&format!("{}.", c.key)))
    );
}

#[test]
fn schema_errors_name_line_column_and_rule() {
    let bad = STANDARD.replacen("severity: blocker", "severity: critical", 1);
    let err = schema().parse("x.yaml", &bad).unwrap_err();
    let issue = &err.issues[0];
    assert_eq!(issue.rule, "enum");
    assert_eq!(issue.line, Some(line_of(&bad, "severity: critical")));
    assert_eq!(issue.column, Some(19));
    assert!(
        err.to_string()
            .starts_with(&format!("x.yaml:{}:19: ", issue.line.unwrap())),
        "{err}"
    );
}

#[test]
fn unknown_fields_and_missing_fields_are_rejected() {
    let unknown = STANDARD.replacen("    items:\n", "    colour: red\n    items:\n", 1);
    let err = schema().parse("x.yaml", &unknown).unwrap_err();
    assert!(
        err.issues.iter().any(|i| i.rule == "additionalProperties"),
        "{err}"
    );
    let missing = STANDARD.replacen("key: orr-standard", "", 1);
    let err = schema().parse("x.yaml", &missing).unwrap_err();
    assert!(err.issues.iter().any(|i| i.rule == "required"), "{err}");
}

#[test]
fn syntax_errors_have_positions() {
    let err = schema()
        .parse("x.yaml", "key: [unclosed\nname: x\n")
        .unwrap_err();
    assert_eq!(err.issues[0].rule, "yaml");
    assert!(
        err.issues[0].line.is_some() && err.issues[0].column.is_some(),
        "{err}"
    );
}

#[test]
fn semantic_rules() {
    let s = schema();
    let dup_key = {
        let first = STANDARD
            .lines()
            .find(|l| l.trim_start().starts_with("- key: ownership."))
            .unwrap()
            .trim();
        let second = STANDARD
            .lines()
            .filter(|l| l.trim_start().starts_with("- key: ownership."))
            .nth(1)
            .unwrap();
        STANDARD.replacen(second, &second.replace(second.trim(), first), 1)
    };
    let err = s.parse("x.yaml", &dup_key).unwrap_err();
    assert!(
        err.issues.iter().any(|i| i.rule == "unique-item-key"),
        "{err}"
    );

    let wrong_prefix =
        STANDARD.replacen("key: ownership.owner", "key: security.owner-elsewhere", 1);
    let err = s.parse("x.yaml", &wrong_prefix).unwrap_err();
    assert_eq!(err.issues[0].rule, "item-key-prefix");
    assert_eq!(
        err.issues[0].line,
        Some(line_of(&wrong_prefix, "security.owner-elsewhere"))
    );

    let undeclared = STANDARD.replacen("        level: 1\n", "        level: 4\n", 1);
    let err = s.parse("x.yaml", &undeclared).unwrap_err();
    assert!(
        err.issues.iter().any(|i| i.rule == "declared-level"),
        "{err}"
    );
}

#[test]
fn per_tier_lookup() {
    let p = PerTier {
        tier1: 1,
        tier2: 2,
        tier3: 3,
        tier4: 4,
    };
    assert_eq!(
        Tier::ALL.iter().map(|t| *p.get(*t)).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
}

#[test]
fn content_hash_ignores_formatting_but_not_content() {
    let s = schema();
    let a = s.parse("a", STANDARD).unwrap();
    let b = s.parse("b", &format!("# comment\n{STANDARD}")).unwrap();
    let c = s
        .parse("c", &STANDARD.replacen("weight: 10", "weight: 9", 1))
        .unwrap();
    assert_eq!(a.content_hash(), b.content_hash());
    assert_ne!(a.content_hash(), c.content_hash());
}
